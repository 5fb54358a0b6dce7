import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/*
 * Secrets in links (appointment action links, calendar feeds), made like invitation tokens: 32
 * random bytes as base64url in the link, only their hex SHA-256 in the database, so a database
 * reader holds no usable link. A plain hash is enough (no salt, no slow hash): the input is 256
 * random bits, not a guessable password.
 */

/** The hex SHA-256 of a link token, as stored in `token_hash` columns. */
export const hashLinkToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new random token and its hash. */
export const createLinkToken = (): { token: string; tokenHash: string } => {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashLinkToken(token) };
};
