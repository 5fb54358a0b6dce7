'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import { MailXIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import * as React from 'react';
import { useForm } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { readApiError } from '@/lib/api/read-api-error';
import { authClient } from '@/lib/auth/auth-client';
import { loadPasswordChecker } from '@/lib/auth/password-policy';
import { ROLE_LABELS } from '@/lib/auth/permissions';
import {
  INVALID_INVITATION_MESSAGE,
  ZInvitationPreview,
  ZInvitationToken,
  zAcceptInvitationForm,
  type TAcceptInvitationForm,
  type TInvitationPreview,
} from '@/lib/domain/invitations/schemas';

/*
 * The invitation page. The token arrives in the URL fragment (never sent to the server with the
 * page request); it is moved to sessionStorage at once and the fragment is cleared, so it leaves
 * the address bar and history. sessionStorage keeps it for this tab across the sign-in round trip
 * (`/sign-in?next=/invite`) and it is removed once the invitation is accepted or found invalid.
 */

const STORAGE_KEY = 'openpractice.invitation-token';

type Pending = Extract<TInvitationPreview, { state: 'pending' }>;
type View =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; token: string; preview: Pending };

const storage = {
  get: (): string | null => {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY);
    } catch {
      return null; // storage disabled: the token then lives only as long as the page
    }
  },
  set: (token: string) => {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // see above
    }
  },
  clear: () => {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // see above
    }
  },
};

/** Takes the token out of `#token=…` (clearing the fragment), or from this tab's storage. */
const takeToken = (): string | null => {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromLink = fragment.get('token');
  if (fromLink !== null) {
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    storage.set(fromLink);
    return fromLink;
  }
  return storage.get();
};

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });

/**
 * After joining: the app decides where to go (the signed-in layout sends roles that see patient
 * data to two-factor set-up first). Replace, so Back does not return to a used invitation.
 */
const useEnterApp = () => {
  const router = useRouter();
  return React.useCallback(() => {
    storage.clear();
    router.replace('/');
  }, [router]);
};

/** Reads the token and asks the server what it offers. */
const previewInvitation = async (): Promise<View> => {
  const token = takeToken();
  if (token === null || !ZInvitationToken.safeParse(token).success) {
    return { kind: 'invalid' };
  }
  const response = await postJson('/api/v1/invitations/preview', { token }).catch(() => null);
  if (response === null) {
    return { kind: 'error', message: 'The server could not be reached. Check the connection and reload this page.' };
  }
  if (!response.ok) {
    const error = await readApiError(response);
    return error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED' ? { kind: 'invalid' } : { kind: 'error', message: error.message };
  }
  const preview = ZInvitationPreview.safeParse(await response.json());
  if (!preview.success || preview.data.state !== 'pending') {
    return { kind: 'invalid' };
  }
  return { kind: 'ready', token, preview: preview.data };
};

const Heading = ({ children }: { children: React.ReactNode }) => (
  <h1 className="text-xl font-semibold tracking-tight text-foreground">{children}</h1>
);

const ErrorText = ({ children }: { children: React.ReactNode }) => (
  <p role="alert" className="text-sm font-medium text-destructive">
    {children}
  </p>
);

