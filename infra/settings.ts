/**
 * The few choices a deployment makes, read from CDK context (`-c stage=prod -c adminEmail=...` or
 * cdk.json) and checked before anything is built.
 */
import type { Node } from 'constructs';
import { z } from 'zod';

const settingsSchema = z.object({
  /** Separates deployments in one account: stack names, tags. */
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'lower-case letters, digits and -, at most 20, starting with a letter'),
  /** The Secretariat's first administrator, invited by Cognito on the first deploy. */
  adminEmail: z.email().optional(),
});

export interface DeploymentSettings {
  readonly stage: string;
  /** Production keeps deletion protection on the table and the user pool and keeps logs longer. */
  readonly production: boolean;
  /** @default - no first user; add one with `npm run users -- add` */
  readonly adminEmail?: string;
}

/** The stage whose table and user pool are protected from deletion. */
export const PRODUCTION_STAGE = 'prod';

/** Reads and validates the deployment settings from context, naming the bad value. */
export function readSettings(node: Node): DeploymentSettings {
  const adminEmail = node.tryGetContext('adminEmail');
  const result = settingsSchema.safeParse({
    stage: node.tryGetContext('stage'),
    adminEmail: adminEmail === '' ? undefined : adminEmail,
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Bad CDK context (-c name=value): ${problems.join('; ')}`);
  }
  const { stage } = result.data;
  return { stage, production: stage === PRODUCTION_STAGE, adminEmail: result.data.adminEmail };
}
