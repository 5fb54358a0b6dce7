'use client';

import '@/lib/utils/zod-jitless';

import * as React from 'react';

import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { readApiError } from '@/lib/api/read-api-error';
import { ZReauthenticate } from '@/lib/domain/identity/account-schemas';

/*
 * "Confirm it's you" before a sensitive change (docs/decisions/0007-reauthentication-and-passkeys.md).
 * The server answers 403 REAUTHENTICATION_REQUIRED when the session's last sign-in or
 * re-authentication is older than five minutes; the account page then asks for the password (and
 * the authenticator code, or a backup code) here, POSTs it to /api/v1/session/reauthenticate, and
 * retries the change once.
 */

/** Whether an error (a better-auth client error, or our API's typed error) asks for a re-authentication first. */
export const needsReauthentication = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'REAUTHENTICATION_REQUIRED';

type Confirmed = { password: string } | null;

type ReauthenticationContextValue = {
  /**
   * Opens the dialog; resolves with the password once the server accepted it (and the code), or
   * null when the person cancelled. Endpoints that take the password in their body
   * (disable two-factor, new backup codes) reuse it instead of asking twice.
   */
  confirm: (reason?: string) => Promise<Confirmed>;
  /**
   * Runs `attempt`; when its result carries REAUTHENTICATION_REQUIRED, asks to confirm and runs it
   * once more. Returns the last result, or null when the person cancelled.
   */
  retryAfterReauthentication: <T extends { error?: unknown }>(attempt: () => Promise<T>, reason?: string) => Promise<T | null>;
};

const ReauthenticationContext = React.createContext<ReauthenticationContextValue | null>(null);

export const useReauthentication = (): ReauthenticationContextValue => {
  const value = React.useContext(ReauthenticationContext);
  if (value === null) {
    throw new Error('useReauthentication must be used inside <ReauthenticationProvider>');
  }
  return value;
};

type Pending = { reason: string; resolve: (confirmed: Confirmed) => void };

/** Provides {@link useReauthentication} and renders its dialog. */
export const ReauthenticationProvider = ({
  twoFactorEnabled,
  children,
}: {
  /** Whether to ask for a code too (the person has TOTP). */
  twoFactorEnabled: boolean;
  children: React.ReactNode;
}) => {
  const [pending, setPending] = React.useState<Pending | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = React.useState<{ password?: string; code?: string }>({});
  const [busy, setBusy] = React.useState(false);

  const confirm = React.useCallback(
    (reason = 'For your security, enter your password again before this change.') =>
      new Promise<Confirmed>((resolve) => {
        setError(null);
        setFieldErrors({});
        setPending({ reason, resolve });
      }),
    [],
  );

  const close = (confirmed: Confirmed) => {
    pending?.resolve(confirmed);
    setPending(null);
  };

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = ZReauthenticate.safeParse({
      password: String(data.get('password') ?? ''),
      code: twoFactorEnabled ? String(data.get('code') ?? '') : undefined,
    });
    setError(null);
    setFieldErrors({});
    if (!parsed.success) {
      const errors: { password?: string; code?: string } = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'password' || issue.path[0] === 'code') {
          errors[issue.path[0]] = issue.message;
        }
      }
      setFieldErrors(errors);
      return;
    }
    if (twoFactorEnabled && parsed.data.code === undefined) {
      setFieldErrors({ code: 'enter the code from your authenticator app, or a backup code' });
      return;
    }
    setBusy(true);
    try {
      const response = await fetch('/api/v1/session/reauthenticate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(parsed.data),
      });
      if (response.ok) {
        close({ password: parsed.data.password });
        return;
      }
      const apiError = await readApiError(response);
      const codeField = apiError.fields?.find((field) => field.path === 'code');
      if (codeField !== undefined) {
        setFieldErrors({ code: codeField.message });
      } else {
        // One message for a wrong password and a wrong code (the server does not say which).
        setError(apiError.message);
      }
    } catch {
      setError('Could not reach the server. Check the connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  const retryAfterReauthentication = React.useCallback(
    async <T extends { error?: unknown }>(attempt: () => Promise<T>, reason?: string): Promise<T | null> => {
      const first = await attempt();
      if (!needsReauthentication(first.error)) {
        return first;
      }
      if ((await confirm(reason)) === null) {
        return null;
      }
      return attempt();
    },
    [confirm],
  );

  const value = React.useMemo(() => ({ confirm, retryAfterReauthentication }), [confirm, retryAfterReauthentication]);

  return (
    <ReauthenticationContext.Provider value={value}>
      {children}
      <Dialog
        open={pending !== null}
        onOpenChange={(open) => {
          if (!open && !busy) {
            close(null);
          }
        }}
      >
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Confirm it&apos;s you</DialogTitle>
            <DialogDescription>{pending?.reason}</DialogDescription>
          </DialogHeader>
          <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
            <div className="grid gap-2">
              <Label htmlFor="reauth-password">Password</Label>
              <Input
                id="reauth-password"
                name="password"
                type="password"
                autoComplete="current-password"
                autoFocus
                aria-invalid={fieldErrors.password !== undefined}
                aria-describedby={fieldErrors.password !== undefined ? 'reauth-password-error' : undefined}
              />
              {fieldErrors.password !== undefined && (
                <p id="reauth-password-error" className="text-sm font-medium text-destructive">
                  {fieldErrors.password}
                </p>
              )}
            </div>
            {twoFactorEnabled && (
              <div className="grid gap-2">
                <Label htmlFor="reauth-code">Code from your authenticator app, or a backup code</Label>
                <Input
                  id="reauth-code"
                  name="code"
                  autoComplete="one-time-code"
                  aria-invalid={fieldErrors.code !== undefined}
                  aria-describedby={fieldErrors.code !== undefined ? 'reauth-code-error' : undefined}
                />
                {fieldErrors.code !== undefined && (
                  <p id="reauth-code-error" className="text-sm font-medium text-destructive">
                    {fieldErrors.code}
                  </p>
                )}
              </div>
            )}
            {error !== null && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {error}
              </p>
            )}
            <DialogFooter>
              <Button type="button" variant="outline" disabled={busy} onClick={() => close(null)}>
                Cancel
              </Button>
              <Button type="submit" disabled={busy}>
                {busy ? 'Checking…' : 'Confirm'}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </ReauthenticationContext.Provider>
  );
};
