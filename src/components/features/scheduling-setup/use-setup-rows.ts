'use client';

import * as React from 'react';

import { useLocalQuery } from '@/components/local-data/use-local-query';
import { setupRowsStatement, toSetupRows, type SetupTable } from '@/lib/local/scheduling-setup-query';

/*
 * The practice's scheduling set-up, read from the device database (CONVENTIONS §7): refreshed
 * whenever a local change or a pull touches the table, in this tab or another; works offline.
 */

/** The live rows of one set-up table, in the order its list shows them. */
export const useSetupRows = <T extends SetupTable>(practiceId: string, table: T) =>
  useLocalQuery(['scheduling-setup', table, practiceId], [table], async (db) => {
    const { sql, params } = setupRowsStatement(table, practiceId);
    return toSetupRows(table, await db.all<{ data: string }>(sql, params));
  });

/** Locations and providers with their names by id, for the lists and pickers that point at them. */
export const useSetupNames = (practiceId: string) => {
  const locations = useSetupRows(practiceId, 'locations');
  const providers = useSetupRows(practiceId, 'providers');
  const locationNames = React.useMemo(() => new Map((locations.data ?? []).map((location) => [location.id, location.name])), [locations.data]);
  const providerNames = React.useMemo(() => new Map((providers.data ?? []).map((provider) => [provider.id, provider.displayName])), [providers.data]);
  return { locations: locations.data ?? [], providers: providers.data ?? [], locationNames, providerNames };
};
