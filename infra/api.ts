/**
 * The HTTP API: one route per entry of functions/http/routes.ts (the table the local server serves
 * too, so the two cannot drift), a Cognito JWT authorizer on every route that needs a user, stage
 * throttling and JSON access logs. Group and tenant checks stay in the handlers.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  type HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type FunctionName, parseRouteKey, routes } from '#http/routes.ts';
import { keys } from '#store/keys.ts';
import { tableDefinition } from '#store/table.ts';
import {
  bindDocuments,
  bindTable,
  type DocumentsGrant,
  HouseFunction,
  LAMBDA_TASK_ROOT,
  type TableAction,
  type TableGrant,
} from './functions.ts';

/** What one API function is given: size, time and exactly the access its code uses. */
export interface ApiFunctionSpec {
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly table: TableGrant;
  /** One grant per key prefix. @default - the bucket's name only, no S3 access */
  readonly documents?: readonly DocumentsGrant[];
  /** @default - none */
  readonly bundledFolders?: readonly string[];
  /** @default - none */
  readonly environment?: (identity: FunctionContext) => Readonly<Record<string, string>>;
  /** Why the function's routes may go without the API's JWT authorizer, when some do. */
  readonly publicRoutesReason?: string;
}

/** Who issues the ID tokens the product accepts. */
export interface TokenIssuer {
  /** `https://cognito-idp.<region>.amazonaws.com/<user pool id>` */
  readonly issuer: string;
  /** The web app client id: the tokens' audience. */
  readonly audience: string;
}

/** What a function may be told about sign-in and the site, besides its own resources. */
export interface FunctionContext extends TokenIssuer {
  /** The managed login's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly signInDomain: string;
  /** The API's base URL, which serves the web pages too; it ends with `/`. */
  readonly siteUrl: string;
}

// Every write route goes through the write guards (functions/http/write-guards.ts): a per-person
// quota counter (UpdateItem) and idempotency records (PutItem, GetItem, UpdateItem, DeleteItem).
const WRITE_GUARDS: readonly TableAction[] = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'];

/** The union of the given actions, each once. */
const tableActions = (...lists: (readonly TableAction[])[]): TableAction[] => [...new Set(lists.flat())];

/** Read from disk at run time, so copied into the bundles that read them. */
const PROPOSAL_TEMPLATES = 'templates/proposal';
const WEB_TEMPLATES = 'templates/web';

/**
 * One entry per function name of the route table: a new function there does not compile until it
 * has an entry here, with its grants decided.
 */
export const apiFunctions: Readonly<Record<FunctionName, ApiFunctionSpec>> = {
  reference: {
    description: 'Reference data: RPPOs, form schemas, the OpenAPI document',
    // Small and I/O-bound; 512 MB (0.3 vCPU) keeps the cold start of a ~1 MB bundle short.
    memorySize: 512,
    timeout: Duration.seconds(10),
    // Only the reference partition: a public route cannot read a call or a submission.
    table: { actions: ['Query'], partitions: [keys.rpposPrefix.PK] },
    publicRoutesReason:
      'Public reference data (RPPO list, form schemas, OpenAPI): no user, no personal data.',
  },
  calls: {
    description: 'Calls for input: create, read, update, completeness status',
    memorySize: 512,
    // The clients give up after 3 attempts of at most 3 s: a stuck request ends within 10 s.
    timeout: Duration.seconds(15),
    // Calls are read by key and listed through the GSI; the status matrix queries the submissions
    // and the RPPOs; creating and changing a call are conditional puts behind the write guards.
    table: {
      actions: tableActions(['GetItem', 'Query', 'PutItem'], WRITE_GUARDS),
      indexes: [tableDefinition.callsIndex.name],
    },
  },
  submissions: {
    description: 'RPPO submissions: drafts, submission, revisions',
    memorySize: 512,
    timeout: Duration.seconds(15),
    // Saving is one transaction: a condition check on the call and two conditional puts.
    table: { actions: tableActions(['GetItem', 'Query', 'PutItem', 'ConditionCheckItem'], WRITE_GUARDS) },
  },
  proposals: {
    description: 'Assembles the proposal document, lists versions, signs download links',
    // Rendering Handlebars and building the .docx is CPU- and memory-bound (~300 MB for a large
    // proposal): 1,024 MB gives 0.6 vCPU and headroom; the API's integration limit is 30 s.
    memorySize: 1024,
    timeout: Duration.seconds(28),
    // Reads the submitted revisions in batches; records each assembled proposal with a put.
    table: { actions: tableActions(['GetItem', 'BatchGetItem', 'Query', 'PutItem'], WRITE_GUARDS) },
    // Writes the document, and signs the 15-minute download links with its own credentials; reads the
    // call's house template and stores an uploaded one (PUT /api/calls/{callId}/template).
    documents: [
      { prefix: 'proposals/', actions: ['GetObject', 'PutObject'] },
      { prefix: 'templates/', actions: ['GetObject', 'PutObject'] },
    ],
    bundledFolders: [PROPOSAL_TEMPLATES],
    environment: () => ({ TEMPLATES_DIR: `${LAMBDA_TASK_ROOT}/${PROPOSAL_TEMPLATES}` }),
  },
  web: {
    description: 'Web forms: server-rendered pages for the Secretariat and the RPPO focal points',
    // The pages run every use case, the proposal assembly included: sized like the proposals function.
    memorySize: 1024,
    timeout: Duration.seconds(28),
    table: {
      actions: tableActions(
        ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'ConditionCheckItem'],
        WRITE_GUARDS,
      ),
      indexes: [tableDefinition.callsIndex.name],
    },
    // Assembles like the proposals function: reads the call's house template, never writes one.
    documents: [
      { prefix: 'proposals/', actions: ['GetObject', 'PutObject'] },
      { prefix: 'templates/', actions: ['GetObject'] },
    ],
    bundledFolders: [PROPOSAL_TEMPLATES, WEB_TEMPLATES],
    // The session cookie holds a Cognito ID token, verified in the function against the pool's keys;
    // the function gets it from the managed login itself (authorization code flow with PKCE).
    environment: ({ issuer, audience, signInDomain, siteUrl }) => ({
      TEMPLATES_DIR: `${LAMBDA_TASK_ROOT}/${PROPOSAL_TEMPLATES}`,
      WEB_TEMPLATES_DIR: `${LAMBDA_TASK_ROOT}/${WEB_TEMPLATES}`,
      WEB_JWKS_URL: `${issuer}/.well-known/jwks.json`,
      WEB_ISSUER: issuer,
      WEB_AUDIENCE: audience,
      WEB_OAUTH_DOMAIN: signInDomain,
      WEB_CLIENT_ID: audience,
      WEB_BASE_URL: siteUrl,
    }),
    publicRoutesReason:
      'Web pages: an HTTP API authorizer cannot read the session cookie; the web function verifies it on every request.',
  },
};

