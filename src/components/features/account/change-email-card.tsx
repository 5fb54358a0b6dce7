'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';

import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { readApiError, type TApiError } from '@/lib/api/read-api-error';
import { ZChangeEmail } from '@/lib/domain/identity/account-schemas';

import { useReauthentication } from './reauthentication';

type Outcome = { error: TApiError | null };

/** Change the sign-in email (POST /api/v1/account/email; re-authentication first when needed). */
export const ChangeEmailCard = ({ email }: { email: string }) => {
  const router = useRouter();
  const { retryAfterReauthentication } = useReauthentication();
  const [formError, setFormError] = React.useState<string | null>(null);
  const [changedTo, setChangedTo] = React.useState<string | null>(null);
  const form = useForm<z.input<typeof ZChangeEmail>, unknown, z.output<typeof ZChangeEmail>>({
    resolver: zodResolver(ZChangeEmail),
    defaultValues: { email: '' },
  });

  const send = async (values: z.output<typeof ZChangeEmail>): Promise<Outcome> => {
    const response = await fetch('/api/v1/account/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(values),
    });
    return { error: response.ok ? null : await readApiError(response) };
  };

  const onSubmit = async (values: z.output<typeof ZChangeEmail>) => {
    setFormError(null);
    setChangedTo(null);
    let outcome: Outcome | null;
    try {
      outcome = await retryAfterReauthentication(() => send(values), 'For your security, enter your password again before changing your email.');
    } catch {
      setFormError('Could not reach the server. Check the connection and try again.');
      return;
    }
    if (outcome === null) {
      return;
    }
    if (outcome.error === null) {
      form.reset();
      setChangedTo(values.email);
      // The user menu (rendered by the server) shows the address: refresh it.
      router.refresh();
      return;
    }
    const emailField = outcome.error.fields?.find((field) => field.path === 'email');
    if (emailField !== undefined) {
      form.setError('email', { message: emailField.message }, { shouldFocus: true });
    } else {
      setFormError(outcome.error.message);
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Email</CardTitle>
        <CardDescription>
          You sign in with <span className="font-medium text-foreground">{email}</span>.
        </CardDescription>
      </CardHeader>
      <Form {...form}>
        <form onSubmit={form.handleSubmit(onSubmit)} noValidate>
          <CardContent className="grid gap-4">
            <FormField
              control={form.control}
              name="email"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>New email</FormLabel>
                  <FormControl>
                    <Input type="email" autoComplete="email" {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            {formError !== null && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {formError}
              </p>
            )}
            {changedTo !== null && (
              <p role="status" className="text-sm text-foreground">
                From now on you sign in with {changedTo}.
              </p>
            )}
          </CardContent>
          <CardFooter className="mt-4">
            <Button type="submit" disabled={form.formState.isSubmitting}>
              {form.formState.isSubmitting ? 'Changing…' : 'Change email'}
            </Button>
          </CardFooter>
        </form>
      </Form>
    </Card>
  );
};
