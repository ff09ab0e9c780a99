/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy --all -c stage=prod -c adminEmail=...`): the stacks of
 * one stage, checked by cdk-nag on every synthesis.
 */
import { App } from 'aws-cdk-lib';
import { addComplianceChecks } from './checks.ts';
import { readSettings } from './settings.ts';
import { addStacks } from './stacks.ts';

const app = new App();
addStacks(app, readSettings(app.node));
addComplianceChecks(app);
app.synth();
