/**
 * Who is asking and what they may do. The tenant (which RPPO) comes only from Cognito groups, which
 * only administrators can change, never from an attribute the user can edit.
 */
import { ForbiddenError, UnauthorizedError } from './errors.ts';
import { type RppoCode, rppoCodeSchema } from './rppos.ts';

export const SECRETARIAT_GROUP = 'secretariat';
const RPPO_GROUP_PREFIX = 'rppo-';

export function rppoGroup(rppo: RppoCode): string {
  return `${RPPO_GROUP_PREFIX}${rppo}`;
}

export interface Principal {
  readonly subject: string;
  readonly email: string | undefined;
  readonly secretariat: boolean;
  readonly rppos: readonly RppoCode[];
}

/**
 * Reads `cognito:groups` in every shape it reaches a Lambda: a JSON array (tests, REST APIs), the
 * HTTP API's flattened string `"[secretariat rppo-EPPO]"`, or a single group name.
 */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string');
  if (typeof claim !== 'string') return [];
  const inner = claim.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner.split(/[\s,]+/).filter(Boolean);
}

/** Builds the principal from JWT claims already verified by the authorizer. */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal {
  const subject = claims?.sub;
  if (typeof subject !== 'string' || subject === '')
    throw new UnauthorizedError('A bearer token is required');
  const groups = parseGroups(claims?.['cognito:groups']);
  const rppos = groups.flatMap((group) => {
    if (!group.startsWith(RPPO_GROUP_PREFIX)) return [];
    const code = rppoCodeSchema().safeParse(group.slice(RPPO_GROUP_PREFIX.length));
    return code.success ? [code.data] : [];
  });
  return {
    subject,
    email: typeof claims?.email === 'string' ? claims.email : undefined,
    secretariat: groups.includes(SECRETARIAT_GROUP),
    rppos,
  };
}

export function requireSecretariat(principal: Principal): void {
  if (!principal.secretariat) {
    throw new ForbiddenError('Only the IPPC Secretariat may do this').coded({ code: 'onlySecretariat' });
  }
}

/** Anyone signed in with a role may read calls; a user with no group may not. */
export function requireAnyRole(principal: Principal): void {
  if (!principal.secretariat && principal.rppos.length === 0) {
    throw new ForbiddenError('Your account is not a member of the Secretariat or of an RPPO').coded({
      code: 'noRole',
    });
  }
}

/** The Secretariat reads every RPPO's input; an RPPO focal point only its own organization's. */
export function canRead(principal: Principal, rppo: RppoCode): boolean {
  return principal.secretariat || principal.rppos.includes(rppo);
}

export function requireRead(principal: Principal, rppo: RppoCode): void {
  if (!canRead(principal, rppo)) {
    throw new ForbiddenError(`You may not read the input of ${rppo}`).coded({
      code: 'mayNotRead',
      params: { rppo },
    });
  }
}

/** Only the RPPO's own focal points write its input; the Secretariat does not write for them. */
export function requireWrite(principal: Principal, rppo: RppoCode): void {
  if (!principal.rppos.includes(rppo)) {
    throw new ForbiddenError(`Only focal points of ${rppo} may change its input`).coded({
      code: 'onlyFocalPoints',
      params: { rppo },
    });
  }
}
