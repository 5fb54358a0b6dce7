'use client';

import * as React from 'react';
import { toast } from 'sonner';

import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { LocalDbError } from '@/lib/local/browser/local-database';
import type { LocalPatient } from '@/lib/local/patient-list-query';

import { displayName } from './patient-names';

type ArchivePatientDialogProps = {
  practiceId: string;
  patient: LocalPatient;
  onOpenChange: (open: boolean) => void;
  /** After the archive was saved (the dialog has asked to close). */
  onArchived?: () => void;
};

/**
 * Asks before archiving a patient: archiving hides the record from the list (it is kept, and can be
 * restored with "Show archived"). Saved on this device through `patients.archive`, so it works
 * offline and syncs like any change.
 */
export const ArchivePatientDialog = ({ practiceId, patient, onOpenChange, onArchived }: ArchivePatientDialogProps) => {
  const mutate = useMutate();
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const name = displayName(patient);

  const archive = async () => {
    setBusy(true);
    setError(null);
    try {
      await mutate('patients.archive', { practiceId, patientId: patient.id, archived: true });
      toast.success('Patient archived', { description: 'Saved on this device; it syncs when the network allows.' });
      onOpenChange(false);
      onArchived?.();
    } catch (caught) {
      setError(caught instanceof LocalDbError ? `The patient could not be archived: ${caught.message}.` : 'The patient could not be archived.');
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent role="alertdialog" className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Archive {name}?</DialogTitle>
          <DialogDescription>
            {name} will be hidden from the patient list. Nothing is deleted: you can restore the record from &ldquo;Show archived&rdquo;.
          </DialogDescription>
        </DialogHeader>
        {error !== null ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button variant="destructive" disabled={busy} onClick={() => void archive()}>
            {busy ? 'Archiving…' : 'Archive patient'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
