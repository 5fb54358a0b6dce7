'use client';

import { SearchIcon, XIcon } from 'lucide-react';
import * as React from 'react';

import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

import { listName } from '../patients/patient-names';
import { usePatientList } from '../patients/use-patients';

type PatientPickerProps = {
  practiceId: string;
  id: string;
  /** The chosen patient's label ("Doe, Jane · 1984-07-19"), or null. */
  selected: { id: string; label: string } | null;
  onSelect: (patient: { id: string; label: string } | null) => void;
  invalid?: boolean;
};

/**
 * Finds a patient on this device by name, date of birth, MRN or phone (the patients list's search)
 * and picks one. The typed text stays in memory: never in a URL.
 */
export const PatientPicker = ({ practiceId, id, selected, onSelect, invalid = false }: PatientPickerProps) => {
  const [search, setSearch] = React.useState('');
  const q = React.useDeferredValue(search);
  const list = usePatientList({ practiceId, q, includeArchived: false, limit: 8 });
  const listId = `${id}-results`;

  if (selected !== null) {
    return (
      <div className="flex items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm">
        <span className="font-medium" data-testid="chosen-patient">
          {selected.label}
        </span>
        <Button type="button" variant="ghost" size="sm" onClick={() => onSelect(null)}>
          <XIcon aria-hidden="true" />
          Change<span className="sr-only"> patient</span>
        </Button>
      </div>
    );
  }

  const patients = q.trim() === '' ? [] : (list.data?.patients ?? []);
  return (
    <div className="grid gap-2">
      <div className="relative">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
        <Input
          id={id}
          type="search"
          className="pl-9"
          autoComplete="off"
          placeholder="Name, date of birth, MRN or phone"
          aria-invalid={invalid}
          aria-controls={listId}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      {q.trim() === '' ? null : (
        <ul id={listId} aria-label="Matching patients" className="grid max-h-48 gap-1 overflow-y-auto">
          {patients.length === 0 ? (
            <li className="px-2 text-sm text-muted-foreground">{list.isPending ? 'Searching…' : 'No patient matches.'}</li>
          ) : (
            patients.map((patient) => {
              const label = `${listName(patient)} · ${patient.dateOfBirth ?? ''}`;
              return (
                <li key={patient.id}>
                  <Button type="button" variant="ghost" className="w-full justify-start" onClick={() => onSelect({ id: patient.id, label })}>
                    {label}
                  </Button>
                </li>
              );
            })
          )}
        </ul>
      )}
    </div>
  );
};
