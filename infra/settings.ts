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
  /** The managed login's domain prefix (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  authDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and -, at most 63')
    .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'may not contain aws, amazon or cognito')
    .optional(),
});

export interface DeploymentSettings {
  readonly stage: string;
  /** Production keeps deletion protection on the table and the user pool and keeps logs longer. */
  readonly production: boolean;
  /** @default - no first user; add one with `npm run users -- add` */
  readonly adminEmail?: string;
  /** @default - generated from the stage and the service stack's id */
  readonly authDomainPrefix?: string;
}

/** The stage whose table and user pool are protected from deletion. */
export const PRODUCTION_STAGE = 'prod';

/** Reads and validates the deployment settings from context, naming the bad value. */
export function readSettings(node: Node): DeploymentSettings {
  const optional = (name: string) => {
    const value = node.tryGetContext(name);
    return value === '' ? undefined : value;
  };
  const result = settingsSchema.safeParse({
    stage: node.tryGetContext('stage'),
    adminEmail: optional('adminEmail'),
    authDomainPrefix: optional('authDomainPrefix'),
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Bad CDK context (-c name=value): ${problems.join('; ')}`);
  }
  const { stage } = result.data;
  const { adminEmail, authDomainPrefix } = result.data;
  return { stage, production: stage === PRODUCTION_STAGE, adminEmail, authDomainPrefix };
}
