'use client';

import { ArchiveIcon, ArchiveRestoreIcon, EllipsisIcon, PencilIcon, SearchIcon, UserPlusIcon, UsersIcon } from 'lucide-react';
import * as React from 'react';
import { toast } from 'sonner';

import { useLocalData } from '@/components/local-data/local-data-context';
import { useMutate } from '@/components/local-data/use-mutate';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { PROVISIONAL_MRN_PREFIX } from '@/lib/domain/patients/schemas';
import type { LocalPatient } from '@/lib/local/patient-list-query';

import { ArchivePatientDialog } from './archive-patient-dialog';
import { PatientFormDialog } from './patient-form-dialog';
import { listName } from './patient-names';
import { usePatientList } from './use-patients';

/** Rows per "page": the list grows by this much with each "Show more". */
const PAGE = 50;

const MrnCell = ({ mrn }: { mrn: string }) =>
  mrn.startsWith(PROVISIONAL_MRN_PREFIX) ? (
    // Words, not only colour: the number is the device's placeholder until the server assigns one.
    <Badge variant="warning" title="Assigned when this record reaches the server">
      MRN pending
    </Badge>
  ) : (
    <span className="font-mono tabular-nums">{mrn}</span>
  );

/**
 * The practice's patients from the device database (issue #6 §3): works the same offline. Search
 * by name, birth date, MRN or phone; archived patients on request; new and edited patients are
 * saved here and synced. Search text stays in memory: a URL never carries patient data.
 */
export const PatientsScreen = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const { state, syncStatus } = useLocalData();
  const [search, setSearch] = React.useState('');
  const q = React.useDeferredValue(search);
  const [includeArchived, setIncludeArchived] = React.useState(false);
  const [limit, setLimit] = React.useState(PAGE);
  const [editing, setEditing] = React.useState<{ patient: LocalPatient | null } | null>(null);
  const [archiving, setArchiving] = React.useState<LocalPatient | null>(null);
  const list = usePatientList({ practiceId, q, includeArchived, limit });
  const mutate = useMutate();

  // Restoring only undoes an archive, so it needs no confirmation; archiving asks first (ArchivePatientDialog).
  const restore = async (patient: LocalPatient) => {
    try {
      await mutate('patients.archive', { practiceId, patientId: patient.id, archived: false });
      toast.success('Patient restored', { description: 'Back in the patient list; it syncs when the network allows.' });
    } catch {
      toast.error('The patient could not be restored.');
    }
  };

  if (state.kind === 'revoked' || state.kind === 'failed') {
    // LocalDataNotice above the page says why.
    return null;
  }

  const patients = list.data?.patients ?? [];
  const firstSync = syncStatus === null || syncStatus.lastSyncedAt === null;

  return (
    <div className="grid gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="relative flex-1">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
          <Input
            type="search"
            aria-label="Search patients"
            placeholder="Name, date of birth, MRN or phone"
            className="pl-9"
            autoComplete="off"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              // A new search starts from the first page.
              setLimit(PAGE);
            }}
          />
        </div>
        <div className="flex items-center gap-2">
          <Checkbox id="include-archived" checked={includeArchived} onCheckedChange={(checked) => {
              setIncludeArchived(checked === true);
              setLimit(PAGE);
            }}
          />
          <Label htmlFor="include-archived">Show archived</Label>
        </div>
        {canWrite ? (
          <Button onClick={() => setEditing({ patient: null })} disabled={state.kind !== 'ready'}>
            <UserPlusIcon aria-hidden="true" />
            New patient
          </Button>
        ) : null}
      </div>

      {state.kind === 'opening' || list.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Loading patients">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} className="h-10 w-full" />
          ))}
        </div>
      ) : list.isError ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          The patient list could not be read from this device: {list.error.message}.
        </p>
      ) : patients.length === 0 ? (
        <EmptyState
          icon={UsersIcon}
          title={q.trim() !== '' ? 'No patient matches' : firstSync ? 'Downloading patients' : 'No patients yet'}
          description={
            q.trim() !== ''
              ? 'Try a family name, a given name, a date of birth such as 1984-07-19, a record number or a phone number.'
              : firstSync
                ? "The practice's patients appear here as they download to this device."
                : 'Register the first patient of this practice.'
          }
        />
      ) : (
        <>
          <Table aria-label="Patients">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Date of birth</TableHead>
                <TableHead>MRN</TableHead>
                <TableHead>Phone</TableHead>
                {canWrite ? (
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {patients.map((patient) => (
                <TableRow key={patient.id} data-testid="patient-row">
                  <TableCell className="font-medium">
                    {listName(patient)}
                    {patient.archivedAt !== null ? (
                      <Badge variant="secondary" className="ml-2">
                        Archived
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell className="tabular-nums">{patient.dateOfBirth}</TableCell>
                  <TableCell>
                    <MrnCell mrn={patient.mrn} />
                  </TableCell>
                  <TableCell className="tabular-nums">{patient.phoneMobile ?? patient.phoneHome ?? '—'}</TableCell>
                  {canWrite ? (
                    <TableCell className="text-right whitespace-nowrap">
                      <Button variant="ghost" size="sm" onClick={() => setEditing({ patient })}>
                        <PencilIcon aria-hidden="true" />
                        Edit<span className="sr-only"> {listName(patient)}</span>
                      </Button>
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon-sm" aria-label={`More actions for ${listName(patient)}`}>
                            <EllipsisIcon aria-hidden="true" />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          {patient.archivedAt === null ? (
                            <DropdownMenuItem variant="destructive" onSelect={() => setArchiving(patient)}>
                              <ArchiveIcon aria-hidden="true" />
                              Archive…
                            </DropdownMenuItem>
                          ) : (
                            <DropdownMenuItem onSelect={() => void restore(patient)}>
                              <ArchiveRestoreIcon aria-hidden="true" />
                              Restore
                            </DropdownMenuItem>
                          )}
                        </DropdownMenuContent>
                      </DropdownMenu>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className="flex items-center justify-between text-sm text-muted-foreground">
            <p aria-live="polite">
              {patients.length} {patients.length === 1 ? 'patient' : 'patients'} shown
            </p>
            {list.data?.hasMore ? (
              <Button variant="outline" onClick={() => setLimit((current) => current + PAGE)}>
                Show more
              </Button>
            ) : null}
          </div>
        </>
      )}

      {canWrite && editing !== null ? (
        <PatientFormDialog
          key={editing.patient?.id ?? 'new'}
          practiceId={practiceId}
          patient={editing.patient}
          open
          onOpenChange={(open) => {
            if (!open) {
              setEditing(null);
            }
          }}
        />
      ) : null}

      {canWrite && archiving !== null ? (
        <ArchivePatientDialog
          key={archiving.id}
          practiceId={practiceId}
          patient={archiving}
          onOpenChange={(open) => {
            if (!open) {
              setArchiving(null);
            }
          }}
        />
      ) : null}
    </div>
  );
};
