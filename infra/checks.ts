/**
 * The compliance checks every synthesis runs: cdk-nag's AwsSolutions and Serverless packs. Findings
 * are acknowledged next to the construct they concern, each with its reason; anything else fails
 * `cdk synth` and the tests.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/** The rule packs, one instance each, so that tests can run them on the app directly too. */
export function complianceChecks(app: App) {
  return [new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true })];
}

/** Registers the rule packs as validation plugins of the app (cdk-nag 3: not an Aspect). */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(...complianceChecks(app));
}
