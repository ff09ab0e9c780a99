/**
 * Fine-grained assertions on the synthesized templates (no bundling): routes and their authorizer,
 * the exact IAM actions of each function, hardening of the stateful resources and their logical ids.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { rppoCodes } from '#domain/rppos.ts';
import { type FunctionName, routes } from '#http/routes.ts';
import { tableDefinition } from '#store/table.ts';
import { resourceNamed, resourcesOf, templates } from './synth.ts';

const prod = templates({ stage: 'prod', adminEmail: 'secretariat@example.org' });
const dev = templates({ stage: 'dev' });

const functionNames = [...new Set(routes.map((route) => route.function))] as FunctionName[];
const pascal = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

/** The deployed function serving a function name of the route table. */
function lambda(name: FunctionName | 'seed') {
  const prefix = name === 'seed' ? 'RppoSeedFunction' : `Api${pascal(name)}Function`;
  const matches = Object.entries(resourcesOf(prod.service, 'AWS::Lambda::Function')).filter(
    ([id]) => id.startsWith(prefix) && !id.startsWith(`${prefix}Logs`) && !id.startsWith(`${prefix}Role`),
  );
  expect(matches, `one function for ${name}`).toHaveLength(1);
  const [logicalId, resource] = matches[0] as [string, any];
  return { logicalId, properties: resource.Properties };
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(name: FunctionName | 'seed'): any[] {
  const roleId = lambda(name).properties.Role['Fn::GetAtt'][0];
  return Object.values(resourcesOf(prod.service, 'AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The logical id of the web pages' app client, in the service stack. */
const webClientId = () =>
  resourceNamed(prod.service, 'AWS::Cognito::UserPoolClient', 'WebSignInClient').logicalId;

/** The API's base URL as the template builds it: `https://<api id>.execute-api.<region>.<suffix>/`. */
const apiUrl = () => ({
  'Fn::Join': [
    '',
    [
      'https://',
      { Ref: resourceNamed(prod.service, 'AWS::ApiGatewayV2::Api', 'ApiHttpApi').logicalId },
      '.execute-api.',
      { Ref: 'AWS::Region' },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
    ],
  ],
});

const asList = (value: unknown) => (Array.isArray(value) ? value : [value]);

/** The actions granted on the table, the indexes and the documents, and anything else. */
function grantsOf(name: FunctionName | 'seed') {
  const grants = {
    table: [] as string[],
    indexes: [] as string[],
    partitions: [] as string[],
    /** S3 actions by key prefix of the documents bucket. */
    objects: {} as Record<string, string[]>,
    other: [] as any[],
  };
  for (const statement of statementsOf(name)) {
    const actions = asList(statement.Action) as string[];
    const text = JSON.stringify(statement.Resource);
    if (actions.every((action) => action.startsWith('dynamodb:'))) {
      grants.table = actions.toSorted();
      grants.partitions = statement.Condition?.['ForAllValues:StringEquals']?.['dynamodb:LeadingKeys'] ?? [];
      grants.indexes = asList(statement.Resource)
        .map((resource) => JSON.stringify(resource).match(/\/index\/(\w+)/)?.[1])
        .filter((index): index is string => index !== undefined);
      expect(text).toMatch(/DataTable/);
    } else if (actions.every((action) => action.startsWith('s3:'))) {
      // The CDK merges the statements of prefixes granted the same actions into one.
      for (const resource of asList(statement.Resource)) {
        const [bucket, objects] = resource['Fn::Join'][1];
        expect(bucket).toEqual({
          'Fn::GetStackOutput': expect.objectContaining({
            OutputName: expect.stringMatching(/DataDocuments/),
          }),
        });
        const prefix = /^\/(\w+\/)\*$/.exec(objects)?.[1];
        expect(prefix, objects).toBeDefined();
        grants.objects[prefix ?? ''] = actions.toSorted();
      }
    } else {
      grants.other.push({ actions: actions.toSorted(), resource: statement.Resource });
    }
  }
  return grants;
}

describe('HTTP API routes', () => {
  const deployedRoutes = Object.values(resourcesOf(prod.service, 'AWS::ApiGatewayV2::Route'));
  const authorizerId = resourceNamed(prod.service, 'AWS::ApiGatewayV2::Authorizer', 'ApiHttpApi').logicalId;

  it('has exactly the routes of functions/http/routes.ts, and no /local route', () => {
    const keys = deployedRoutes.map((route) => route.Properties.RouteKey as string);
    expect(keys.toSorted()).toEqual(routes.map((route) => route.routeKey).toSorted());
    expect(keys.filter((key) => key.split(' ')[1]?.startsWith('/local'))).toEqual([]);
  });

  it('puts the Cognito JWT authorizer on every authorized route and none on public routes', () => {
    for (const route of routes) {
      const deployed = deployedRoutes.find((entry) => entry.Properties.RouteKey === route.routeKey);
      if (route.authorized) {
        expect(deployed?.Properties, route.routeKey).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
      } else {
        expect(deployed?.Properties.AuthorizationType, route.routeKey).toBe('NONE');
        expect(deployed?.Properties.AuthorizerId, route.routeKey).toBeUndefined();
      }
    }
  });

  it('accepts ID tokens issued by the user pool for the web app client', () => {
    prod.service.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: webClientId() }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              {
                'Fn::GetStackOutput': Match.objectLike({
                  OutputName: Match.stringLikeRegexp('IdentityUserPool'),
                }),
              },
            ],
          ],
        },
      },
    });
  });

  it('sends each route to the function the route table names', () => {
    const integrations = resourcesOf(prod.service, 'AWS::ApiGatewayV2::Integration');
    for (const route of routes) {
      const deployed = deployedRoutes.find((entry) => entry.Properties.RouteKey === route.routeKey);
      const integrationId = deployed?.Properties.Target['Fn::Join'][1][1].Ref;
      const uri = integrations[integrationId]?.Properties.IntegrationUri;
      expect(uri, route.routeKey).toEqual({ 'Fn::GetAtt': [lambda(route.function).logicalId, 'Arn'] });
    }
  });

  it('throttles the stage, logs every request as JSON and allows no cross-origin calls', () => {
    const stage = resourceNamed(prod.service, 'AWS::ApiGatewayV2::Stage', 'ApiDefaultStage').resource;
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(resourcesOf(prod.service, 'AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(
      365,
    );
    prod.service.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });
});

