/**
 * `npm run users -- <command>`: the Secretariat's accounts tool for the deployed user pool.
 *
 *   add    --email a@b.org (--rppo EPPO | --secretariat)   invite by e-mail, into the right group
 *   list                                                   every user with status and groups
 *   remove --email a@b.org                                 delete the account
 *
 * The pool: `--user-pool-id`, else $USER_POOL_ID, else the `UserPoolId` output of the stage's
 * stateful stack in cdk-outputs.json (`npx cdk deploy --all --outputs-file cdk-outputs.json`).
 * The region: `--region`, else that file's `Region` output, else the AWS SDK's default.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UsernameExistsException,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { rppoGroup, SECRETARIAT_GROUP } from '#domain/access.ts';
import { rppoCodeSchema } from '#domain/rppos.ts';
import { groupNames } from './auth.ts';

export const USAGE = `Usage: npm run users -- <command> [options]

  add --email <address> (--rppo <CODE> | --secretariat)   invite a user into a group
  list                                                   list users, their status and groups
  remove --email <address>                               delete a user

Options: --user-pool-id <id> (else $USER_POOL_ID, else cdk-outputs.json), --region <region>,
         --stage <stage> (which stacks in cdk-outputs.json; default dev), --outputs <file>`;

export type UsersCommand =
  | { readonly command: 'add'; readonly email: string; readonly group: string }
  | { readonly command: 'list' }
  | { readonly command: 'remove'; readonly email: string };

export interface Target {
  readonly userPoolId: string;
  readonly region?: string;
}

/** A bad command line: the message says what to change. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const emailSchema = z.email();

/** Reads the command line into a command and where to find the pool, or throws a UsageError. */
export function parseUsersArguments(
  argv: readonly string[],
  environment: Record<string, string | undefined> = process.env,
  readOutputs: (file: string) => string | undefined = readIfPresent,
): { command: UsersCommand; target: Target } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('Give exactly one command: add, list or remove');
  const email = () => {
    if (!values.email) throw new UsageError('--email is required');
    const checked = emailSchema.safeParse(values.email.trim());
    if (!checked.success) throw new UsageError(`Not an e-mail address: ${values.email}`);
    return checked.data.toLowerCase();
  };

  let command: UsersCommand;
  switch (positionals[0]) {
    case 'add': {
      if (Boolean(values.rppo) === Boolean(values.secretariat)) {
        throw new UsageError('Give either --rppo <CODE> or --secretariat');
      }
      let group = SECRETARIAT_GROUP;
      if (values.rppo) {
        const code = rppoCodeSchema().safeParse(values.rppo.toUpperCase());
        if (!code.success) {
          throw new UsageError(`Unknown RPPO ${values.rppo}; one of ${rppoCodeSchema().options.join(', ')}`);
        }
        group = rppoGroup(code.data);
      }
      command = { command: 'add', email: email(), group };
      break;
    }
    case 'list':
      command = { command: 'list' };
      break;
    case 'remove':
      command = { command: 'remove', email: email() };
      break;
    default:
      throw new UsageError(`Unknown command ${positionals[0]}; use add, list or remove`);
  }
  return { command, target: resolveTarget(values, environment, readOutputs) };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      email: { type: 'string' },
      rppo: { type: 'string' },
      secretariat: { type: 'boolean' },
      'user-pool-id': { type: 'string' },
      region: { type: 'string' },
      stage: { type: 'string', default: 'dev' },
      outputs: { type: 'string', default: 'cdk-outputs.json' },
    },
  });
}

function resolveTarget(
  values: ReturnType<typeof parse>['values'],
  environment: Record<string, string | undefined>,
  readOutputs: (file: string) => string | undefined,
): Target {
  const outputs = (): Record<string, string> | undefined => {
    const text = readOutputs(values.outputs);
    if (text === undefined) return undefined;
    const stacks = JSON.parse(text) as Record<string, Record<string, string>>;
    return stacks[`RppoProposal-${values.stage}-Stateful`];
  };
  const fromFile = values['user-pool-id'] || environment.USER_POOL_ID ? undefined : outputs();
  const userPoolId = values['user-pool-id'] || environment.USER_POOL_ID || fromFile?.UserPoolId;
  if (!userPoolId) {
    throw new UsageError(
      `No user pool: pass --user-pool-id, set USER_POOL_ID, or deploy with --outputs-file ${values.outputs}`,
    );
  }
  const region = values.region ?? fromFile?.Region;
  return region ? { userPoolId, region } : { userPoolId };
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** What the tool needs of the Cognito client; tests pass a stub. */
export interface CognitoSender {
  send(command: object): Promise<unknown>;
}

/** Runs one command against the pool, writing what happened to `print`. */
export async function runUsersCommand(
  command: UsersCommand,
  userPoolId: string,
  cognito: CognitoSender,
  print: (line: string) => void = console.log,
): Promise<void> {
  switch (command.command) {
    case 'add': {
      try {
        await cognito.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: command.email,
            UserAttributes: [
              { Name: 'email', Value: command.email },
              // The Secretariat vouches for the address; Cognito sends the invitation to it.
              { Name: 'email_verified', Value: 'true' },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
        print(`Invited ${command.email}: Cognito e-mails a temporary password, valid for 7 days.`);
      } catch (error) {
        if (!(error instanceof UsernameExistsException)) throw error;
        print(`${command.email} already has an account; adding it to the group.`);
      }
      await cognito.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: userPoolId,
          Username: command.email,
          GroupName: command.group,
        }),
      );
      print(`${command.email} is in ${command.group}.`);
      return;
    }
    case 'remove':
      await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: command.email }));
      print(`Deleted ${command.email}.`);
      return;
    case 'list': {
      const groupsOf = new Map<string, string[]>();
      for (const group of groupNames) {
        for (const user of await allUsers(cognito, userPoolId, group)) {
          const name = user.Username ?? '';
          groupsOf.set(name, [...(groupsOf.get(name) ?? []), group]);
        }
      }
      const users = await allUsers(cognito, userPoolId);
      const rows = users.map((user) => {
        const email = user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value ?? '?';
        const groups = groupsOf.get(user.Username ?? '')?.join(' ') || '(no group: cannot use the product)';
        const status = `${user.UserStatus ?? '?'}${user.Enabled === false ? ', disabled' : ''}`;
        return `${email.padEnd(40)} ${status.padEnd(24)} ${groups}`;
      });
      rows.sort();
      print(`${'E-MAIL'.padEnd(40)} ${'STATUS'.padEnd(24)} GROUPS`);
      for (const row of rows) print(row);
      print(`${users.length} user(s).`);
      return;
    }
  }
}

/** Every user of the pool, or of one group, through all pages. */
async function allUsers(cognito: CognitoSender, userPoolId: string, group?: string): Promise<UserType[]> {
  const users: UserType[] = [];
  let token: string | undefined;
  do {
    const page = (await cognito.send(
      group
        ? new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group, NextToken: token })
        : new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken: token }),
    )) as { Users?: UserType[]; NextToken?: string; PaginationToken?: string };
    users.push(...(page.Users ?? []));
    token = group ? page.NextToken : page.PaginationToken;
  } while (token);
  return users;
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let parsed: ReturnType<typeof parseUsersArguments>;
  try {
    parsed = parseUsersArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { command, target } = parsed;
  const cognito = new CognitoIdentityProviderClient(target.region ? { region: target.region } : {});
  await runUsersCommand(command, target.userPoolId, cognito);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
