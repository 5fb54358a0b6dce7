'use client';

import { useEffect, useRef, useState } from 'react';

import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { useLocalData } from '@/components/local-data/local-data-context';

/** Warn this long before the automatic logoff. */
const WARNING_MS = 60_000;
/** Tell the server about activity at most this often (it enforces the timeout by requests). */
const ACTIVITY_PING_MS = 60_000;
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

const leaveToSignIn = () => {
  // A full page load rather than a client-side navigation: it drops every in-memory copy of what
  // was on screen (router cache, component state), which may include patient data.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign('/sign-in?reason=idle');
};

/** Reports activity; a 401 means the server already ended the session. Offline it just waits. */
const reportActivity = () =>
  fetch('/api/v1/session/activity', { method: 'POST' }).then(
    (response) => {
      if (response.status === 401) {
        leaveToSignIn();
      }
    },
    () => undefined,
  );

/**
 * Automatic logoff in the browser. The server is the control (it revokes an idle session on its
 * next request); this makes it humane: it reports activity while the person works on screens that
 * make no requests, warns a minute before the timeout with a countdown, and then locks the device
 * database (its key leaves the page, a shared computer is wiped when all its work is on the server)
 * and signs out: online to the sign-in page, offline to the unlock screen, so an unattended screen
 * does not keep showing patient data either way. An already locked screen gets no warning (there
 * is nothing to stay signed in to), but its timeout still counts: it will not reopen by itself
 * when the network returns.
 */
export const IdleLock = ({ idleTimeoutMinutes }: { idleTimeoutMinutes: number }) => {
  const timeoutMs = idleTimeoutMinutes * 60_000;
  const { lockForIdle, state } = useLocalData();
  const locked = state.kind === 'locked';
  // Read by the timer without restarting it on every state change.
  const lockedRef = useRef(locked);
  useEffect(() => {
    lockedRef.current = locked;
  }, [locked]);
  const lastInput = useRef(0);
  const lastPing = useRef(0);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);

  useEffect(() => {
    lastInput.current = Date.now();
    lastPing.current = Date.now();
    const onInput = () => {
      lastInput.current = Date.now();
    };
    for (const event of INPUT_EVENTS) {
      window.addEventListener(event, onInput, { passive: true });
    }
    let signingOut = false;
    const tick = window.setInterval(() => {
      const now = Date.now();
      const idle = now - lastInput.current;
      if (idle >= timeoutMs) {
        if (!signingOut) {
          signingOut = true;
          setSecondsLeft(null);
          // Online this leaves the page. Offline the page stays, locked: the next idle period
          // counts from here.
          void lockForIdle().finally(() => {
            signingOut = false;
            lastInput.current = Date.now();
          });
        }
        return;
      }
      if (lastInput.current > lastPing.current && now - lastPing.current >= ACTIVITY_PING_MS) {
        lastPing.current = now;
        void reportActivity();
      }
      setSecondsLeft(idle >= timeoutMs - WARNING_MS && !lockedRef.current ? Math.ceil((timeoutMs - idle) / 1000) : null);
    }, 1000);
    return () => {
      window.clearInterval(tick);
      for (const event of INPUT_EVENTS) {
        window.removeEventListener(event, onInput);
      }
    };
  }, [timeoutMs, lockForIdle]);

  const stay = () => {
    lastInput.current = Date.now();
    lastPing.current = Date.now();
    setSecondsLeft(null);
    void reportActivity();
  };

  return (
    <Dialog open={secondsLeft !== null} onOpenChange={(open) => (open ? undefined : stay())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Are you still there?</DialogTitle>
          <DialogDescription>
            For patients&apos; privacy you will be signed out in{' '}
            <span className="font-semibold tabular-nums">{secondsLeft ?? 0}</span> seconds without activity.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button onClick={stay}>Stay signed in</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