export interface ApiProps {
  readonly table: ITable;
  readonly documents: IBucket;
  readonly userPool: IUserPool;
  /** The app client whose ID tokens the API accepts (the token's audience). */
  readonly webClient: IUserPoolClient;
  /** The base URL of the managed login the web pages send people to. */
  readonly signInDomain: string;
  readonly production: boolean;
  /**
   * Steady requests per second across the API, and the burst above it.
   * @default { rateLimit: 50, burstLimit: 100 }
   */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** HTTP API routes, the authorizer and one function per function name of the route table. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  /** The API's base URL. */
  readonly url: string;
  readonly functions: Readonly<Record<FunctionName, HouseFunction>>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    // No CORS: the web forms are served from this API's own origin, and downloads are navigations.
    const httpApi = new HttpApi(this, 'HttpApi', {
      description: 'RPPO proposal pipeline',
      createDefaultStage: false,
    });
    this.httpApi = httpApi;

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.url = stage.url;

    const context: FunctionContext = {
      issuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${props.userPool.userPoolId}`,
      audience: props.webClient.userPoolClientId,
      signInDomain: props.signInDomain,
      siteUrl: this.url,
    };
    const functions = {} as Record<FunctionName, HouseFunction>;
    for (const [name, spec] of Object.entries(apiFunctions) as [FunctionName, ApiFunctionSpec][]) {
      const fn = new HouseFunction(this, functionId(name), {
        entry: name,
        description: spec.description,
        memorySize: spec.memorySize,
        timeout: spec.timeout,
        bundledFolders: spec.bundledFolders,
        production: props.production,
      });
      bindTable(fn, props.table, spec.table);
      bindDocuments(fn, props.documents, spec.documents);
      for (const [key, value] of Object.entries(spec.environment?.(context) ?? {})) {
        fn.addEnvironment(key, value);
      }
      functions[name] = fn;
    }
    this.functions = functions;

    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      userPoolClients: [props.webClient],
    });
    const integrations = {} as Record<FunctionName, HttpLambdaIntegration>;
    for (const [name, fn] of Object.entries(functions) as [FunctionName, HouseFunction][]) {
      integrations[name] = new HttpLambdaIntegration(`${functionId(name)}Integration`, fn);
    }
    const publicRoute = new HttpNoneAuthorizer();
    for (const route of routes) {
      const { method, path } = parseRouteKey(route.routeKey);
      const routeAuthorizer: IHttpRouteAuthorizer = route.authorized ? authorizer : publicRoute;
      const [created] = httpApi.addRoutes({
        path,
        methods: [method as HttpMethod],
        integration: integrations[route.function],
        authorizer: routeAuthorizer,
      });
      if (route.authorized || !created) continue;
      const reason = apiFunctions[route.function].publicRoutesReason;
      if (!reason) throw new Error(`${route.routeKey} is public but ${route.function} gives no reason why`);
      Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    }
  }
}

const functionId = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}Function`;

/** One JSON object per request; `$context` variables of HTTP APIs. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  subject: '$context.authorizer.claims.sub',
};
