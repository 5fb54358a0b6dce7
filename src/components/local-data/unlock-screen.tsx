'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import { KeyRoundIcon, LockKeyholeIcon } from 'lucide-react';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

import { Button } from '@/components/ui/button';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { passkeysAvailable } from '@/lib/local/passkey-browser';
import { PASSKEY_UNLOCK_MESSAGES } from '@/lib/local/passkey-unlock';
import { createStoredThrottle, waitBeforeAttempt } from '@/lib/local/unlock-throttle';

import { useLocalData, type LocalDataState } from './local-data-context';
import { useSignOut } from './use-sign-out';

const WRONG_PASSWORD = "That password doesn't open this device's data.";

const ZUnlock = z.object({ password: z.string().min(1, 'Enter your password.') });

type LockedState = Extract<LocalDataState, { kind: 'locked' }>;

const LEAD: Record<LockedState['reason'], string> = {
  offline: "You're offline. Enter your password to open this device's data.",
  idle: "Locked after a period without activity. Enter your password to open this device's data.",
  signed_out_offline:
    "You signed out while offline; the server will be told when the network returns. Enter your password to open this device's data again.",
  signing_out: 'Signing out…',
};

/** The lead when a passkey set up here opens it too (`both`: and the password), in place of "Enter your password". */
const leadWithPasskey = (reason: LockedState['reason'], both: boolean): string =>
  LEAD[reason].replace('Enter your password', both ? 'Use your passkey or enter your password' : 'Use your passkey');

/** Why there is nothing to unlock here, when this browser holds no password copy of the key. */
const NO_OFFLINE_COPY: Record<Exclude<LockedState['offlineUnlock'], 'password'>, string> = {
  online_only:
    "This device has no offline copy of your practice data yet. Connect to the network and sign in online once on this device (with your password) first; after that it opens offline too.",
  no_device: 'There is no practice data for you on this device. Connect to the network and sign in online once on this device first.',
};

// Read outside render (the compiler cannot tell an event handler built during render from render).
const clockNow = () => Date.now();

const secondsText = (ms: number) => {
  const seconds = Math.ceil(ms / 1000);
  return seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
};

/** The password form: a field error for a wrong password, a growing wait after repeated ones. */
const UnlockForm = () => {
  const { unlock, userId } = useLocalData();
  const throttle = React.useMemo(() => createStoredThrottle(window.sessionStorage, userId), [userId]);
  const [waitMs, setWaitMs] = React.useState(() => waitBeforeAttempt(throttle.read(), Date.now()));
  const [unavailable, setUnavailable] = React.useState(false);
  const form = useForm<z.input<typeof ZUnlock>, unknown, z.output<typeof ZUnlock>>({
    resolver: zodResolver(ZUnlock),
    defaultValues: { password: '' },
  });
  const waiting = waitMs > 0;

  React.useEffect(() => {
    if (!waiting) {
      return;
    }
    const timer = window.setInterval(() => setWaitMs(waitBeforeAttempt(throttle.read(), Date.now())), 1000);
    return () => window.clearInterval(timer);
  }, [waiting, throttle]);

  const onSubmit = async ({ password }: z.output<typeof ZUnlock>) => {
    const wait = waitBeforeAttempt(throttle.read(), clockNow());
    if (wait > 0) {
      setWaitMs(wait);
      return;
    }
    const outcome = await unlock(password);
    switch (outcome.kind) {
      case 'unlocked':
        throttle.unlocked();
        return;
      case 'wrong_password': {
        const now = clockNow();
        setWaitMs(waitBeforeAttempt(throttle.wrongPassword(now), now));
        form.setValue('password', '');
        form.setError('password', { message: WRONG_PASSWORD }, { shouldFocus: true });
        return;
      }
      case 'unavailable':
        setUnavailable(true);
        return;
      case 'error':
        form.setError('password', { message: 'Unlocking did not work here. Reload the page and try again.' });
        return;
    }
  };

  if (unavailable) {
    return <p className="text-sm text-muted-foreground">{NO_OFFLINE_COPY.online_only}</p>;
  }
  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-4">
        <FormField
          control={form.control}
          name="password"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Password</FormLabel>
              <FormControl>
                <Input type="password" autoComplete="current-password" autoFocus {...field} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        {waiting ? (
          <p role="status" className="text-sm text-muted-foreground">
            Too many wrong passwords. Try again in {secondsText(waitMs)}.
          </p>
        ) : null}
        <Button type="submit" disabled={waiting || form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Unlocking…' : 'Unlock'}
        </Button>
      </form>
    </Form>
  );
};

/**
 * "Unlock with passkey": the authenticator's PRF output opens this device's passkey copy of the key.
 * No throttle of ours: the authenticator limits its own PIN and biometric attempts. Every failure
 * (cancelled, a passkey without PRF, one that does not open this device) is said in words.
 */
const PasskeyUnlock = () => {
  const { unlockWithPasskey } = useLocalData();
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);

  const onClick = async () => {
    setError(null);
    setBusy(true);
    try {
      const outcome = await unlockWithPasskey();
      switch (outcome.kind) {
        case 'unlocked':
          return;
        case 'failed':
          setError(PASSKEY_UNLOCK_MESSAGES[outcome.reason]);
          return;
        case 'error':
          setError('Unlocking did not work here. Reload the page and try again.');
          return;
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="grid gap-2">
      <Button type="button" variant="secondary" disabled={busy} aria-describedby={error === null ? undefined : 'passkey-unlock-error'} onClick={() => void onClick()}>
        <KeyRoundIcon aria-hidden="true" />
        {busy ? 'Waiting for your passkey…' : 'Unlock with passkey'}
      </Button>
      {error !== null && (
        <p id="passkey-unlock-error" role="alert" className="text-sm font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
};

/**
 * Shown instead of the page while the device database is locked (issue #6 §5): opened offline,
 * after the idle timeout, or signed out without a network. The password opens this device's copy
 * of the key without the server, and so does a passkey set up for it here (WebAuthn PRF). Sign-out
 * stays at hand, so a shared computer can be left.
 */
export const UnlockScreen = ({ state }: { state: LockedState }) => {
  const { signOut, busy, dialog } = useSignOut();
  const signingOut = state.reason === 'signing_out';
  // Rendered only in the browser (the locked state comes from an effect), so reading it is safe.
  const withPasskey = state.passkeyUnlock && passkeysAvailable();
  const withPassword = state.offlineUnlock === 'password';
  return (
    <section aria-labelledby="unlock-title" className="mx-auto grid w-full max-w-md gap-6 rounded-xl border bg-card p-6 shadow-sm">
      <div className="grid gap-2">
        <h1 id="unlock-title" className="flex items-center gap-2 text-xl font-semibold tracking-tight text-foreground">
          <LockKeyholeIcon className="size-5" aria-hidden="true" />
          This device&apos;s data is locked
        </h1>
        <p className="text-sm text-muted-foreground" role={signingOut ? 'status' : undefined}>
          {withPasskey ? leadWithPasskey(state.reason, withPassword) : LEAD[state.reason]}
        </p>
      </div>
      {signingOut ? null : withPasskey ? <PasskeyUnlock /> : null}
      {signingOut || withPasskey ? null : state.offlineUnlock !== 'password' ? (
        <p className="text-sm text-muted-foreground">{NO_OFFLINE_COPY[state.offlineUnlock]}</p>
      ) : null}
      {!signingOut && withPassword ? <UnlockForm /> : null}
      {signingOut ? null : (
        <Button variant="outline" disabled={busy} onClick={() => signOut(false)}>
          Sign out
        </Button>
      )}
      {dialog}
    </section>
  );
};
