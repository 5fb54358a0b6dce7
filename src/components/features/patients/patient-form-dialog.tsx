'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { uuidv7 } from 'uuidv7';

import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { useUnsavedWork } from '@/hooks/use-unsaved-work';
import { LocalDbError } from '@/lib/local/browser/local-database';
import type { LocalPatient } from '@/lib/local/patient-list-query';

import { ArchivePatientDialog } from './archive-patient-dialog';
import {
  emptyPatientForm,
  formFieldOf,
  patientChanges,
  patientFormValues,
  ZPatientForm,
  type TPatientFormInput,
  type TPatientFormOutput,
} from './patient-form-fields';

const TEXT_FIELDS: readonly { name: Exclude<keyof TPatientFormInput, 'sexAtBirth'>; label: string; autoComplete: string; hint?: string; type?: string }[] = [
  { name: 'givenName', label: 'Given name', autoComplete: 'off' },
  { name: 'middleName', label: 'Middle name', autoComplete: 'off' },
  { name: 'familyName', label: 'Family name', autoComplete: 'off' },
  { name: 'preferredName', label: 'Preferred name', autoComplete: 'off' },
  { name: 'dateOfBirth', label: 'Date of birth', autoComplete: 'off', hint: 'YYYY-MM-DD, e.g. 1984-07-19' },
  { name: 'phoneMobile', label: 'Mobile phone', autoComplete: 'off', type: 'tel' },
  { name: 'phoneHome', label: 'Home phone', autoComplete: 'off', type: 'tel' },
  { name: 'email', label: 'Email', autoComplete: 'off', type: 'email' },
];

const SEX_AT_BIRTH: readonly { value: TPatientFormOutput['sexAtBirth']; label: string }[] = [
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'intersex', label: 'Intersex' },
  { value: 'unknown', label: 'Unknown' },
];

/** Mounted per opening (give it a `key`): the form starts from the patient as it was then. */
type PatientFormDialogProps = {
  practiceId: string;
  /** The patient to edit; without one the dialog registers a new patient. */
  patient: LocalPatient | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/**
 * Registers or edits a patient on this device through the sync engine's mutations: saved here at
 * once (also offline) and sent to the server when the network allows. Field errors come from the
 * shared Zod schema, before saving and again from the mutation's own check.
 */
export const PatientFormDialog = ({ practiceId, patient, open, onOpenChange }: PatientFormDialogProps) => {
  const mutate = useMutate();
  const [formError, setFormError] = React.useState<string | null>(null);
  const [confirmingArchive, setConfirmingArchive] = React.useState(false);
  const form = useForm<TPatientFormInput, unknown, TPatientFormOutput>({
    resolver: zodResolver(ZPatientForm),
    defaultValues: patient === null ? emptyPatientForm() : patientFormValues(patient),
  });
  // Typed input not yet saved on the device: the app-update prompt and the page's beforeunload ask
  // before throwing it away. A saved form closes the dialog, whose unmount lets go of the registration.
  useUnsavedWork(form.formState.isDirty);

  const onSubmit = async (values: TPatientFormOutput) => {
    setFormError(null);
    try {
      if (patient === null) {
        await mutate('patients.create', { ...values, id: uuidv7(), practiceId });
        toast.success('Patient registered', { description: 'Saved on this device; it syncs when the network allows.' });
      } else {
        const update = patientChanges(patient, values);
        if (update !== null) {
          await mutate('patients.update', { practiceId, patientId: patient.id, ...update });
          toast.success('Patient updated', { description: 'Saved on this device; it syncs when the network allows.' });
        }
      }
      onOpenChange(false);
    } catch (error) {
      let placed = false;
      if (error instanceof LocalDbError && error.code === 'invalid_mutation') {
        for (const field of error.fields ?? []) {
          const name = formFieldOf(field.path);
          if (name !== undefined) {
            form.setError(name, { message: field.message }, { shouldFocus: !placed });
            placed = true;
          }
        }
      }
      if (!placed) {
        setFormError(error instanceof LocalDbError ? `The patient could not be saved: ${error.message}.` : 'The patient could not be saved.');
      }
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{patient === null ? 'New patient' : 'Edit patient'}</DialogTitle>
          <DialogDescription>
            {patient === null
              ? 'Register a patient. The medical record number is assigned when the record reaches the server.'
              : 'Changes are saved on this device and synced with the practice.'}
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-4 sm:grid-cols-2">
            {TEXT_FIELDS.map(({ name, label, autoComplete, hint, type }) => (
              <FormField
                key={name}
                control={form.control}
                name={name}
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{label}</FormLabel>
                    <FormControl>
                      <Input
                        type={type ?? 'text'}
                        autoComplete={autoComplete}
                        {...field}
                        value={typeof field.value === 'string' ? field.value : ''}
                      />
                    </FormControl>
                    {hint === undefined ? null : <FormDescription>{hint}</FormDescription>}
                    <FormMessage />
                  </FormItem>
                )}
              />
            ))}
            <FormField
              control={form.control}
              name="sexAtBirth"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Sex at birth</FormLabel>
                  <Select value={field.value} onValueChange={field.onChange}>
                    <FormControl>
                      <SelectTrigger onBlur={field.onBlur}>
                        <SelectValue />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      {SEX_AT_BIRTH.map((option) => (
                        <SelectItem key={option.value} value={option.value}>
                          {option.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FormMessage />
                </FormItem>
              )}
            />
            {formError !== null && (
              <p role="alert" className="text-sm font-medium text-destructive sm:col-span-2">
                {formError}
              </p>
            )}
            <DialogFooter className="sm:col-span-2">
              {patient !== null && patient.archivedAt === null ? (
                <Button type="button" variant="ghost" className="text-destructive sm:mr-auto" onClick={() => setConfirmingArchive(true)}>
                  Archive…
                </Button>
              ) : null}
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting ? 'Saving…' : patient === null ? 'Register patient' : 'Save changes'}
              </Button>
            </DialogFooter>
          </form>
        </Form>
        {patient !== null && confirmingArchive ? (
          <ArchivePatientDialog
            practiceId={practiceId}
            patient={patient}
            onOpenChange={setConfirmingArchive}
            // Typed but unsaved input stays on screen (it can still be saved); otherwise the editor's job is done.
            onArchived={() => {
              if (!form.formState.isDirty) {
                onOpenChange(false);
              }
            }}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
};
