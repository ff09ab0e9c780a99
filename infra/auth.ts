/**
 * Who may sign in: a Cognito user pool where only administrators create accounts, one group per role
 * (`secretariat`, `rppo-<CODE>`: the tenant comes only from these) and, optionally, the Secretariat's
 * first administrator (stateful stack); the managed login of the web pages, its domain and app client
 * (service stack, beside the API whose URL is the client's callback).
 */
import { Aws, Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolUser,
  CfnUserPoolUserToGroupAttachment,
  ClientAttributes,
  FeaturePlan,
  type IUserPool,
  type IUserPoolClient,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { rppoGroup, SECRETARIAT_GROUP } from '#domain/access.ts';
import { rppoCodes } from '#domain/rppos.ts';

/** Every group the handlers understand; the users script offers the same. */
export const groupNames: readonly string[] = [SECRETARIAT_GROUP, ...rppoCodes.map(rppoGroup)];

export interface IdentityProps {
  /** Turns on the user pool's deletion protection. */
  readonly production: boolean;
  /**
   * Invited as a member of the Secretariat on the first deploy.
   * @default - nobody; add users with `npm run users -- add`
   */
  readonly adminEmail?: string;
}

/** The user pool and its groups. Construct ids are part of the logical ids. */
export class Identity extends Construct {
  readonly userPool: IUserPool;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      userInvitation: {
        emailSubject: 'Your account for the RPPO input to the IPPC proposal',
        emailBody:
          'The IPPC Secretariat invited you to give your organization’s input to its resource-mobilization ' +
          'proposal. Sign in with {username} and the temporary password {####} within 7 days; you will ' +
          'choose your own password then.',
      },
      deletionProtection: props.production,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is offered (TOTP) but not forced: focal points of ten external organizations sign in a few times a year; accounts are admin-created only.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials plan: the Plus plan’s threat protection costs per user and is not needed for about 40 invited users.',
      },
    );
    this.userPool = userPool;

    const groups = new Map<string, UserPoolGroup>();
    for (const groupName of groupNames) {
      groups.set(groupName, userPool.addGroup(groupName, { groupName }));
    }

    if (props.adminEmail) {
      // Retained: dropping the context value later must not delete the administrator.
      const admin = new CfnUserPoolUser(this, 'FirstAdmin', {
        userPoolId: userPool.userPoolId,
        username: props.adminEmail,
        userAttributes: [
          { name: 'email', value: props.adminEmail },
          { name: 'email_verified', value: 'true' },
        ],
        desiredDeliveryMediums: ['EMAIL'],
      });
      admin.applyRemovalPolicy(RemovalPolicy.RETAIN);
      const membership = new CfnUserPoolUserToGroupAttachment(this, 'FirstAdminSecretariat', {
        userPoolId: userPool.userPoolId,
        username: props.adminEmail,
        groupName: SECRETARIAT_GROUP,
      });
      membership.applyRemovalPolicy(RemovalPolicy.RETAIN);
      membership.addResourceDependency(admin);
      const secretariat = groups.get(SECRETARIAT_GROUP);
      if (secretariat) membership.node.addDependency(secretariat);
    }
  }
}

export interface WebSignInProps {
  readonly userPool: IUserPool;
  /** The web pages' base URL, ending with `/` (the API's): callback `<it>auth/callback`, sign-out `<it>`. */
  readonly siteUrl: string;
  /** Names the generated domain prefix. */
  readonly stage: string;
  /**
   * The managed login's domain prefix: `https://<prefix>.auth.<region>.amazoncognito.com`, unique
   * in the region (context `authDomainPrefix`).
   * @default - `rppo-<stage>-<8 hex digits of the stack's id>`, unique without naming anything
   */
  readonly domainPrefix?: string;
}

/**
 * Cognito's managed login for the web pages: the pool's domain and a public app client (no secret:
 * the web function trades codes with PKCE) that may only use the authorization code flow back to the
 * site's callback. Lives beside the API, whose URL it needs; the API's authorizer names the client.
 */
export class WebSignIn extends Construct {
  readonly client: IUserPoolClient;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: `/oauth2/authorize`, `/oauth2/token`, `/logout`. */
  readonly domainUrl: string;

  constructor(scope: Construct, id: string, props: WebSignInProps) {
    super(scope, id);
    if (!props.domainPrefix && /aws|amazon|cognito/.test(props.stage)) {
      throw new Error(
        `A Cognito domain prefix may not contain "${props.stage}": set -c authDomainPrefix=...`,
      );
    }
    // The stack id ends with a UUID: its first 8 hex digits make the prefix unique without a name here.
    const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    const domainPrefix =
      props.domainPrefix ?? Fn.join('-', ['rppo', props.stage, Fn.select(0, Fn.split('-', stackUuid))]);
    const domain = new UserPoolDomain(this, 'Domain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix },
      managedLoginVersion: ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    this.domainUrl = domain.baseUrl();

    // Users may set their name but not their e-mail: the address is the identity the Secretariat invited.
    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      generateSecret: false,
      // SRP stays for scripts that sign in without a browser (the API's bearer tokens).
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${props.siteUrl}auth/callback`],
        logoutUrls: [props.siteUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The session is the ID token: a working day, so that nobody is sent away in the middle of a form.
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }
}