describe('functions', () => {
  it.each([...functionNames, 'seed' as const])(
    '%s runs on nodejs24.x, arm64, traced, with its own log group',
    (name) => {
      const { properties } = lambda(name);
      expect(properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      expect(properties.MemorySize).toBeGreaterThanOrEqual(256);
      expect(properties.Timeout).toBeLessThanOrEqual(60);
      const logGroupId = properties.LoggingConfig.LogGroup.Ref;
      const logGroup = resourcesOf(prod.service, 'AWS::Logs::LogGroup')[logGroupId];
      expect(logGroup?.Properties.RetentionInDays).toBe(365);
      expect(logGroup?.DeletionPolicy).toBe('Retain');
    },
  );

  it('keeps logs a month outside production, and deletes them with the stack', () => {
    for (const logGroup of Object.values(resourcesOf(dev.service, 'AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties.RetentionInDays).toBe(30);
      expect(logGroup.DeletionPolicy).toBe('Delete');
    }
  });

  it('gives the assembly more memory than the JSON API functions, within the API’s 30 s', () => {
    const assembly = lambda('proposals').properties;
    for (const name of ['reference', 'calls', 'submissions'] as const) {
      expect(assembly.MemorySize).toBeGreaterThan(lambda(name).properties.MemorySize);
    }
    for (const name of functionNames) expect(lambda(name).properties.Timeout).toBeLessThan(30);
  });

  it('tells every API function its table and bucket, and the assembly where its templates are', () => {
    for (const name of functionNames) {
      const variables = lambda(name).properties.Environment.Variables;
      expect(Object.keys(variables), name).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'DOCUMENTS_BUCKET']),
      );
    }
    expect(lambda('proposals').properties.Environment.Variables.TEMPLATES_DIR).toBe(
      '/var/task/templates/proposal',
    );
    expect(lambda('seed').properties.Environment.Variables).not.toHaveProperty('DOCUMENTS_BUCKET');
  });

  it('tells the web function where to check sessions and where people sign in', () => {
    // prepare
    const domainId = resourceNamed(prod.service, 'AWS::Cognito::UserPoolDomain', 'WebSignInDomain').logicalId;

    // act
    const variables = lambda('web').properties.Environment.Variables;

    // assess
    expect(variables).toMatchObject({
      WEB_AUDIENCE: { Ref: webClientId() },
      WEB_CLIENT_ID: { Ref: webClientId() },
      WEB_BASE_URL: apiUrl(),
      WEB_OAUTH_DOMAIN: {
        'Fn::Join': [
          '',
          ['https://', { Ref: domainId }, '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com'],
        ],
      },
    });
    expect(JSON.stringify(variables.WEB_JWKS_URL)).toContain('/.well-known/jwks.json');
    // The sign-in route follows from the OAuth variables; a fixed one would contradict them.
    expect(variables).not.toHaveProperty('WEB_SIGN_IN_URL');
  });

  type Expected = {
    table: string[];
    indexes: string[];
    objects: Record<string, string[]>;
    partitions?: string[];
  };
  const expected: Record<FunctionName | 'seed', Expected> = {
    reference: { table: ['Query'], indexes: [], objects: {}, partitions: ['REF'] },
    calls: {
      table: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
      indexes: [tableDefinition.callsIndex.name],
      objects: {},
    },
    submissions: {
      table: ['ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
      indexes: [],
      objects: {},
    },
    proposals: {
      table: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
      indexes: [],
      // Proposals it writes and signs links to; the calls' house templates it reads and stores.
      objects: { 'proposals/': ['GetObject', 'PutObject'], 'templates/': ['GetObject', 'PutObject'] },
    },
    web: {
      table: [
        'BatchGetItem',
        'ConditionCheckItem',
        'DeleteItem',
        'GetItem',
        'PutItem',
        'Query',
        'UpdateItem',
      ],
      indexes: [tableDefinition.callsIndex.name],
      // Assembles too, so reads the house templates; uploads go through the API only.
      objects: { 'proposals/': ['GetObject', 'PutObject'], 'templates/': ['GetObject'] },
    },
    seed: { table: ['PutItem'], indexes: [], objects: {}, partitions: ['REF'] },
  };

  it.each(Object.keys(expected) as (FunctionName | 'seed')[])(
    '%s is granted exactly the table and document actions its code uses, on the partitions it uses',
    (name) => {
      const grants = grantsOf(name);
      const want = expected[name];
      expect(grants.table).toEqual(want.table.map((action) => `dynamodb:${action}`));
      expect(grants.indexes).toEqual(want.indexes);
      expect(grants.partitions).toEqual(want.partitions ?? []);
      expect(grants.objects).toEqual(
        Object.fromEntries(
          Object.entries(want.objects).map(([prefix, actions]) => [prefix, actions.map((a) => `s3:${a}`)]),
        ),
      );
      expect(grants.other).toEqual([
        {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resource: { 'Fn::GetAtt': [expect.stringMatching(/Logs/), 'Arn'] },
        },
        { actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], resource: '*' },
      ]);
    },
  );

  it('trips when the code makes an AWS call the grants above were not decided for', () => {
    // The emulators do not enforce IAM: a new kind of call would fail only once deployed.
    const sources = readdirSync(new URL('../../functions', import.meta.url), {
      recursive: true,
      encoding: 'utf8',
    })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(new URL(`../../functions/${file}`, import.meta.url), 'utf8'));
    const calls = new Set(
      sources.flatMap((source) => [...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1])),
    );
    expect([...calls].toSorted(), 'grant the new call in infra/api.ts, then list it here').toEqual([
      'BatchGet',
      'Delete',
      'Get',
      'GetObject',
      'Put',
      'PutObject',
      'Query',
      'TransactWrite',
      'Update',
    ]);
  });

  it('covers every function name of the route table', () => {
    expect(Object.keys(expected).toSorted()).toEqual([...functionNames, 'seed'].toSorted());
  });

  it('grants no wildcard action and attaches no AWS managed policy, in either stack', () => {
    for (const template of [prod.stateful, prod.service]) {
      for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          for (const action of asList(statement.Action)) expect(action).not.toMatch(/\*/);
        }
      }
      for (const role of Object.values(resourcesOf(template, 'AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    }
  });

  it('seeds the RPPOs through a custom resource of the seed function', () => {
    prod.service.hasResource('Custom::RppoSeed', {
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [lambda('seed').logicalId, 'Arn'] },
        seedDigest: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
      },
    });
  });
});

