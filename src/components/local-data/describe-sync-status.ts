import type { LocalSyncStatus } from '@/lib/local/browser/local-database';

import type { LocalDataState } from './local-data-context';

/*
 * What the top bar says about sync (issue #6 §6), as words first: every state has a label, so
 * colour is never the only signal. Pure, so the rules are tested without a browser.
 */

export type SyncTone = 'ok' | 'busy' | 'warning' | 'error' | 'muted';

export type SyncStatusView = {
  tone: SyncTone;
  /** One or two words: Online, Offline, Syncing, Sync problem, Downloading… */
  label: string;
  /** Changes made here and not yet confirmed by the server. */
  pending: number;
  /** "synced 5 min ago", or null before the first successful sync. */
  lastSynced: string | null;
  /** A sentence for the tooltip and screen readers. */
  detail: string;
  /** Unsynced changes older than a day: said in words, not only by colour. */
  stale: boolean;
  /**
   * The first download's progress, for a progress bar: rows received so far and the percent of the
   * way (null when the server does not say how far it is). Null outside the first download.
   */
  download: { rows: number; percent: number | null } | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;

const ERROR_TEXT: Record<NonNullable<LocalSyncStatus['error']>['kind'], string> = {
  network: 'The server could not be reached; changes are kept on this device and sent when it can be.',
  server: 'The server had a problem; sync will try again shortly.',
  rate_limited: 'Too many requests; sync will try again shortly.',
  unauthenticated: 'Your session ended. Sign in again to sync.',
  forbidden: 'Your role no longer allows syncing this practice.',
  upgrade_required: 'This version of the app is out of date. Reload the page to update it.',
  revoked: 'Access from this browser was revoked.',
};

const ROWS = new Intl.NumberFormat('en');

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "3 hours ago", "yesterday". */
export const relativeTime = (at: Date, now: Date): string => {
  const seconds = Math.round((at.getTime() - now.getTime()) / 1000);
  const past = Math.abs(seconds);
  if (past < 45) {
    return 'just now';
  }
  if (past < 3600) {
    return RELATIVE.format(Math.round(seconds / 60), 'minute');
  }
  if (past < 86_400) {
    return RELATIVE.format(Math.round(seconds / 3600), 'hour');
  }
  return RELATIVE.format(Math.round(seconds / 86_400), 'day');
};

const pendingText = (pending: number) => (pending === 0 ? '' : ` ${pending} ${pending === 1 ? 'change is' : 'changes are'} waiting to sync.`);

export const describeSyncStatus = ({
  status,
  database,
  browserOnline,
  now,
}: {
  status: LocalSyncStatus | null;
  database: LocalDataState['kind'];
  browserOnline: boolean;
  now: Date;
}): SyncStatusView => {
  const pending = status?.pending ?? 0;
  const lastSynced = status?.lastSyncedAt ? `synced ${relativeTime(new Date(status.lastSyncedAt), now)}` : null;
  const stale = status?.oldestPendingAt ? now.getTime() - new Date(status.oldestPendingAt).getTime() > DAY_MS : false;
  const staleText = stale ? ' Some changes have waited more than a day: connect to the network to send them.' : '';
  const base = { pending, lastSynced, stale, download: null };

  switch (database) {
    case 'revoked':
      return { ...base, tone: 'error', label: 'Access revoked', detail: 'Access from this browser was revoked; its practice data was deleted.' };
    case 'failed':
      return { ...base, tone: 'error', label: 'Not available', detail: 'The practice data on this device could not be opened.' };
    case 'locked':
      return { ...base, tone: 'muted', label: 'Locked', detail: 'The practice data on this device is locked until you enter your password.' };
    case 'opening':
    case 'ready':
      break;
  }
  if (status === null) {
    return { ...base, tone: 'muted', label: browserOnline ? 'Opening…' : 'Offline', detail: 'Opening the practice data on this device.' };
  }
  const online = browserOnline && status.online;
  if (!online) {
    return { ...base, tone: 'warning', label: 'Offline', detail: `No network connection; you are working on this device's copy.${pendingText(pending)}${staleText}` };
  }
  if (status.lastSyncedAt === null && status.error === null) {
    // The first download of the practice's data: rows always, the percent when the server says
    // how far it has to go (src/lib/sync/client/pull-progress.ts).
    const rows = status.progress?.applied ?? 0;
    const percent = status.progress?.percent ?? null;
    const label = `Downloading ${ROWS.format(rows)} ${rows === 1 ? 'row' : 'rows'}${percent === null ? '' : ` · ${percent}%`}`;
    return {
      ...base,
      tone: 'busy',
      label,
      detail: 'Downloading the practice data to this device for the first time.',
      download: { rows, percent },
    };
  }
  if (status.error !== null) {
    return { ...base, tone: 'error', label: 'Sync problem', detail: `${ERROR_TEXT[status.error.kind]}${pendingText(pending)}${staleText}` };
  }
  if (status.phase === 'pushing' || status.phase === 'pulling') {
    return { ...base, tone: stale ? 'warning' : 'busy', label: 'Syncing', detail: `Sending and receiving changes.${pendingText(pending)}${staleText}` };
  }
  return { ...base, tone: stale ? 'warning' : 'ok', label: 'Online', detail: `Connected.${pendingText(pending)}${staleText}` };
};
