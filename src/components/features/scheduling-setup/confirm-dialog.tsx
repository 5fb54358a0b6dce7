'use client';

import * as React from 'react';
import { toast } from 'sonner';

import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { LocalDbError } from '@/lib/local/browser/local-database';

import { SYNC_NOTE } from './setup-section';

/** One or more set-up mutations run together (a week of working hours is several rows). */
export type SetupChange = { name: string; args: unknown };

const failure = (error: unknown) => (error instanceof LocalDbError ? `Not saved: ${error.message}.` : 'Not saved: something went wrong on this device.');

/** Runs set-up mutations in order on this device, then says so in a toast; answers whether all were saved. */
export const useSetupChange = () => {
  const mutate = useMutate();
  return React.useCallback(
    async (changes: readonly SetupChange[], done: string): Promise<boolean> => {
      try {
        for (const change of changes) {
          await mutate(change.name, change.args);
        }
        toast.success(done, { description: SYNC_NOTE });
        return true;
      } catch (error) {
        toast.error(failure(error));
        return false;
      }
    },
    [mutate],
  );
};

type ConfirmDialogProps = {
  title: string;
  description: React.ReactNode;
  /** The confirming button, e.g. "Retire room". */
  confirmLabel: string;
  changes: readonly SetupChange[];
  /** The toast's title once saved, e.g. "Room retired". */
  done: string;
  onOpenChange: (open: boolean) => void;
};

/**
 * Asks before retiring or removing a set-up record, then saves the change on this device (it works
 * offline and syncs like any change).
 */
export const ConfirmDialog = ({ title, description, confirmLabel, changes, done, onOpenChange }: ConfirmDialogProps) => {
  const mutate = useMutate();
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const change of changes) {
        await mutate(change.name, change.args);
      }
      toast.success(done, { description: SYNC_NOTE });
      onOpenChange(false);
    } catch (caught) {
      setError(failure(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent role="alertdialog" className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
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
          <Button variant="destructive" disabled={busy} onClick={() => void confirm()}>
            {busy ? 'Saving…' : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