describe('stateful resources', () => {
  it('keeps their logical ids, so that no deploy replaces them', () => {
    const ids = (template: Template, type: string) => Object.keys(resourcesOf(template, type)).toSorted();
    expect(ids(prod.stateful, 'AWS::DynamoDB::Table')).toEqual(['DataTableFDBAD0F2']);
    expect(ids(prod.stateful, 'AWS::S3::Bucket')).toEqual([
      'DataAccessLogsC0C25EE4',
      'DataDocumentsDACEAC53',
    ]);
    expect(ids(prod.stateful, 'AWS::Cognito::UserPool')).toEqual(['IdentityUserPool96FE3B9B']);
  });

  it('keeps the app client and the domain beside the API (its URL is the callback), not with the data', () => {
    prod.stateful.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    prod.stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    prod.service.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    prod.service.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('keeps them all in the stateful stack, and none in the service stack', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::Cognito::UserPool']) {
      prod.service.resourceCountIs(type, 0);
    }
  });

  it('creates the table of functions/store/table.ts: on demand, point-in-time recovery, retained', () => {
    const { callsIndex } = tableDefinition;
    prod.stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: callsIndex.name,
            KeySchema: [
              { AttributeName: callsIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: callsIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      },
    });
  });

  it('protects the table and the user pool from deletion in production only', () => {
    dev.stateful.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    dev.stateful.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
    prod.stateful.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    dev.stateful.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('hardens both buckets: no public access, TLS only, encrypted, owner-enforced, retained', () => {
    const buckets = resourcesOf(prod.stateful, 'AWS::S3::Bucket');
    for (const bucket of Object.values(buckets)) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    }
    for (const policy of Object.values(resourcesOf(prod.stateful, 'AWS::S3::BucketPolicy'))) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    expect(Object.keys(resourcesOf(prod.stateful, 'AWS::S3::BucketPolicy'))).toHaveLength(2);
  });

  it('versions the documents, expires old versions and logs access to the log bucket', () => {
    prod.stateful.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' })],
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: 'DataAccessLogsC0C25EE4' },
        LogFilePrefix: 'documents/',
      },
    });
  });

  it('lets only administrators create users, with a strong password policy and optional TOTP', () => {
    prod.stateful.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 7,
          },
        },
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UsernameAttributes: ['email'],
      }),
    });
  });

  it('has the secretariat group and one rppo-<CODE> group per RPPO', () => {
    const groups = Object.values(resourcesOf(prod.stateful, 'AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );
    expect(groups.toSorted()).toEqual(['secretariat', ...rppoCodes.map((code) => `rppo-${code}`)].toSorted());
  });

  it('invites the first administrator into the secretariat group, and keeps them', () => {
    prod.stateful.hasResource('AWS::Cognito::UserPoolUser', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Username: 'secretariat@example.org',
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    });
    prod.stateful.hasResource('AWS::Cognito::UserPoolUserToGroupAttachment', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ Username: 'secretariat@example.org', GroupName: 'secretariat' }),
    });
    dev.stateful.resourceCountIs('AWS::Cognito::UserPoolUser', 0);
  });
});

