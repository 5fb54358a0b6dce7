import 'server-only';
import { AppError } from '@/lib/api/errors';
import { checkProtocolVersion, OLDEST_ACCEPTED_PROTOCOL_VERSION, SYNC_PROTOCOL_VERSION } from '../protocol/version';

/** Refuses a client that speaks a protocol this server cannot answer (typed `UPGRADE_REQUIRED`). */
export const assertProtocolVersion = (clientVersion: number): void => {
  const verdict = checkProtocolVersion(clientVersion);
  if (verdict === 'upgrade_required') {
    throw new AppError(
      'UPGRADE_REQUIRED',
      `This version of the app is too old to sync (protocol ${clientVersion}, oldest accepted ${OLDEST_ACCEPTED_PROTOCOL_VERSION}); reload to update. Unsynced changes are kept.`,
    );
  }
  if (verdict === 'unknown') {
    throw new AppError(
      'UPGRADE_REQUIRED',
      `The server speaks sync protocol ${SYNC_PROTOCOL_VERSION}, older than this app's ${clientVersion}; try again in a few minutes.`,
    );
  }
};
