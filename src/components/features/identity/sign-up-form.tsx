'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';

import { Button } from '@/components/ui/button';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { readApiError } from '@/lib/api/read-api-error';
import { loadPasswordChecker } from '@/lib/auth/password-policy';
import { ZSignUp } from '@/lib/domain/identity/schemas';

type SignUpValues = z.input<typeof ZSignUp>;
const FIELDS = ['name', 'email', 'password', 'practiceName', 'practiceTimeZone'] as const;

const browserTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
};

/** Creates a practice and its owner (POST /api/v1/signup), then continues to two-factor set-up. */
export const SignUpForm = () => {
  const router = useRouter();
  const [formError, setFormError] = React.useState<string | null>(null);
  const [timeZones, setTimeZones] = React.useState<string[]>([]);
  const form = useForm<SignUpValues>({
    resolver: zodResolver(ZSignUp),
    defaultValues: { name: '', email: '', password: '', practiceName: '', practiceTimeZone: 'UTC' },
  });

  React.useEffect(() => {
    // The strength checker's dictionaries load in the background while the form is filled in.
    void loadPasswordChecker();
    form.setValue('practiceTimeZone', browserTimeZone());
  }, [form]);

  const onSubmit = async (values: SignUpValues) => {
    setFormError(null);
    const response = await fetch('/api/v1/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(values),
    });
    if (response.ok) {
      router.push('/setup/two-factor');
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

  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight text-foreground">Create your practice</h1>
      <p className="mt-1 text-sm text-muted-foreground">You will be its owner and can invite your staff next.</p>
      <Form {...form}>
        <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="mt-6 grid gap-4">
          <FormField
            control={form.control}
            name="name"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Your name</FormLabel>
                <FormControl>
                  <Input autoComplete="name" {...field} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="email"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Work email</FormLabel>
                <FormControl>
                  <Input type="email" autoComplete="email" {...field} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="password"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Password</FormLabel>
                <FormControl>
                  <Input type="password" autoComplete="new-password" {...field} />
                </FormControl>
                <FormDescription>At least 12 characters. A few unrelated words make a strong one.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="practiceName"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Practice name</FormLabel>
                <FormControl>
                  <Input autoComplete="organization" {...field} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="practiceTimeZone"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Time zone</FormLabel>
                <FormControl>
                  <Input
                    list="sign-up-time-zones"
                    autoComplete="off"
                    // The ~400 suggestions are filled in on first focus, not in server HTML.
                    onFocus={() => {
                      if (timeZones.length === 0) {
                        setTimeZones(Intl.supportedValuesOf('timeZone'));
                      }
                    }}
                    {...field}
                  />
                </FormControl>
                <datalist id="sign-up-time-zones">
                  {timeZones.map((zone) => (
                    <option key={zone} value={zone} />
                  ))}
                </datalist>
                <FormDescription>Appointments are shown in this time zone.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          {formError !== null && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {formError}
            </p>
          )}
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Creating…' : 'Create practice'}
          </Button>
        </form>
      </Form>
      <p className="mt-6 text-center text-sm text-muted-foreground">
        Already have an account?{' '}
        <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
};