describe('the managed login of the web pages', () => {
  it('gives the web forms a public client (no secret) that cannot change e-mails', () => {
    prod.service.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      WriteAttributes: ['name'],
    });
  });

  it('allows only the authorization code flow, with openid and email, back to the API', () => {
    // act
    const client = resourceNamed(prod.service, 'AWS::Cognito::UserPoolClient', 'WebSignInClient').resource;

    // assess
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [
        { 'Fn::Join': ['', [...(apiUrl()['Fn::Join'][1] as unknown[]).slice(0, -1), '/auth/callback']] },
      ],
      LogoutURLs: [apiUrl()],
    });
  });

  it('keeps a session for a working day: ID tokens valid 8 hours', () => {
    prod.service.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      IdTokenValidity: 480,
      TokenValidityUnits: Match.objectLike({ IdToken: 'minutes' }),
    });
  });

  it('names the domain after the stage and the stack id, or the authDomainPrefix context value', () => {
    // act
    const generated = resourceNamed(prod.service, 'AWS::Cognito::UserPoolDomain', 'WebSignInDomain').resource;
    const chosen = templates({ stage: 'dev', authDomainPrefix: 'ippc-rppo-input' });

    // assess
    expect(generated.Properties.UserPoolId).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        OutputName: expect.stringMatching(/IdentityUserPool/),
      }),
    });
    expect(JSON.stringify(generated.Properties.Domain)).toContain('"rppo-prod"');
    expect(JSON.stringify(generated.Properties.Domain)).toContain('AWS::StackId');
    chosen.service.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'ippc-rppo-input' });
  });

  it('refuses a domain prefix Cognito would refuse, naming it', () => {
    expect(() => templates({ stage: 'dev', authDomainPrefix: 'Bad_Prefix' })).toThrow(/authDomainPrefix/);
    expect(() => templates({ stage: 'dev', authDomainPrefix: 'my-cognito-login' })).toThrow(
      /authDomainPrefix/,
    );
  });
});

