'use client';

import { QueryClient, QueryClientProvider, type Query } from '@tanstack/react-query';
import * as React from 'react';

import { browserDeviceLabel, browserKeyring } from '@/lib/local/browser-keyring';
import { connectLocalDatabase, wipeLocalDatabase, type LocalDatabase, type LocalSyncStatus } from '@/lib/local/browser/local-database';
import { DeviceRevokedError } from '@/lib/local/device-keyring';
import { DeviceServerError } from '@/lib/local/fetch-device-server';

import { LocalDataContext, type LocalDataState } from './local-data-context';
import { tablesOfQuery } from './use-local-query';

/*
 * The device database for the signed-in shell (issue #6 §3): unlocks this browser's device online
 * through the keyring (registering one on first use), joins the tabs of its database with sync for
 * the user, and hands screens the database, a QueryClient whose local queries refresh when a
 * write or pull touches their tables, and the sync status. A device the server revoked is wiped
 * here, whether the unlock or a sync request found out.
 */

/** Local queries never wait for the network (TanStack Query pauses queries offline by default). */
const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', staleTime: Number.POSITIVE_INFINITY, retry: false, refetchOnWindowFocus: false },
      mutations: { networkMode: 'always', retry: false },
    },
  });

const failureOf = (error: unknown): Extract<LocalDataState, { kind: 'failed' }>['reason'] => {
  if (error instanceof DeviceServerError && error.code === 'UNAUTHENTICATED') {
    return 'signed_out';
  }
  if (error instanceof TypeError || (typeof navigator !== 'undefined' && !navigator.onLine)) {
    // fetch rejects with a TypeError when there is no network.
    return 'offline';
  }
  return 'unavailable';
};

type LocalDataProviderProps = { userId: string; practiceId: string | null; children: React.ReactNode };

export const LocalDataProvider = ({ userId, practiceId, children }: LocalDataProviderProps) => {
  const [queryClient] = React.useState(createQueryClient);
  const [state, setState] = React.useState<LocalDataState>({ kind: 'opening' });
  const [syncStatus, setSyncStatus] = React.useState<LocalSyncStatus | null>(null);

  React.useEffect(() => {
    let stopped = false;
    let db: LocalDatabase | undefined;
    const unsubscribe: (() => void)[] = [];

    const revoked = async (wipe: () => Promise<void>) => {
      try {
        await wipe();
      } finally {
        await browserKeyring().forget(userId);
        queryClient.clear();
        if (!stopped) {
          setState({ kind: 'revoked' });
        }
      }
    };

    const open = async () => {
      const keyring = browserKeyring();
      const { device } = await keyring.openOnline({ userId, label: browserDeviceLabel() });
      // The device id is the replica's sync client id: revoking the device stops its sync.
      const opened = await connectLocalDatabase({ fileName: device.fileName, key: device.keyHex, sync: { userId, clientId: device.deviceId } });
      if (stopped) {
        await opened.close();
        return;
      }
      db = opened;
      let wiping = false;
      unsubscribe.push(
        opened.onTablesChanged((tables) => {
          void queryClient.invalidateQueries({ predicate: (query: Query) => tablesOfQuery(query).some((table) => tables.includes(table)) });
        }),
        opened.onSyncStatus((status) => {
          setSyncStatus(status);
          if (status.error?.kind === 'revoked' && !wiping) {
            wiping = true;
            void revoked(() => opened.wipe());
          }
        }),
      );
      setState({ kind: 'ready', db: opened });
      // Later statuses arrive through onSyncStatus; a failure here shows as no status until then.
      const status = await opened.getSyncStatus().catch(() => null);
      if (status !== null && !stopped) {
        setSyncStatus((current) => current ?? status);
      }
    };

    open().catch((error: unknown) => {
      if (stopped) {
        return;
      }
      if (error instanceof DeviceRevokedError) {
        // The keyring already forgot the device; its file goes too.
        void revoked(() => wipeLocalDatabase({ fileName: error.record.fileName }));
        return;
      }
      setState({ kind: 'failed', reason: failureOf(error) });
    });

    return () => {
      stopped = true;
      for (const stop of unsubscribe) {
        stop();
      }
      void db?.close();
    };
  }, [userId, queryClient]);

  const value = React.useMemo(() => ({ state, syncStatus, userId, practiceId }), [state, syncStatus, userId, practiceId]);
  return (
    <QueryClientProvider client={queryClient}>
      <LocalDataContext.Provider value={value}>
        {children}
      </LocalDataContext.Provider>
    </QueryClientProvider>
  );
};
