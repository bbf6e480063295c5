/**
 * Random secrets for API tokens, session cookies and CSRF tokens, and the one-way form
 * they are stored in. Each secret carries 256 random bits, so a plain SHA-256 is a safe
 * stored form (no salt or slow hash needed: nothing to guess), and comparing hashes of
 * the presented secret leaks nothing useful through timing.
 *
 * An API token reads `timely_<id>_<secret>`: the id (16 hex digits) finds the row and is
 * what `timely tokens revoke ID` takes; the secret proves possession. The prefix lets
 * secret scanners recognise a leaked token.
 */
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'timely_';
const TOKEN_SHAPE = /^timely_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export interface NewToken {
  readonly id: string;
  /** The whole token, shown to its owner once. */
  readonly token: string;
  readonly secretHash: string;
}

export function newToken(): NewToken {
  const id = randomBytes(8).toString('hex');
  const secret = newSecret();
  return { id, token: `${TOKEN_PREFIX}${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a presented token, or undefined when it is not one of ours. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN_SHAPE.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Token ids as `timely tokens revoke ID` takes them. */
export function isTokenId(text: string): boolean {
  return /^[0-9a-f]{16}$/.test(text);
}