const Summary = ({ preview }: { preview: Pending }) => (
  <p className="mt-2 text-sm text-muted-foreground">
    {preview.inviterName ?? 'A colleague'} invited <span className="font-medium text-foreground">{preview.email}</span> to join{' '}
    <span className="font-medium text-foreground">{preview.practiceName}</span> as{' '}
    <span className="font-medium text-foreground">{ROLE_LABELS[preview.role]}</span>. The invitation expires on{' '}
    {new Date(preview.expiresAt).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' })}.
  </p>
);

/** Signed in as the invitee: one button. */
const JoinAsSignedIn = ({ token, preview, onInvalid }: { token: string; preview: Pending; onInvalid: () => void }) => {
  const enterApp = useEnterApp();
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const join = async () => {
    setBusy(true);
    setError(null);
    const response = await postJson('/api/v1/invitations/accept', { token });
    if (response.ok) {
      enterApp();
      return;
    }
    const apiError = await readApiError(response);
    setBusy(false);
    if (apiError.code === 'NOT_FOUND') {
      onInvalid();
      return;
    }
    setError(apiError.message);
  };
  return (
    <div className="mt-6 grid gap-4">
      {error !== null && <ErrorText>{error}</ErrorText>}
      <Button onClick={() => void join()} disabled={busy}>
        {busy ? 'Joining…' : `Join ${preview.practiceName}`}
      </Button>
    </div>
  );
};

/** Signed out, no account yet: name and password, checked by the same policy as the server's. */
const CreateAccountAndJoin = ({
  token,
  preview,
  onInvalid,
  onSignInNeeded,
}: {
  token: string;
  preview: Pending;
  onInvalid: () => void;
  onSignInNeeded: () => void;
}) => {
  const enterApp = useEnterApp();
  const [formError, setFormError] = React.useState<string | null>(null);
  const schema = React.useMemo(() => zAcceptInvitationForm({ email: preview.email, practiceName: preview.practiceName }), [preview]);
  const form = useForm<TAcceptInvitationForm>({ resolver: zodResolver(schema), defaultValues: { name: '', password: '' } });

  React.useEffect(() => {
    // The strength checker's dictionaries load while the form is filled in.
    void loadPasswordChecker();
  }, []);

  const onSubmit = async (values: TAcceptInvitationForm) => {
    setFormError(null);
    const response = await postJson('/api/v1/invitations/accept', { token, ...values });
    if (response.ok) {
      enterApp();
      return;
    }
    const error = await readApiError(response);
    if (error.code === 'NOT_FOUND') {
      onInvalid();
      return;
    }
    if (error.code === 'UNAUTHENTICATED') {
      onSignInNeeded();
      return;
    }
    let placed = false;
    for (const field of error.fields ?? []) {
      if (field.path === 'name' || field.path === 'password') {
        form.setError(field.path, { message: field.message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed) {
      setFormError(error.message);
    }
  };

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="mt-6 grid gap-4">
        <div className="grid gap-1.5">
          <p className="text-sm font-medium">Email</p>
          <p className="text-sm text-muted-foreground">{preview.email}</p>
        </div>
        <FormField
          control={form.control}
          name="name"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Your name</FormLabel>
              <FormControl>
                <Input autoComplete="name" autoFocus {...field} />
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
              <FormLabel>Choose a password</FormLabel>
              <FormControl>
                <Input type="password" autoComplete="new-password" {...field} />
              </FormControl>
              <FormDescription>At least 12 characters. A few unrelated words make a strong one.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        {/* Lets password managers save the credential under the right username. */}
        <input type="email" name="email" autoComplete="username" value={preview.email} readOnly hidden />
        {formError !== null && <ErrorText>{formError}</ErrorText>}
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Creating your account…' : 'Create account and join'}
        </Button>
      </form>
    </Form>
  );
};

/** The invitation page: preview the link, then join (signed in), create an account, or sign in first. */
export const AcceptInvitation = () => {
  const [view, setView] = React.useState<View>({ kind: 'loading' });
  const [signInNeeded, setSignInNeeded] = React.useState(false);

  const invalidate = React.useCallback(() => {
    storage.clear();
    setView({ kind: 'invalid' });
  }, []);

  React.useEffect(() => {
    let current = true;
    void previewInvitation().then((next) => {
      if (!current) {
        return;
      }
      if (next.kind === 'invalid') {
        storage.clear();
      }
      setView(next);
    });
    return () => {
      current = false;
    };
  }, []);

  if (view.kind === 'loading') {
    return (
      <p role="status" className="text-sm text-muted-foreground">
        Checking your invitation…
      </p>
    );
  }
  if (view.kind === 'invalid') {
    return (
      <div className="text-center">
        <MailXIcon className="mx-auto mb-4 size-8 text-muted-foreground" aria-hidden="true" />
        <Heading>Invitation not available</Heading>
        <p role="alert" className="mt-2 text-sm text-muted-foreground">
          {INVALID_INVITATION_MESSAGE} Ask the person who invited you to send a new invitation. If you have already accepted it,{' '}
          <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
            sign in
          </Link>
          .
        </p>
      </div>
    );
  }
  if (view.kind === 'error') {
    return (
      <div>
        <Heading>Invitation</Heading>
        <div className="mt-4">
          <ErrorText>{view.message}</ErrorText>
        </div>
      </div>
    );
  }

  const { token, preview } = view;
  const mustSignIn = signInNeeded || (preview.viewer === 'signed-out' && preview.accountExists);
  return (
    <div>
      <Heading>Join {preview.practiceName}</Heading>
      <Summary preview={preview} />
      {preview.viewer === 'other-user' ? (
        <div className="mt-6 grid gap-4">
          <ErrorText>
            You are signed in with another account. This invitation is for {preview.email}: sign out, then sign in or create an
            account with that address.
          </ErrorText>
          <Button
            variant="outline"
            onClick={() => {
              // The token stays in this tab's storage, so the page picks the invitation up again.
              void authClient.signOut().finally(() => window.location.reload());
            }}
          >
            Sign out
          </Button>
        </div>
      ) : preview.viewer === 'invitee' ? (
        <JoinAsSignedIn token={token} preview={preview} onInvalid={invalidate} />
      ) : mustSignIn ? (
        <div className="mt-6 grid gap-4">
          <p className="text-sm text-muted-foreground">
            You already have an OpenPractice account with this address. Sign in to accept the invitation; you will come back here.
          </p>
          <Button asChild>
            <Link href="/sign-in?next=/invite">Sign in as {preview.email}</Link>
          </Button>
        </div>
      ) : (
        <CreateAccountAndJoin token={token} preview={preview} onInvalid={invalidate} onSignInNeeded={() => setSignInNeeded(true)} />
      )}
    </div>
  );
};
