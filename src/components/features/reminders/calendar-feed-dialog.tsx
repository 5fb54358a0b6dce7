'use client';

import * as React from 'react';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { readApiError } from '@/lib/api/read-api-error';

type CalendarFeedDialogProps = { practiceId: string; providerId: string; providerName: string; onOpenChange: (open: boolean) => void };

type Feed = { url: string; webcalUrl: string };

/**
 * A provider's calendar subscription (issue #7 §7): a secret address a calendar app (Outlook, Apple,
 * Google) subscribes to, listing the provider's appointment times and statuses — never patient names.
 * The address is shown once, when made; making a new one ends the old, and it can be turned off.
 * Online only: the secret is made and stored (as a hash) by the server.
 */
export const CalendarFeedDialog = ({ practiceId, providerId, providerName, onOpenChange }: CalendarFeedDialogProps) => {
  const [feed, setFeed] = React.useState<Feed | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const endpoint = `/api/v1/practices/${practiceId}/providers/${providerId}/calendar-feed`;

  const call = async (method: 'POST' | 'DELETE') => {
    setError(null);
    setBusy(true);
    try {
      const response = await fetch(endpoint, { method });
      if (!response.ok) {
        setError((await readApiError(response)).message);
        return;
      }
      if (method === 'POST') {
        setFeed((await response.json()) as Feed);
      } else {
        setFeed(null);
        toast.success('Calendar link turned off', { description: 'Calendars subscribed to it stop receiving updates.' });
      }
    } catch {
      setError('Could not reach the server. Check the connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toast.success('Link copied');
    } catch {
      toast.error('Copy it from the field instead.');
    }
  };

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Calendar link for {providerName}</DialogTitle>
          <DialogDescription>
            A private address a calendar app subscribes to: the provider’s appointment times and statuses, without patient names. Anyone holding the
            link sees them, so share it only with the provider. A new link ends the previous one.
          </DialogDescription>
        </DialogHeader>
        {feed ? (
          <div className="grid gap-3">
            {(
              [
                ['calendar-feed-webcal', 'Subscribe link (calendar apps)', feed.webcalUrl],
                ['calendar-feed-url', 'Web address (https)', feed.url],
              ] as const
            ).map(([id, label, value]) => (
              <div key={id} className="grid gap-1.5">
                <Label htmlFor={id}>{label}</Label>
                <div className="flex gap-2">
                  <Input id={id} readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
                  <Button type="button" variant="outline" onClick={() => void copy(value)}>
                    Copy<span className="sr-only"> {label}</span>
                  </Button>
                </div>
              </div>
            ))}
            <p className="text-sm text-muted-foreground">This address is shown only now. Make a new link if it gets lost.</p>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {error}
          </p>
        ) : null}
        <DialogFooter className="gap-2">
          <Button variant="ghost" className="text-destructive sm:mr-auto" disabled={busy} onClick={() => void call('DELETE')}>
            Turn off the link
          </Button>
          <DialogClose asChild>
            <Button variant="outline">Close</Button>
          </DialogClose>
          <Button disabled={busy} onClick={() => void call('POST')}>
            {feed ? 'Make another link' : 'Make a link'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
