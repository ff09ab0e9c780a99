/** Builds the CDK app as `cdk synth` does (cdk.json context), for the infra tests. */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readSettings } from '../../infra/settings.ts';
import { addStacks } from '../../infra/stacks.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface AppOptions {
  readonly stage?: string;
  readonly adminEmail?: string;
  readonly authDomainPrefix?: string;
  /** Run esbuild for real (slow); by default no stack is bundled. */
  readonly bundle?: boolean;
  readonly outdir?: string;
}

/** The app with cdk.json's context (feature flags included) and the given settings. */
export function buildApp({
  stage = 'prod',
  adminEmail,
  authDomainPrefix,
  bundle = false,
  outdir,
}: AppOptions = {}) {
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      stage,
      ...(adminEmail ? { adminEmail } : {}),
      ...(authDomainPrefix ? { authDomainPrefix } : {}),
      // Bundling for real also records where each asset is, as the CLI does.
      ...(bundle ? { 'aws:cdk:enable-asset-metadata': true } : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stacks = addStacks(app, readSettings(app.node));
  return { app, ...stacks };
}

/** The two templates of a stage, synthesized once per call. */
export function templates(options: AppOptions = {}) {
  const { app, stateful, service } = buildApp(options);
  return { app, stateful: Template.fromStack(stateful), service: Template.fromStack(service) };
}

type Resources = Record<
  string,
  { Type: string; Properties?: any; DeletionPolicy?: string; [key: string]: any }
>;

/** Resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The one resource of a type whose logical id starts with the prefix. */
export function resourceNamed(template: Template, type: string, prefix: string) {
  const matches = Object.entries(resourcesOf(template, type)).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`${matches.length} ${type} resources start with ${prefix}`);
  const [logicalId, resource] = matches[0] as [string, Resources[string]];
  return { logicalId, resource };
}
