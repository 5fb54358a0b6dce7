'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { readApiError } from '@/lib/api/read-api-error';
import {
  MAX_IDLE_TIMEOUT_MINUTES,
  MIN_IDLE_TIMEOUT_MINUTES,
  ZPracticeSecuritySettings,
  type TPracticeSecuritySettings,
} from '@/lib/domain/practices/schemas';

const FIELDS = ['idleTimeoutMinutes'] as const;

const TIMEOUT_HELP =
  'Members are signed out after this many minutes without activity, and warned a minute before. ' +
  "A change applies from every member's next request; open screens pick it up at their next page change.";

type SecuritySettingsFormProps = {
  practiceId: string;
  /** The settings as they apply now (defaults filled in). */
  initial: TPracticeSecuritySettings;
  /** Whether the person may change them (`practice.settings.write`); otherwise they are shown read-only. */
  canWrite: boolean;
};

/**
 * The practice's security settings: the automatic logoff (session timeout). Owners and admins edit
 * it (PATCH /api/v1/practices/[practiceId]/settings/security, audited as practice.settings_changed);
 * everyone else sees the value and who may change it.
 */
export const SecuritySettingsForm = ({ practiceId, initial, canWrite }: SecuritySettingsFormProps) => {
  const router = useRouter();
  const [formError, setFormError] = React.useState<string | null>(null);
  const form = useForm<TPracticeSecuritySettings>({
    resolver: zodResolver(ZPracticeSecuritySettings),
    defaultValues: initial,
  });

  const onSubmit = async (values: TPracticeSecuritySettings) => {
    setFormError(null);
    let response: Response;
    try {
      response = await fetch(`/api/v1/practices/${practiceId}/settings/security`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(values),
      });
    } catch {
      setFormError('Could not reach the server. Check the connection and try again.');
      return;
    }
    if (response.ok) {
      const saved = (await response.json()) as TPracticeSecuritySettings;
      form.reset(saved);
      toast.success('Security settings saved');
      // The shell (this person's own IdleLock) is rendered by the server: refresh it now.
      router.refresh();
      return;
    }
    const error = await readApiError(response);
    let placed = false;
    for (const field of error.fields ?? []) {
      const name = FIELDS.find((candidate) => candidate === field.path);
      if (name !== undefined) {
        form.setError(name, { message: field.message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed) {
      setFormError(error.message);
    }
  };

  if (!canWrite) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Automatic sign-out</CardTitle>
          <CardDescription>{TIMEOUT_HELP}</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-1">
            <dt className="text-sm text-muted-foreground">Session timeout</dt>
            <dd className="text-sm font-medium" data-testid="idle-timeout-value">
              {initial.idleTimeoutMinutes} minutes
            </dd>
          </dl>
        </CardContent>
        <CardFooter>
          <p className="text-sm text-muted-foreground">Only owners and administrators can change security settings.</p>
        </CardFooter>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Automatic sign-out</CardTitle>
        <CardDescription>Protects patient data on screens left unattended (HIPAA automatic logoff).</CardDescription>
      </CardHeader>
      <Form {...form}>
        <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-6">
          <CardContent className="grid gap-4">
            <FormField
              control={form.control}
              name="idleTimeoutMinutes"
              render={({ field }) => (
                <FormItem className="max-w-xs">
                  <FormLabel>Session timeout (minutes)</FormLabel>
                  <FormControl>
                    <Input
                      type="number"
                      inputMode="numeric"
                      min={MIN_IDLE_TIMEOUT_MINUTES}
                      max={MAX_IDLE_TIMEOUT_MINUTES}
                      step={1}
                      name={field.name}
                      ref={field.ref}
                      onBlur={field.onBlur}
                      // An empty field is NaN, which the schema reports as "enter a number of minutes".
                      value={Number.isNaN(field.value) ? '' : field.value}
                      onChange={(event) => field.onChange(event.target.value === '' ? Number.NaN : Number(event.target.value))}
                    />
                  </FormControl>
                  <FormDescription>
                    {MIN_IDLE_TIMEOUT_MINUTES} to {MAX_IDLE_TIMEOUT_MINUTES} minutes. {TIMEOUT_HELP}
                  </FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            {formError !== null && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {formError}
              </p>
            )}
          </CardContent>
          <CardFooter>
            <Button type="submit" disabled={form.formState.isSubmitting || !form.formState.isDirty}>
              {form.formState.isSubmitting ? 'Saving…' : 'Save'}
            </Button>
          </CardFooter>
        </form>
      </Form>
    </Card>
  );
};
