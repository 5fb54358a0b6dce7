'use client';

import { MapPinIcon } from 'lucide-react';
import * as React from 'react';

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { LocalLocation } from '@/lib/local/scheduling-setup-query';

import { LocationDialog } from './location-dialog';
import { addressLine } from './setup-labels';
import { ActionsHead, RowActions, SetupSection } from './setup-section';
import { useSetupRows } from './use-setup-rows';

/** The practice's locations: name, address, time zone and phone. Locations are kept, not retired. */
export const LocationsTab = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const query = useSetupRows(practiceId, 'locations');
  const [editing, setEditing] = React.useState<{ location: LocalLocation | null } | null>(null);
  const locations = query.data ?? [];
  return (
    <>
      <SetupSection
      title="Locations"
      description="Where patients are seen. Each location has its own address and time zone; rooms, hours and holidays belong to a location."
      {...(canWrite ? { addLabel: 'Add location', onAdd: () => setEditing({ location: null }) } : {})}
      query={query}
      count={locations.length}
      empty={{ icon: MapPinIcon, title: 'No locations yet', description: 'Add the first place where patients are seen, with its time zone.' }}
    >
      <Table aria-label="Locations">
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Address</TableHead>
            <TableHead>Time zone</TableHead>
            <TableHead>Phone</TableHead>
            {canWrite ? <ActionsHead /> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {locations.map((location) => (
            <TableRow key={location.id} data-testid="location-row">
              <TableCell className="font-medium">{location.name}</TableCell>
              <TableCell>{addressLine([location.addressLine1, location.addressLine2, location.city, location.region, location.postalCode, location.country]) || '—'}</TableCell>
              <TableCell>{location.timeZone}</TableCell>
              <TableCell className="tabular-nums">{location.phone ?? '—'}</TableCell>
              {canWrite ? <RowActions name={location.name} onEdit={() => setEditing({ location })} /> : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      </SetupSection>
      {canWrite && editing !== null ? (
        <LocationDialog
          key={editing.location?.id ?? 'new'}
          practiceId={practiceId}
          location={editing.location}
          onOpenChange={(open) => {
            if (!open) {
              setEditing(null);
            }
          }}
        />
      ) : null}
    </>
  );
};
