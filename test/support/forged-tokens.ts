/** Tokens an attacker can make without the local signing key: the authorizer and the web session must refuse them. */
import { generateKeyPair, SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/auth.ts';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with the right issuer and audience signed by another key, and one with `alg: none`. */
export async function foreignTokens(
  claims: Record<string, unknown>,
): Promise<{ anotherKey: string; unsigned: string }> {
  const other = await generateKeyPair('ES256');
  const anotherKey = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject('mallory')
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setExpirationTime('1h')
    .sign(other.privateKey);
  const unsigned = `${encode({ alg: 'none' })}.${encode({ ...claims, sub: 'mallory', exp: 4102444800 })}.`;
  return { anotherKey, unsigned };
}

/** A real token whose payload was replaced: its signature no longer matches. */
export function tamperedToken(valid: string, claims: Record<string, unknown>): string {
  const [header, , signature] = valid.split('.');
  return `${header}.${encode({ ...claims, sub: 'mallory', exp: 4102444800 })}.${signature}`;
}
