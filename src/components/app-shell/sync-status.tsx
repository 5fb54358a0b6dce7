'use client';

import { CloudOffIcon, RefreshCwIcon, TriangleAlertIcon, WifiIcon, type LucideIcon } from 'lucide-react';
import { useEffect } from 'react';
import { toast } from 'sonner';

import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useOnlineStatus } from '@/hooks/use-online-status';
import { cn } from '@/lib/utils/cn';

/**
 * What the top bar can say about synchronisation. Only `online`/`offline` are produced today (from
 * `navigator.onLine`); the sync engine will pass `syncing` and `error` through `state`.
 */
export type SyncState = 'online' | 'offline' | 'syncing' | 'error';

export type SyncStatusProps = {
  /** Overrides the browser's online flag once the sync engine knows better. */
  state?: SyncState;
  /** Local changes not yet accepted by the server (the outbox length). */
  pendingChanges?: number;
  className?: string;
};

type Presentation = { label: string; detail: string; icon: LucideIcon; tone: string; spin?: boolean };

const present = (state: SyncState, pendingChanges: number): Presentation => {
  const pending =
    pendingChanges > 0 ? ` ${pendingChanges} ${pendingChanges === 1 ? 'change is' : 'changes are'} waiting to sync.` : '';
  switch (state) {
    case 'online':
      return {
        label: 'Online',
        detail: `Connected to the network.${pending}`,
        icon: WifiIcon,
        tone: 'border-success/25 bg-success/10 text-success',
      };
    case 'offline':
      return {
        label: 'Offline',
        detail: `No network connection.${pending}`,
        icon: CloudOffIcon,
        tone: 'border-warning/30 bg-warning/10 text-warning',
      };
    case 'syncing':
      return {
        label: 'Syncing',
        detail: `Sending and receiving changes.${pending}`,
        icon: RefreshCwIcon,
        tone: 'border-info/25 bg-info/10 text-info',
        spin: true,
      };
    case 'error':
      return {
        label: 'Sync problem',
        detail: `Changes could not be synchronised; they are kept on this device.${pending}`,
        icon: TriangleAlertIcon,
        tone: 'border-destructive/25 bg-destructive/10 text-destructive',
      };
  }
};

/**
 * The connection/sync pill in the top bar (placeholder until the sync engine exists: it reflects
 * only the browser's online flag). It also raises a toast when the connection drops or returns,
 * because staff must notice that before they rely on data from other devices.
 */
export const SyncStatus = ({ state, pendingChanges = 0, className }: SyncStatusProps) => {
  const online = useOnlineStatus();
  const effective: SyncState = state ?? (online ? 'online' : 'offline');
  const { label, detail, icon: Icon, tone, spin } = present(effective, pendingChanges);

  useEffect(() => {
    // Only transitions: a tab opened while offline shows the pill without an extra toast.
    const onOffline = () =>
      toast.warning('You are offline', { id: 'connectivity', description: 'Reconnect to see changes from other devices.' });
    const onOnline = () => toast.success('Back online', { id: 'connectivity' });
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    };
  }, []);

  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button
          type="button"
          data-testid="sync-status"
          data-sync-state={effective}
          className={cn(
            'inline-flex h-8 items-center gap-1.5 rounded-full border px-3 text-xs font-medium whitespace-nowrap transition-colors outline-none',
            'focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background',
            tone,
            className,
          )}
        >
          <Icon className={cn('size-3.5', spin && 'motion-safe:animate-spin')} aria-hidden="true" />
          <span className="sr-only">Connection status: </span>
          {label}
          {pendingChanges > 0 ? (
            <span className="rounded-full bg-current/15 px-1.5 tabular-nums">{pendingChanges}</span>
          ) : null}
        </button>
      </TooltipTrigger>
      <TooltipContent side="bottom" align="end">
        {detail}
      </TooltipContent>
    </Tooltip>
  );
};
