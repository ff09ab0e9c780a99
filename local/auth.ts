/**
 * Local stand-in for Cognito and the HTTP API's JWT authorizer: signs tokens with Cognito's claim
 * shape using a key kept under .data/, and verifies them (signature, issuer, audience, expiry) the
 * way the deployed authorizer does.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { rppoGroup, SECRETARIAT_GROUP } from '#domain/access.ts';
import { type RppoCode, rppoCodeSchema } from '#domain/rppos.ts';

export const LOCAL_ISSUER = 'urn:rppo-proposal-pipeline:local';
export const LOCAL_AUDIENCE = 'rppo-proposal-web';
const ALGORITHM = 'ES256';
const TOKEN_LIFETIME = '8h';

export type LocalRole = { role: 'secretariat' } | { role: 'rppo'; rppo: RppoCode };

/** The sign-in page's choice (`secretariat` or `rppo:<CODE>`) as a role; undefined when it is neither. */
export function roleOfChoice(who: string | null | undefined): LocalRole | undefined {
  if (who === 'secretariat') return { role: 'secretariat' };
  const rppo = rppoCodeSchema().safeParse(/^rppo:(.+)$/.exec(who ?? '')?.[1]);
  return rppo.success ? { role: 'rppo', rppo: rppo.data } : undefined;
}

export interface TokenVariant {
  /** Epoch seconds. */
  readonly expiresAt?: number;
  readonly audience?: string;
  readonly issuer?: string;
  /**
   * Cognito's `origin_jti`: the same in every ID token issued from one sign-in's refresh token (the
   * local managed login sets it). A token with it also gets a `jti` of its own, as Cognito's do.
   */
  readonly originJti?: string;
}

export interface LocalAuth {
  /** `variant` makes tokens the authorizer must refuse (expired, another audience or issuer), for tests. */
  sign(role: LocalRole, variant?: TokenVariant): Promise<string>;
  /** Verified claims, or undefined when the token would be refused by the authorizer. */
  verify(token: string): Promise<JWTPayload | undefined>;
  /** The public key as a JSON Web Key Set, as Cognito publishes its own at `.../.well-known/jwks.json`. */
  jwks(): { keys: JWK[] };
}

type KeyFile = { privateKey: JWK; publicKey: JWK };

async function loadOrCreateKeys(keyFile: string | undefined): Promise<KeyFile> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as KeyFile;
  const pair = await generateKeyPair(ALGORITHM, { extractable: true });
  const keys = { privateKey: await exportJWK(pair.privateKey), publicKey: await exportJWK(pair.publicKey) };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
}

/** Creates the local signer and verifier; the key is kept in `keyFile` if given (else in memory). */
export async function createLocalAuth(keyFile?: string): Promise<LocalAuth> {
  const jwks = await loadOrCreateKeys(keyFile);
  const privateKey = await importJWK(jwks.privateKey, ALGORITHM);
  const publicKey = await importJWK(jwks.publicKey, ALGORITHM);
  // Cognito names its keys; verifiers that fetch a key set pick the key by this id.
  const kid = await calculateJwkThumbprint(jwks.publicKey);
  const publicJwk: JWK = { ...jwks.publicKey, kid, alg: ALGORITHM, use: 'sig' };
  return {
    jwks: () => ({ keys: [publicJwk] }),
    sign(login, variant = {}) {
      const groups = login.role === 'secretariat' ? [SECRETARIAT_GROUP] : [rppoGroup(login.rppo)];
      const name = login.role === 'secretariat' ? 'secretariat' : login.rppo.toLowerCase();
      const revocation = variant.originJti ? { origin_jti: variant.originJti, jti: randomUUID() } : {};
      return new SignJWT({
        email: `${name}@example.org`,
        'cognito:groups': groups,
        token_use: 'id',
        ...revocation,
      })
        .setProtectedHeader({ alg: ALGORITHM, kid })
        .setSubject(`local-${name}`)
        .setIssuer(variant.issuer ?? LOCAL_ISSUER)
        .setAudience(variant.audience ?? LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(variant.expiresAt ?? TOKEN_LIFETIME)
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: [ALGORITHM],
        });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}
