'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import * as React from 'react';
import { useForm } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { authClient } from '@/lib/auth/auth-client';
import { loadPasswordChecker } from '@/lib/auth/password-policy';
import { changePasswordSchema, type TChangePassword } from '@/lib/domain/identity/account-schemas';

import { useReauthentication } from './reauthentication';

/** better-auth's (and our policy hook's) refusals of the new password. */
const NEW_PASSWORD_CODES: ReadonlySet<string> = new Set(['PASSWORD_TOO_WEAK', 'PASSWORD_TOO_SHORT', 'PASSWORD_TOO_LONG']);

/**
 * Change password: the current one, the new one (the policy's messages appear on the field as it is
 * checked, the same rules as the server's), and a confirmation. Other devices are signed out: a
 * password is usually changed because someone else may know it.
 */
export const ChangePasswordCard = ({ user }: { user: { name: string; email: string } }) => {
  const { retryAfterReauthentication } = useReauthentication();
  const [formError, setFormError] = React.useState<string | null>(null);
  const [done, setDone] = React.useState(false);
  const schema = React.useMemo(() => changePasswordSchema({ email: user.email, name: user.name }), [user.email, user.name]);
  const form = useForm<TChangePassword>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });

  React.useEffect(() => {
    // The policy's dictionaries are a separate chunk: fetch them while the person types.
    void loadPasswordChecker();
  }, []);

  const onSubmit = async (values: TChangePassword) => {
    setFormError(null);
    setDone(false);
    const result = await retryAfterReauthentication(
      () =>
        authClient.changePassword({
          currentPassword: values.currentPassword,
          newPassword: values.newPassword,
          revokeOtherSessions: true,
        }),
      'For your security, enter your password again before changing it.',
    );
    if (result === null) {
      return;
    }
    const { error } = result;
    if (!error) {
      form.reset();
      setDone(true);
      return;
    }
    if (error.code === 'INVALID_PASSWORD') {
      form.setError('currentPassword', { message: 'this is not your current password' }, { shouldFocus: true });
    } else if (error.code !== undefined && NEW_PASSWORD_CODES.has(error.code)) {
      form.setError('newPassword', { message: error.message ?? 'choose a stronger password' }, { shouldFocus: true });
    } else if (error.status === 429) {
      setFormError(error.message ?? 'Too many attempts. Please wait and try again.');
    } else {
      setFormError('The password could not be changed. Please try again.');
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Password</CardTitle>
        <CardDescription>Changing it signs you out on your other devices.</CardDescription>
      </CardHeader>
      <Form {...form}>
        <form onSubmit={form.handleSubmit(onSubmit)} noValidate>
          <CardContent className="grid gap-4">
            <FormField
              control={form.control}
              name="currentPassword"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Current password</FormLabel>
                  <FormControl>
                    <Input type="password" autoComplete="current-password" {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="newPassword"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>New password</FormLabel>
                  <FormControl>
                    <Input type="password" autoComplete="new-password" {...field} />
                  </FormControl>
                  <FormDescription>At least 12 characters. A few unrelated words make a strong, memorable password.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="confirmPassword"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>New password again</FormLabel>
                  <FormControl>
                    <Input type="password" autoComplete="new-password" {...field} />
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
            {done && (
              <p role="status" className="text-sm text-foreground">
                Your password was changed. Other devices were signed out.
              </p>
            )}
          </CardContent>
          <CardFooter className="mt-4">
            <Button type="submit" disabled={form.formState.isSubmitting}>
              {form.formState.isSubmitting ? 'Changing…' : 'Change password'}
            </Button>
          </CardFooter>
        </form>
      </Form>
    </Card>
  );
};
