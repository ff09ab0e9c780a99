/**
 * The two stacks. Stateful: the table, the documents bucket and the user pool, which outlive any
 * deployment of the code. Service: the functions and the API, which can be replaced at will. Stacks
 * only compose constructs; the construct ids below are part of the logical ids: never rename them.
 */
import { type App, CfnOutput, Lazy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './api.ts';
import { Identity, WebSignIn } from './auth.ts';
import { DataStore } from './data.ts';
import { RppoSeed } from './seed.ts';
import type { DeploymentSettings } from './settings.ts';

export interface StatefulStackProps extends StackProps {
  readonly settings: DeploymentSettings;
}

/** Data and identities: retained, protected in production. */
export class StatefulStack extends Stack {
  readonly data: DataStore;
  readonly identity: Identity;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { production, adminEmail } = props.settings;
    this.data = new DataStore(this, 'Data', { production });
    this.identity = new Identity(this, 'Identity', { production, adminEmail });

    new CfnOutput(this, 'UserPoolId', {
      value: this.identity.userPool.userPoolId,
      description: 'Cognito user pool: npm run users -- ... --user-pool-id <this>',
    });
    new CfnOutput(this, 'Region', { value: this.region, description: 'Region of the deployment' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.data.documents.bucketName });
  }
}

export interface ServiceStackProps extends StackProps {
  readonly settings: DeploymentSettings;
  readonly stateful: StatefulStack;
}

/** Functions, API, the web pages' managed login and the seeding of reference data. */
export class ServiceStack extends Stack {
  readonly api: Api;
  readonly signIn: WebSignIn;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { production, stage, authDomainPrefix } = props.settings;
    const { data, identity } = props.stateful;
    // The app client's callback is the API's URL and the API's authorizer names the client, so both
    // live in this stack (in the stateful stack the client would make the two stacks need each other).
    // The lazy value only orders the construction; the template holds plain references, no cycle.
    this.signIn = new WebSignIn(this, 'WebSignIn', {
      userPool: identity.userPool,
      siteUrl: Lazy.string({ produce: () => this.api.url }),
      stage,
      domainPrefix: authDomainPrefix,
    });
    this.api = new Api(this, 'Api', {
      table: data.table,
      documents: data.documents,
      userPool: identity.userPool,
      webClient: this.signIn.client,
      signInDomain: this.signIn.domainUrl,
      production,
    });
    new RppoSeed(this, 'RppoSeed', { table: data.table, production });

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: 'Base URL of the JSON API: <ApiUrl>api/...',
    });
    new CfnOutput(this, 'WebUrl', {
      value: this.api.url,
      description: 'The web forms, served by the same API: open it in a browser',
    });
    new CfnOutput(this, 'WebClientId', {
      value: this.signIn.client.userPoolClientId,
      description: 'App client of the web forms (the audience of the ID tokens the API accepts)',
    });
    new CfnOutput(this, 'SignInDomain', {
      value: this.signIn.domainUrl,
      description: 'Cognito managed login of the web forms',
    });
  }
}

/** Adds both stacks of a stage to the app. */
export function addStacks(app: App, settings: DeploymentSettings) {
  const prefix = `RppoProposal-${settings.stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    settings,
    description: `RPPO proposal pipeline (${settings.stage}): table, documents bucket, user pool`,
    terminationProtection: settings.production,
  });
  const service = new ServiceStack(app, `${prefix}-Service`, {
    settings,
    stateful,
    description: `RPPO proposal pipeline (${settings.stage}): functions, HTTP API, managed login`,
  });
  service.addStackDependency(stateful, 'reads the table, bucket and user pool');
  for (const stack of [stateful, service]) {
    Tags.of(stack).add('project', 'rppo-proposal-pipeline');
    Tags.of(stack).add('stage', settings.stage);
  }
  return { stateful, service };
}
