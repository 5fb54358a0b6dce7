'use client';

import { CloudDownloadIcon, CloudOffIcon, LoaderIcon, RefreshCwIcon, TriangleAlertIcon, WifiIcon, type LucideIcon } from 'lucide-react';
import * as React from 'react';
import { toast } from 'sonner';

import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useOnlineStatus } from '@/hooks/use-online-status';
import { cn } from '@/lib/utils/cn';

import { describeSyncStatus, type SyncTone } from './describe-sync-status';
import { useSyncStatus } from './use-sync-status';

const TONES: Record<SyncTone, string> = {
  ok: 'border-success/25 bg-success/10 text-success',
  busy: 'border-info/25 bg-info/10 text-info',
  warning: 'border-warning/30 bg-warning/10 text-warning',
  error: 'border-destructive/25 bg-destructive/10 text-destructive',
  muted: 'border-border bg-muted text-muted-foreground',
};

const iconOf = (label: string, tone: SyncTone): { icon: LucideIcon; spin: boolean } => {
  if (label === 'Offline') {
    return { icon: CloudOffIcon, spin: false };
  }
  if (label.startsWith('Downloading')) {
    return { icon: CloudDownloadIcon, spin: false };
  }
  if (label === 'Syncing') {
    return { icon: RefreshCwIcon, spin: true };
  }
  if (label === 'Opening…') {
    return { icon: LoaderIcon, spin: true };
  }
  return { icon: tone === 'error' || tone === 'warning' ? TriangleAlertIcon : WifiIcon, spin: false };
};

/** Re-renders every half minute, so "synced 2 minutes ago" stays true. */
const useNow = (): Date => {
  const [now, setNow] = React.useState(() => new Date());
  React.useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
};

/** The first download's percent as a bar, for eyes and for assistive technology (the label says it in words too). */
const DownloadBar = ({ percent }: { percent: number }) => (
  <span
    role="progressbar"
    aria-label="First download of the practice data"
    aria-valuemin={0}
    aria-valuemax={100}
    aria-valuenow={percent}
    className="h-1.5 w-16 overflow-hidden rounded-full bg-info/20"
  >
    <span className="block h-full rounded-full bg-info motion-safe:transition-[width]" style={{ width: `${percent}%` }} />
  </span>
);

/**
 * The sync pill in the top bar (issue #6 §6), always visible: online or offline, changes waiting,
 * the last successful sync, errors, the first download's progress, and a warning in words when
 * changes have waited more than a day. A live region, so screen readers hear it change.
 */
export const SyncStatusIndicator = () => {
  const { status, database, role } = useSyncStatus();
  const browserOnline = useOnlineStatus();
  const now = useNow();
  const view = describeSyncStatus({ status, database, browserOnline, now });
  const { icon: Icon, spin } = iconOf(view.label, view.tone);
  const percent = view.download?.percent ?? null;

  React.useEffect(() => {
    // Only transitions: a tab opened while offline shows the pill without an extra toast.
    const onOffline = () => toast.warning('You are offline', { id: 'connectivity', description: 'Your work is kept on this device and sent when you reconnect.' });
    const onOnline = () => toast.success('Back online', { id: 'connectivity' });
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    };
  }, []);

  return (
    <span className="inline-flex items-center gap-2">
      {/* Beside the button, not in it: a button's content is read as its name, and a progress bar there would be flattened into text. */}
      {percent !== null ? <DownloadBar percent={percent} /> : null}
      <Tooltip>
        <TooltipTrigger asChild>
          <button
            type="button"
            data-testid="sync-status"
            data-pending={view.pending}
            // Which tab holds the database and runs sync: tests (two tabs) and support read it.
            data-local-db-role={role ?? undefined}
            className={cn(
              'inline-flex h-8 items-center gap-1.5 rounded-full border px-3 text-xs font-medium whitespace-nowrap outline-none',
              'focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background',
              TONES[view.tone],
            )}
          >
            <Icon className={cn('size-3.5', spin && 'motion-safe:animate-spin')} aria-hidden="true" />
            <span role="status" aria-live="polite" className="inline-flex items-center gap-1.5">
              <span className="sr-only">Sync status: </span>
              <span>{view.label}</span>
              {view.pending > 0 ? <span className="tabular-nums">· {view.pending} pending</span> : null}
              {view.stale ? <span>· waiting over a day</span> : null}
              {view.lastSynced !== null ? <span className="hidden text-current/80 md:inline">· {view.lastSynced}</span> : null}
            </span>
          </button>
        </TooltipTrigger>
        <TooltipContent side="bottom" align="end" className="max-w-xs">
          {view.detail}
        </TooltipContent>
      </Tooltip>
    </span>
  );
};
