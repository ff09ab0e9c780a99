/**
 * The users script's argument handling and the Cognito calls it makes, against a stubbed client
 * only: nothing here reaches AWS.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { parseUsersArguments, runUsersCommand, UsageError, type UsersCommand } from '../../infra/users.ts';

const POOL = 'eu-west-3_Example';
const noFile = () => undefined;
const parse = (
  argv: string[],
  environment = {},
  readOutputs: (file: string) => string | undefined = noFile,
) => parseUsersArguments(argv, environment, readOutputs);

/** A Cognito client stub that records what is sent and answers from a script. */
function stubCognito(answer: (command: object) => unknown = () => ({})) {
  const sent: object[] = [];
  return {
    sent,
    client: {
      async send(command: object) {
        sent.push(command);
        const result = answer(command);
        if (result instanceof Error) throw result;
        return result;
      },
    },
  };
}

describe('users script arguments (stubbed Cognito client, no AWS)', () => {
  it('reads add with an RPPO into its rppo-<CODE> group, whatever the case of the code and address', () => {
    const { command, target } = parse([
      'add',
      '--email',
      'Focal.Point@EPPO.int',
      '--rppo',
      'eppo',
      '--user-pool-id',
      POOL,
    ]);
    expect(command).toEqual({ command: 'add', email: 'focal.point@eppo.int', group: 'rppo-EPPO' });
    expect(target).toEqual({ userPoolId: POOL });
  });

  it('reads add --secretariat into the secretariat group', () => {
    expect(parse(['add', '--email', 'a@ippc.int', '--secretariat', '--user-pool-id', POOL]).command).toEqual({
      command: 'add',
      email: 'a@ippc.int',
      group: 'secretariat',
    });
  });

  it.each([
    [['add', '--email', 'a@b.org', '--user-pool-id', POOL], /either --rppo <CODE> or --secretariat/],
    [['add', '--email', 'a@b.org', '--rppo', 'EPPO', '--secretariat', '--user-pool-id', POOL], /either/],
    [
      ['add', '--email', 'a@b.org', '--rppo', 'XYZ', '--user-pool-id', POOL],
      /Unknown RPPO XYZ; one of APPPC/,
    ],
    [['add', '--rppo', 'EPPO', '--user-pool-id', POOL], /--email is required/],
    [['add', '--email', 'not-an-address', '--secretariat', '--user-pool-id', POOL], /Not an e-mail address/],
    [['remove', '--user-pool-id', POOL], /--email is required/],
    [['rename', '--user-pool-id', POOL], /Unknown command rename/],
    [['list', 'extra', '--user-pool-id', POOL], /exactly one command/],
    [['list', '--colour', 'red', '--user-pool-id', POOL], /Unknown option '--colour'/],
    [['list'], /No user pool: pass --user-pool-id, set USER_POOL_ID, or deploy with --outputs-file/],
  ])('refuses %j with a message saying what to change', (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('takes the pool from USER_POOL_ID when no option names it', () => {
    expect(parse(['list'], { USER_POOL_ID: POOL }).target).toEqual({ userPoolId: POOL });
  });

  it('takes the pool and region from the stage’s stateful stack outputs in cdk-outputs.json', () => {
    const outputs = JSON.stringify({
      'RppoProposal-prod-Stateful': { UserPoolId: POOL, Region: 'eu-west-3' },
      'RppoProposal-dev-Stateful': { UserPoolId: 'other', Region: 'us-east-1' },
    });
    const read = (file: string) => (file === 'cdk-outputs.json' ? outputs : undefined);
    expect(parse(['list', '--stage', 'prod'], {}, read).target).toEqual({
      userPoolId: POOL,
      region: 'eu-west-3',
    });
    expect(parse(['list', '--stage', 'prod', '--region', 'eu-central-1'], {}, read).target.region).toBe(
      'eu-central-1',
    );
  });
});

describe('users script commands (stubbed Cognito client, no AWS)', () => {
  const add: UsersCommand = { command: 'add', email: 'a@b.org', group: 'rppo-EPPO' };

  it('add invites by e-mail with a verified address, then puts the user in the group', async () => {
    const cognito = stubCognito();
    const lines: string[] = [];
    await runUsersCommand(add, POOL, cognito.client, (line) => lines.push(line));
    expect(cognito.sent.map((command) => command.constructor)).toEqual([
      AdminCreateUserCommand,
      AdminAddUserToGroupCommand,
    ]);
    expect((cognito.sent[0] as AdminCreateUserCommand).input).toEqual({
      UserPoolId: POOL,
      Username: 'a@b.org',
      UserAttributes: [
        { Name: 'email', Value: 'a@b.org' },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect((cognito.sent[1] as AdminAddUserToGroupCommand).input).toEqual({
      UserPoolId: POOL,
      Username: 'a@b.org',
      GroupName: 'rppo-EPPO',
    });
    expect(lines.at(-1)).toBe('a@b.org is in rppo-EPPO.');
  });

  it('add puts an existing user in the group instead of failing', async () => {
    const cognito = stubCognito((command) =>
      command instanceof AdminCreateUserCommand
        ? new UsernameExistsException({ message: 'exists', $metadata: {} })
        : {},
    );
    const lines: string[] = [];
    await runUsersCommand(add, POOL, cognito.client, (line) => lines.push(line));
    expect(cognito.sent).toHaveLength(2);
    expect(lines[0]).toMatch(/already has an account/);
  });

  it('add stops on any other Cognito error, before touching groups', async () => {
    const cognito = stubCognito(() => new Error('AccessDenied'));
    await expect(runUsersCommand(add, POOL, cognito.client, () => {})).rejects.toThrow('AccessDenied');
    expect(cognito.sent).toHaveLength(1);
  });

  it('remove deletes the user by e-mail', async () => {
    const cognito = stubCognito();
    await runUsersCommand({ command: 'remove', email: 'a@b.org' }, POOL, cognito.client, () => {});
    expect(cognito.sent).toHaveLength(1);
    expect(cognito.sent[0]).toBeInstanceOf(AdminDeleteUserCommand);
    expect((cognito.sent[0] as AdminDeleteUserCommand).input).toEqual({
      UserPoolId: POOL,
      Username: 'a@b.org',
    });
  });

  it('list pages through users and groups and shows each user’s groups', async () => {
    const user = (name: string, email: string) => ({
      Username: name,
      UserStatus: 'CONFIRMED',
      Enabled: true,
      Attributes: [{ Name: 'email', Value: email }],
    });
    const cognito = stubCognito((command) => {
      if (command instanceof ListUsersCommand) {
        return command.input.PaginationToken
          ? { Users: [user('u2', 'b@eppo.int')] }
          : { Users: [user('u1', 'a@ippc.int')], PaginationToken: 'next' };
      }
      if (command instanceof ListUsersInGroupCommand) {
        if (command.input.GroupName === 'secretariat') return { Users: [user('u1', 'a@ippc.int')] };
        if (command.input.GroupName === 'rppo-EPPO') return { Users: [user('u2', 'b@eppo.int')] };
      }
      return { Users: [] };
    });
    const lines: string[] = [];
    await runUsersCommand({ command: 'list' }, POOL, cognito.client, (line) => lines.push(line));
    expect(lines[1]).toMatch(/^a@ippc\.int\s+CONFIRMED\s+secretariat$/);
    expect(lines[2]).toMatch(/^b@eppo\.int\s+CONFIRMED\s+rppo-EPPO$/);
    expect(lines.at(-1)).toBe('2 user(s).');
    expect(cognito.sent.filter((command) => command instanceof ListUsersCommand)).toHaveLength(2);
  });
});
