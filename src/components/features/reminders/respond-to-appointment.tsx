'use client';

import '@/lib/utils/zod-jitless';

import { CalendarCheckIcon, CalendarXIcon, MailXIcon } from 'lucide-react';
import * as React from 'react';

import { Button } from '@/components/ui/button';
import { readApiError } from '@/lib/api/read-api-error';
import {
  ACTION_REFUSALS,
  INVALID_ACTION_LINK_MESSAGE,
  ZAppointmentActionPreview,
  ZAppointmentActionResult,
  ZLinkToken,
  type TAppointmentActionPreview,
  type TAppointmentActionResult,
} from '@/lib/domain/reminders/schemas';

/*
 * The page a reminder's confirm or cancel link opens. The token arrives in the URL fragment (never
 * sent to the server with the page request); it is moved to this tab's sessionStorage at once and
 * the fragment is cleared, so it leaves the address bar and history, and a reload still works.
 *
 * Nothing changes until the patient presses the button: mail scanners and link previews open links
 * too, and a cancellation must never come from one. The page shows only what the link's answer
 * carries: the practice, the time and where the link stands.
 */

const STORAGE_KEY = 'openpractice.appointment-action-token';

type View =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; token: string; preview: TAppointmentActionPreview }
  | { kind: 'finished'; result: TAppointmentActionResult };

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
  const fromLink = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (fromLink !== null) {
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    storage.set(fromLink);
    return fromLink;
  }
  return storage.get();
};

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }).catch(() => null);

const UNREACHABLE = 'The server could not be reached. Check the connection and try again.';

/** "Tuesday, December 8, 2026 at 9:00 AM CST", in the clinic's zone. */
const formatWhen = (iso: string, timeZone: string): string => {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
  }
};

const loadPreview = async (): Promise<View> => {
  const token = takeToken();
  if (token === null || !ZLinkToken.safeParse(token).success) {
    return { kind: 'invalid' };
  }
  const response = await postJson('/api/v1/appointment-actions/preview', { token });
  if (response === null) {
    return { kind: 'error', message: UNREACHABLE };
  }
  if (!response.ok) {
    const error = await readApiError(response);
    return error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED' ? { kind: 'invalid' } : { kind: 'error', message: error.message };
  }
  const preview = ZAppointmentActionPreview.safeParse(await response.json());
  return preview.success ? { kind: 'ready', token, preview: preview.data } : { kind: 'invalid' };
};

const Heading = ({ children }: { children: React.ReactNode }) => <h1 className="text-xl font-semibold tracking-tight text-foreground">{children}</h1>;

const ErrorText = ({ children }: { children: React.ReactNode }) => (
  <p role="alert" className="text-sm font-medium text-destructive">
    {children}
  </p>
);

const When = ({ practiceName, startsAt, timeZone }: { practiceName: string; startsAt: string; timeZone: string }) => (
  <p className="mt-2 text-sm text-muted-foreground">
    Your appointment at <span className="font-medium text-foreground">{practiceName}</span> on{' '}
    <span className="font-medium text-foreground">{formatWhen(startsAt, timeZone)}</span>.
  </p>
);

const Act = ({ token, preview, onDone }: { token: string; preview: TAppointmentActionPreview; onDone: (view: View) => void }) => {
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const cancel = preview.action === 'cancel';
  const act = async () => {
    setBusy(true);
    setError(null);
    const response = await postJson('/api/v1/appointment-actions', { token });
    if (response === null) {
      setBusy(false);
      setError(UNREACHABLE);
      return;
    }
    if (!response.ok) {
      const apiError = await readApiError(response);
      setBusy(false);
      storage.clear();
      onDone(apiError.code === 'NOT_FOUND' ? { kind: 'invalid' } : { kind: 'error', message: apiError.message });
      return;
    }
    const result = ZAppointmentActionResult.safeParse(await response.json());
    storage.clear();
    onDone(result.success ? { kind: 'finished', result: result.data } : { kind: 'error', message: 'Something went wrong. Please call the practice.' });
  };
  return (
    <div className="mt-6 grid gap-4">
      {error === null ? null : <ErrorText>{error}</ErrorText>}
      <Button variant={cancel ? 'destructive' : 'default'} onClick={() => void act()} disabled={busy}>
        {busy ? 'One moment…' : cancel ? 'Cancel the appointment' : 'Confirm the appointment'}
      </Button>
      {cancel ? <p className="text-sm text-muted-foreground">If you cancel, the time is offered to someone else. To move the appointment instead, please call the practice.</p> : null}
    </div>
  );
};

/** The reminder link page: what the link offers, then the one button that uses it. */
export const RespondToAppointment = () => {
  const [view, setView] = React.useState<View>({ kind: 'loading' });

  React.useEffect(() => {
    let current = true;
    void loadPreview().then((next) => {
      if (!current) {
        return;
      }
      if (next.kind === 'invalid' || (next.kind === 'ready' && next.preview.state !== 'open')) {
        storage.clear();
      }
      setView(next);
    });
    return () => {
      current = false;
    };
  }, []);

  switch (view.kind) {
    case 'loading':
      return (
        <p role="status" className="text-sm text-muted-foreground">
          Checking your link…
        </p>
      );
    case 'invalid':
      return (
        <div className="text-center">
          <MailXIcon className="mx-auto mb-4 size-8 text-muted-foreground" aria-hidden="true" />
          <Heading>Link not available</Heading>
          <p role="alert" className="mt-2 text-sm text-muted-foreground">
            {INVALID_ACTION_LINK_MESSAGE}
          </p>
        </div>
      );
    case 'error':
      return (
        <div>
          <Heading>Your appointment</Heading>
          <div className="mt-4">
            <ErrorText>{view.message}</ErrorText>
          </div>
        </div>
      );
    case 'finished': {
      const { result } = view;
      const Icon = result.outcome === 'cancelled' ? CalendarXIcon : CalendarCheckIcon;
      return (
        <div className="text-center">
          <Icon className="mx-auto mb-4 size-8 text-muted-foreground" aria-hidden="true" />
          <Heading>{result.outcome === 'cancelled' ? 'Appointment cancelled' : 'Appointment confirmed'}</Heading>
          <p role="status" className="mt-2 text-sm text-muted-foreground">
            {result.alreadyDone ? 'It already was: nothing else to do. ' : 'Thank you. '}
            {result.practiceName}, {formatWhen(result.startsAt, result.timeZone)}.
          </p>
        </div>
      );
    }
    case 'ready': {
      const { token, preview } = view;
      const title = preview.action === 'cancel' ? 'Cancel your appointment' : 'Confirm your appointment';
      return (
        <div>
          <Heading>{title}</Heading>
          <When practiceName={preview.practiceName} startsAt={preview.startsAt} timeZone={preview.timeZone} />
          {preview.state === 'open' ? (
            <Act token={token} preview={preview} onDone={setView} />
          ) : preview.state === 'done' ? (
            <p role="status" className="mt-6 text-sm text-muted-foreground">
              {preview.action === 'cancel' ? 'This appointment is already cancelled.' : 'This appointment is already confirmed. See you then.'}
            </p>
          ) : (
            <div className="mt-6">
              <ErrorText>{ACTION_REFUSALS[preview.state]}</ErrorText>
            </div>
          )}
        </div>
      );
    }
  }
};
