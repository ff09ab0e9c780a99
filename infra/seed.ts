/**
 * Seeds the ten RPPOs into the deployed table on the first deploy (and again, adding only what is
 * missing, whenever the seed data changes) with the store code the local stack seeds with.
 */
import { createHash } from 'node:crypto';
import { CustomResource, Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { rppoSeed } from '#domain/rppos.ts';
import { keys } from '#store/keys.ts';
import { bindTable, HouseFunction } from './functions.ts';

export interface RppoSeedProps {
  readonly table: ITable;
  readonly production: boolean;
}

/** A custom resource whose function writes each RPPO unless it is already in the table. */
export class RppoSeed extends Construct {
  constructor(scope: Construct, id: string, props: RppoSeedProps) {
    super(scope, id);
    const fn = new HouseFunction(this, 'Function', {
      entry: 'seed-rppos',
      description: 'Writes the RPPO seed data into the table (CloudFormation custom resource)',
      memorySize: 256,
      timeout: Duration.seconds(60),
      production: props.production,
      invokedBy: 'cloudformation',
    });
    // Puts into the reference partition only; each put is conditional (attribute_not_exists), so
    // RPPOs corrected in the table stay as they are.
    bindTable(fn, props.table, { actions: ['PutItem'], partitions: [keys.rpposPrefix.PK] });
    new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::RppoSeed',
      // A change of the seed data is an update of the resource, which seeds again.
      properties: { seedDigest: createHash('sha256').update(JSON.stringify(rppoSeed)).digest('hex') },
    });
  }
}
