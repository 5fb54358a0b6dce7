'use client';

import '@/lib/utils/zod-jitless';

import * as React from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form } from '@/components/ui/form';
import { useUnsavedWork } from '@/hooks/use-unsaved-work';
import { LocalDbError } from '@/lib/local/browser/local-database';
import { cn } from '@/lib/utils/cn';

import { splitFieldErrors } from './form-errors';
import { SYNC_NOTE } from './setup-section';

type SetupFormDialogProps<TIn extends FieldValues, TOut> = {
  form: UseFormReturn<TIn, unknown, TOut>;
  title: string;
  description: React.ReactNode;
  submitLabel: string;
  /** The toast's title once saved, e.g. "Room saved". */
  done: string;
  /** Saves the checked values through the mutations; a LocalDbError's field errors are shown on the form. */
  onSave: (values: TOut) => Promise<void>;
  onOpenChange: (open: boolean) => void;
  /** Room for two columns or a weekly grid. */
  wide?: boolean;
  children: React.ReactNode;
};

/**
 * The dialog around every set-up form: the form is checked by the mutation's own schema before it
 * is saved, and the field errors the mutation returns are put beside the fields they name. Mounted
 * per opening (give it a `key`), so it starts from the record as it was then.
 */
export const SetupFormDialog = <TIn extends FieldValues, TOut>({
  form,
  title,
  description,
  submitLabel,
  done,
  onSave,
  onOpenChange,
  wide = false,
  children,
}: SetupFormDialogProps<TIn, TOut>) => {
  const [formError, setFormError] = React.useState<string | null>(null);
  // Typed input not yet saved: the app-update prompt and beforeunload ask before throwing it away.
  useUnsavedWork(form.formState.isDirty);

  const submit = async (values: TOut) => {
    setFormError(null);
    try {
      await onSave(values);
      toast.success(done, { description: SYNC_NOTE });
      onOpenChange(false);
    } catch (error) {
      if (error instanceof LocalDbError && error.code === 'invalid_mutation') {
        const { placed, unplaced } = splitFieldErrors(form.getValues(), error.fields ?? []);
        placed.forEach((field, index) => form.setError(field.path as Path<TIn>, { message: field.message }, { shouldFocus: index === 0 }));
        if (placed.length === 0 || unplaced.length > 0) {
          setFormError(`Not saved: ${unplaced.map((field) => field.message).join('; ') || error.message}.`);
        }
        return;
      }
      setFormError(error instanceof LocalDbError ? `Not saved: ${error.message}.` : 'Not saved: something went wrong on this device.');
    }
  };

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent className={cn('max-h-[90dvh] overflow-y-auto', wide ? 'sm:max-w-3xl' : 'sm:max-w-lg')}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(submit)} noValidate className="grid gap-4">
            {children}
            {formError !== null ? (
              <p role="alert" className="text-sm font-medium text-destructive">
                {formError}
              </p>
            ) : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting ? 'Saving…' : submitLabel}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
};
