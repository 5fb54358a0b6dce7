'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import * as React from 'react';

import type { LocalSyncStatus } from '@/lib/local/browser/local-database';

import { LocalDataContext, type LocalDataContextValue, type LocalDataState, type SignOutOptions } from './local-data-context';
import { LocalSession } from './local-session';

/*
 * The device database for the signed-in shell (issue #6 §3, §5): unlocks this browser's device
 * online through the keyring (registering one on first use), or, offline, waits locked for the
 * person's password (LocalDataNotice shows the unlock screen instead of the page); joins the tabs
 * of its database with sync for the user, and hands screens the database, a QueryClient whose local
 * queries refresh when a write or pull touches their tables, and the sync status. The transitions
 * (unlock, idle lock, sign-out with the shared-device wipe, revocation) are LocalSession's.
 */

/** Local queries never wait for the network (TanStack Query pauses queries offline by default). */
const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', staleTime: Number.POSITIVE_INFINITY, retry: false, refetchOnWindowFocus: false },
      mutations: { networkMode: 'always', retry: false },
    },
  });

type LocalDataProviderProps = { userId: string; practiceId: string | null; children: React.ReactNode };

export const LocalDataProvider = ({ userId, practiceId, children }: LocalDataProviderProps) => {
  const [queryClient] = React.useState(createQueryClient);
  const [state, setState] = React.useState<LocalDataState>({ kind: 'opening' });
  const [syncStatus, setSyncStatus] = React.useState<LocalSyncStatus | null>(null);
  // Bumped when the key leaves the page: the shell's components mount afresh, so no open form or
  // dialog keeps patient data in its own state behind the unlock screen.
  const [generation, setGeneration] = React.useState(0);
  const session = React.useRef<LocalSession | null>(null);

  React.useEffect(() => {
    const current = new LocalSession({
      userId,
      queryClient,
      onState: setState,
      onSyncStatus: setSyncStatus,
      onKeyDropped: () => setGeneration((value) => value + 1),
    });
    session.current = current;
    current.start();
    return () => {
      current.stop();
      if (session.current === current) {
        session.current = null;
      }
    };
  }, [userId, queryClient]);

  const actions = React.useMemo(
    () => ({
      unlock: (password: string) => session.current?.unlock(password) ?? Promise.resolve({ kind: 'unavailable' as const }),
      unlockWithPasskey: () => session.current?.unlockWithPasskey() ?? Promise.resolve({ kind: 'error' as const }),
      lockForIdle: () => session.current?.lockForIdle() ?? Promise.resolve(),
      signOut: (options?: SignOutOptions) => session.current?.signOut(options) ?? Promise.resolve({ kind: 'offline' as const }),
      removeThisDevice: () =>
        session.current?.removeThisDevice() ?? Promise.resolve({ kind: 'unsynced' as const, work: 'unknown' as const }),
    }),
    [],
  );

  const value = React.useMemo<LocalDataContextValue>(
    () => ({ state, syncStatus, userId, practiceId, ...actions }),
    [state, syncStatus, userId, practiceId, actions],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <LocalDataContext.Provider value={value}>
        <React.Fragment key={generation}>{children}</React.Fragment>
      </LocalDataContext.Provider>
    </QueryClientProvider>
  );
};
