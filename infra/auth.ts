/**
 * Who may sign in: a Cognito user pool where only administrators create accounts, one group per role
 * (`secretariat`, `rppo-<CODE>`: the tenant comes only from these), the web forms' app client and,
 * optionally, the Secretariat's first administrator.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolUser,
  CfnUserPoolUserToGroupAttachment,
  ClientAttributes,
  FeaturePlan,
  type IUserPool,
  type IUserPoolClient,
  Mfa,
  UserPool,
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

/** The user pool, its groups and the web app client. Construct ids are part of the logical ids. */
export class Identity extends Construct {
  readonly userPool: IUserPool;
  readonly webClient: IUserPoolClient;

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

    // A public client (no secret: it runs in the browser), SRP sign-in only. Users may set their name
    // but not their e-mail: the address is the identity the Secretariat invited.
    this.webClient = userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

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
