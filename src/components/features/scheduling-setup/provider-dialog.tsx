'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { WifiOffIcon } from 'lucide-react';
import * as React from 'react';
import { useForm, useWatch } from 'react-hook-form';

import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { ZSaveProvider, type TSaveProvider } from '@/lib/domain/scheduling/schemas';
import type { LocalProvider } from '@/lib/local/scheduling-setup-query';

import { ColourField } from './colour-field';
import { withChoiceMessages } from './form-errors';
import { SelectField, TextField } from './form-fields';
import { providerCandidates } from './provider-candidates';
import { providerFormValues, type TProviderForm } from './setup-form-values';
import { SetupFormDialog } from './setup-form-dialog';
import { usePracticeMembers } from './use-practice-members';

type ProviderDialogProps = {
  practiceId: string;
  provider: LocalProvider | null;
  /** Every provider of the practice: a person has at most one calendar. */
  providers: readonly LocalProvider[];
  defaultColour: string;
  onOpenChange: (open: boolean) => void;
};

/** Why the team member cannot be chosen right now, and what to do (the rest of the form still works). */
const MemberNotice = ({ children, error, action, offline = false }: { children: React.ReactNode; error: string | undefined; action?: React.ReactNode; offline?: boolean }) => (
  <div className="grid gap-2 rounded-md border border-dashed p-3 text-sm" role="status">
    <p className="flex items-start gap-2">
      {offline ? <WifiOffIcon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" /> : null}
      <span>{children}</span>
    </p>
    {action}
    {error === undefined ? null : <p className="font-medium text-destructive">Team member: {error}</p>}
  </div>
);

/** Gives a member (provider or owner role) a calendar, with the name and colour the schedule shows. */
export const ProviderDialog = ({ practiceId, provider, providers, defaultColour, onOpenChange }: ProviderDialogProps) => {
  const mutate = useMutate();
  const members = usePracticeMembers(practiceId);
  const form = useForm<TProviderForm, unknown, TSaveProvider>({
    resolver: withChoiceMessages(zodResolver(ZSaveProvider), { userId: 'Choose a team member' }),
    defaultValues: providerFormValues(practiceId, provider, defaultColour),
  });
  const candidates = React.useMemo(() => providerCandidates(members.data ?? [], providers, provider?.id ?? null), [members.data, providers, provider]);
  const userId = useWatch({ control: form.control, name: 'userId' });
  const userIdError = form.formState.errors.userId?.message;

  // The calendar's name starts as the chosen person's name, unless one was typed already.
  const chosenBefore = React.useRef(userId);
  React.useEffect(() => {
    if (userId === chosenBefore.current) {
      return;
    }
    chosenBefore.current = userId;
    const chosen = candidates.find((member) => member.userId === userId);
    if (chosen !== undefined && form.getValues('displayName').trim() === '') {
      form.setValue('displayName', chosen.name, { shouldDirty: true });
    }
  }, [userId, candidates, form]);

  const choices = candidates.map((member) => ({ value: member.userId, label: `${member.name} (${member.email})` }));
  if (provider !== null && !candidates.some((member) => member.userId === provider.userId)) {
    // Their role or status changed since: still shown, so that the form does not silently change who it is.
    const current = members.data?.find((member) => member.userId === provider.userId);
    choices.unshift({ value: provider.userId, label: `${current?.name ?? 'Current team member'} (may no longer have a calendar)` });
  }

  const kept = provider === null ? '' : ' The team member stays as it is; everything else can be changed now.';
  const picker = !members.online ? (
    <MemberNotice error={userIdError} offline>
      Choosing a team member needs the network.{kept || ' Connect to the internet and try again.'}
    </MemberNotice>
  ) : members.isPending ? (
    <MemberNotice error={userIdError}>Loading the team…</MemberNotice>
  ) : members.isError ? (
    <MemberNotice
      error={userIdError}
      offline
      action={<Button type="button" variant="outline" size="sm" className="w-fit" onClick={() => void members.refetch()}>Try again</Button>}>
      The team could not be loaded: {members.error.message}{kept}
    </MemberNotice>
  ) : choices.length === 0 ? (
    <MemberNotice error={userIdError}>
      Nobody can be given a calendar: only active members with the Provider or Owner role can, and each of them has one already. Invite providers under Settings, Team.
    </MemberNotice>
  ) : (
    <SelectField
      control={form.control}
      name="userId"
      label="Team member"
      description="Members with the Provider or Owner role who have no calendar yet."
      choices={choices}
    />
  );

  return (
    <SetupFormDialog
      form={form}
      title={provider === null ? 'Add provider' : 'Edit provider'}
      description="A provider has a calendar: patients are booked with them."
      submitLabel={provider === null ? 'Add provider' : 'Save changes'}
      done={provider === null ? 'Provider added' : 'Provider saved'}
      onSave={async (values) => {
        await mutate('providers.save', values);
      }}
      onOpenChange={onOpenChange}
    >
      {picker}
      <TextField control={form.control} name="displayName" label="Name on the calendar" description="E.g. Dr Maria Alvarez." />
      <ColourField control={form.control} name="colour" />
    </SetupFormDialog>
  );
};