describe('templates', () => {
  it('name no account, no region and no physical resource names', () => {
    for (const template of [prod.stateful, prod.service]) {
      const text = JSON.stringify(template.toJSON());
      expect(text).not.toMatch(/(?<![0-9a-f])\d{12}(?![0-9a-f])/);
      expect(text).not.toMatch(
        /\b(us|eu|ap|sa|ca|me|af|il|mx)-(east|west|north|south|central|northeast|southeast)-\d\b/,
      );
      const named = [
        'TableName',
        'BucketName',
        'UserPoolName',
        'FunctionName',
        'RoleName',
        'LogGroupName',
        'Name',
        // The Cognito domain's prefix.
        'Domain',
      ];
      for (const [logicalId, resource] of Object.entries(template.toJSON().Resources) as [string, any][]) {
        for (const name of named) {
          // A literal string is a physical name; a reference to another resource is not.
          if (resource.Type === 'AWS::ApiGatewayV2::Authorizer' || resource.Type === 'AWS::ApiGatewayV2::Api')
            continue;
          expect(typeof resource.Properties?.[name], `${logicalId}.${name}`).not.toBe('string');
        }
      }
    }
  });

  it('refuses a bad stage name or e-mail address, naming it', () => {
    expect(() => templates({ stage: 'Prod!' })).toThrow(/stage/);
    expect(() => templates({ stage: 'prod', adminEmail: 'not-an-address' })).toThrow(/adminEmail/);
  });
});
