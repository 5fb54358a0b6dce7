import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/*
 * Invitation tokens: the capability to join a practice. 32 random bytes (256 bits) go into the
 * link as base64url; the database stores only their hex SHA-256, so someone who can read the
 * table (a backup, a support query) cannot accept an invitation. A plain hash is enough, no salt
 * or slow hash: the input is random and 256 bits long, not a guessable password.
 */

/** The hex SHA-256 of a token, as stored in practice_invitations.token_hash. */
export const hashInvitationToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new random token and its hash. */
export const createInvitationToken = (): { token: string; tokenHash: string } => {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
};
