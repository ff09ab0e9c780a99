/**
 * cdk-nag's AwsSolutions and Serverless packs on the whole app, as `cdk synth` runs them: no finding
 * may stand unacknowledged, and every acknowledgement carries a one-line reason.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addComplianceChecks, complianceChecks } from '../../infra/checks.ts';
import { buildApp } from './synth.ts';

function acknowledgements(root: IConstruct) {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

/** Synthesizes (acknowledgements about resolved references are made then) and runs the packs. */
function findings(app: App) {
  app.synth();
  return complianceChecks(app).flatMap((pack) =>
    pack.validateScope(app).violations.map((violation) => ({
      rule: violation.ruleName,
      at: violation.violatingResources.map((resource) => resource.constructPath),
    })),
  );
}

describe('cdk-nag AwsSolutions and Serverless checks', () => {
  it.each(['prod', 'dev'])('leave no unacknowledged finding on the %s app', (stage) => {
    const { app } = buildApp({ stage, adminEmail: 'secretariat@example.org' });
    expect(findings(app)).toEqual([]);
  });

  it('run as validation plugins of the app: synthesis passes as it is', () => {
    const { app } = buildApp({ stage: 'prod' });
    addComplianceChecks(app);
    expect(() => app.synth()).not.toThrow();
  });

  it('stop synthesis on a finding that nobody acknowledged (the checks can fail)', () => {
    const { app, stateful } = buildApp({ stage: 'prod' });
    new Bucket(stateful, 'Unlogged', { enforceSSL: true });
    expect(findings(app).map((finding) => finding.rule)).toContain('AwsSolutions-S1');
    const checked = buildApp({ stage: 'prod' });
    new Bucket(checked.stateful, 'Unlogged', { enforceSSL: true });
    addComplianceChecks(checked.app);
    expect(() => checked.app.synth()).toThrow(/server access logs disabled/);
  });

  it('have a one-line reason for every acknowledgement', () => {
    const { app } = buildApp({ stage: 'prod', adminEmail: 'secretariat@example.org' });
    app.synth();
    const acknowledged = acknowledgements(app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(reason, `${id} at ${path}`).toMatch(/^[^\n]{30,200}$/);
    }
  });
});
