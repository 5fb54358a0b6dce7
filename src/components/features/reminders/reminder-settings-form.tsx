'use client';

import * as React from 'react';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { readApiError } from '@/lib/api/read-api-error';
import {
  DEFAULT_REMINDER_LEAD_HOURS,
  MAX_REMINDER_LEAD_HOURS,
  MIN_REMINDER_LEAD_HOURS,
  ZReminderLeadHours,
  type TReminderSettings,
} from '@/lib/domain/reminders/schemas';

type ReminderSettingsFormProps = { practiceId: string; initial: TReminderSettings; canWrite: boolean };

/**
 * When appointment reminders go out (issue #7 §7): a number of hours before the appointment, or
 * none. Owners and admins change it (PATCH …/settings/reminders, audited; checked here and on the
 * server with the shared schema, whose errors show under the field); everyone else sees it. Online only.
 */
export const ReminderSettingsForm = ({ practiceId, initial, canWrite }: ReminderSettingsFormProps) => {
  const [enabled, setEnabled] = React.useState(initial.reminderLeadHours !== null);
  const [hours, setHours] = React.useState(String(initial.reminderLeadHours ?? DEFAULT_REMINDER_LEAD_HOURS));
  const [fieldError, setFieldError] = React.useState<string | null>(null);
  const [formError, setFormError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const summary =
    initial.reminderLeadHours === null ? 'Reminders are off.' : `Patients with an email address get a reminder ${initial.reminderLeadHours} hours before.`;

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setFieldError(null);
    setFormError(null);
    // The shared schema first (whole hours, 1 to 168), the same the server applies again.
    const parsed = ZReminderLeadHours.safeParse(enabled ? (hours.trim() === '' ? Number.NaN : Number(hours)) : null);
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? 'enter a number of hours');
      return;
    }
    const reminderLeadHours = parsed.data;
    setBusy(true);
    try {
      const response = await fetch(`/api/v1/practices/${practiceId}/settings/reminders`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reminderLeadHours }),
      });
      if (response.ok) {
        toast.success('Reminder settings saved');
        return;
      }
      const error = await readApiError(response);
      const field = error.fields?.find((candidate) => candidate.path === 'reminderLeadHours');
      if (field) {
        setFieldError(field.message);
      } else {
        setFormError(error.message);
      }
    } catch {
      setFormError('Could not reach the server. Check the connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Appointment reminders</CardTitle>
        <CardDescription>
          An email with the date, time and place (no clinical details), a calendar attachment, and links to confirm or cancel.
        </CardDescription>
      </CardHeader>
      {canWrite ? (
        <form onSubmit={(event) => void save(event)} noValidate className="grid gap-4">
          <CardContent className="grid gap-4">
            <div className="flex items-center gap-2">
              <Checkbox id="reminders-enabled" checked={enabled} onCheckedChange={(checked) => setEnabled(checked === true)} />
              <Label htmlFor="reminders-enabled">Send reminders</Label>
            </div>
            <div className="grid max-w-xs gap-1.5">
              <Label htmlFor="reminders-hours">Hours before the appointment</Label>
              <Input
                id="reminders-hours"
                type="number"
                inputMode="numeric"
                min={MIN_REMINDER_LEAD_HOURS}
                max={MAX_REMINDER_LEAD_HOURS}
                disabled={!enabled}
                value={hours}
                aria-invalid={fieldError !== null}
                aria-describedby="reminders-hours-help"
                onChange={(event) => setHours(event.target.value)}
              />
              <p id="reminders-hours-help" className={fieldError ? 'text-sm font-medium text-destructive' : 'text-sm text-muted-foreground'}>
                {fieldError ?? `${MIN_REMINDER_LEAD_HOURS} to ${MAX_REMINDER_LEAD_HOURS} hours (a week).`}
              </p>
            </div>
            {formError ? (
              <p role="alert" className="text-sm font-medium text-destructive">
                {formError}
              </p>
            ) : null}
          </CardContent>
          <CardFooter>
            <Button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </Button>
          </CardFooter>
        </form>
      ) : (
        <CardContent>
          <p className="text-sm" data-testid="reminder-setting">
            {summary}
          </p>
          <p className="mt-2 text-sm text-muted-foreground">Only owners and administrators can change this.</p>
        </CardContent>
      )}
    </Card>
  );
};
