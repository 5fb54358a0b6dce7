'use client';

import * as React from 'react';

import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { MAX_SERIES_OCCURRENCES } from '@/lib/domain/scheduling/recurrence';
import type { LocalDate, LocalTime } from '@/lib/domain/scheduling/zoned-time';
import { cn } from '@/lib/utils/cn';

import {
  checkRepeat,
  followStartDate,
  MAX_REPEAT_INTERVAL,
  previewLine,
  REPEAT_FREQUENCIES,
  repeatPreview,
  seriesOccurrences,
  summarizeRepeat,
  WEEKDAY_NAMES,
  WEEKDAYS,
  weekdayOf,
  type RepeatFrequency,
  type RepeatModel,
} from './repeat-rule';

const FREQUENCY_LABELS: Readonly<Record<RepeatFrequency, string>> = { none: 'Does not repeat', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };
const UNIT: Readonly<Record<Exclude<RepeatFrequency, 'none'>, string>> = { daily: 'days', weekly: 'weeks', monthly: 'months' };

type RepeatFieldsProps = {
  /** Prefix of the controls' ids (unique on the page). */
  id: string;
  value: RepeatModel;
  onChange: (next: RepeatModel) => void;
  /** The first appointment's clinic date and time, and the location's zone: the preview's dates. */
  startDate: LocalDate;
  startTime: LocalTime;
  durationMinutes: number;
  timeZone: string;
  /** Preview the dates from this one (editing a series: the dates still to come). */
  fromDate?: LocalDate;
  /** Offer "Does not repeat" (booking); a series being edited always repeats. */
  allowNone?: boolean;
  /** A problem found outside this section, shown under the preview: dates taken, the rule refused. */
  problem?: string | null;
};

/** A whole number typed into a number field; NaN while it is empty or not a number. */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
const textOf = (value: number): string => (Number.isNaN(value) ? '' : String(value));

const FieldError = ({ id, message }: { id: string; message: string | undefined }) =>
  message === undefined ? null : (
    <p id={id} className="text-sm font-medium text-destructive">
      {message}
    </p>
  );

/**
 * The "Repeat" section: how often (none, daily, weekly, monthly), every how many, on which
 * weekdays, until when, with a line previewing the dates and the errors under their controls.
 * Controlled: the dialog owns the model and turns it into a rule with checkRepeat.
 */
export const RepeatFields = ({ id, value, onChange, startDate, startTime, durationMinutes, timeZone, fromDate, allowNone = true, problem = null }: RepeatFieldsProps) => {
  const check = checkRepeat(value, { startDate, startTime, timeZone });
  const { errors } = check;

  // While the weekdays are still the default (the start date's day), they follow the start date.
  const previousStart = React.useRef(startDate);
  React.useEffect(() => {
    if (previousStart.current !== startDate) {
      const next = followStartDate(value, previousStart.current, startDate);
      previousStart.current = startDate;
      if (next !== value) {
        onChange(next);
      }
    }
  }, [startDate, value, onChange]);

  const preview = React.useMemo(() => {
    if (check.rule === null) {
      return null;
    }
    const occurrences = seriesOccurrences({ rule: check.rule, startDate, startTime, durationMinutes: Number.isInteger(durationMinutes) && durationMinutes > 0 ? durationMinutes : 1, timeZone, ...(fromDate ? { fromDate } : {}) });
    return occurrences === null ? null : repeatPreview(check.rule, occurrences);
  }, [check.rule, startDate, startTime, durationMinutes, timeZone, fromDate]);

  const set = (patch: Partial<RepeatModel>) => onChange({ ...value, ...patch });
  const ids = {
    frequency: `${id}-frequency`,
    interval: `${id}-interval`,
    unit: `${id}-interval-unit`,
    weekdays: `${id}-weekdays`,
    count: `${id}-count`,
    until: `${id}-until`,
    preview: `${id}-preview`,
    error: (name: string) => `${id}-${name}-error`,
  };
  const describedBy = (name: keyof typeof errors, ...more: string[]) => [...(errors[name] === undefined ? [] : [ids.error(name)]), ...more].join(' ') || undefined;

  const frequencies = REPEAT_FREQUENCIES.filter((frequency) => allowNone || frequency !== 'none');
  const repeating = value.frequency !== 'none';
  const startDay = weekdayOf(startDate);

  return (
    <fieldset className="grid gap-3 rounded-md border p-3 sm:col-span-2">
      <legend className="px-1 text-sm font-medium">Repeat</legend>
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-2">
          <Label htmlFor={ids.frequency}>Repeats</Label>
          <Select
            value={value.frequency}
            onValueChange={(next) => {
              const frequency = next as RepeatFrequency;
              // Weekly starts on the first appointment's weekday.
              set({ frequency, ...(frequency === 'weekly' && value.weekdays.length === 0 && startDay ? { weekdays: [startDay] } : {}) });
            }}
          >
            <SelectTrigger id={ids.frequency} className="w-44">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {frequencies.map((frequency) => (
                <SelectItem key={frequency} value={frequency}>
                  {FREQUENCY_LABELS[frequency]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {value.frequency === 'none' ? null : (
          <div className="grid gap-2">
            <Label htmlFor={ids.interval}>Every</Label>
            <div className="flex items-center gap-2">
              <Input
                id={ids.interval}
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_REPEAT_INTERVAL}
                className="w-20"
                value={textOf(value.interval)}
                aria-invalid={errors.interval !== undefined}
                aria-describedby={describedBy('interval', ids.unit)}
                onChange={(event) => set({ interval: numberOf(event.target.value) })}
              />
              <span id={ids.unit} className="text-sm">
                {UNIT[value.frequency]}
              </span>
            </div>
          </div>
        )}
      </div>
      <FieldError id={ids.error('interval')} message={errors.interval} />

      {value.frequency === 'weekly' ? (
        <fieldset aria-describedby={describedBy('weekdays')} className="grid gap-2">
          <legend className="mb-2 text-sm font-medium">On these days</legend>
          <div className="flex flex-wrap gap-1">
            {WEEKDAYS.map((day) => {
              const pressed = value.weekdays.includes(day);
              return (
                <Button
                  key={day}
                  type="button"
                  size="sm"
                  variant={pressed ? 'default' : 'outline'}
                  aria-pressed={pressed}
                  className={cn('w-12')}
                  onClick={() => set({ weekdays: pressed ? value.weekdays.filter((d) => d !== day) : WEEKDAYS.filter((d) => d === day || value.weekdays.includes(d)) })}
                >
                  <span aria-hidden="true">{WEEKDAY_NAMES[day].slice(0, 3)}</span>
                  <span className="sr-only">{WEEKDAY_NAMES[day]}</span>
                </Button>
              );
            })}
          </div>
          <FieldError id={ids.error('weekdays')} message={errors.weekdays} />
        </fieldset>
      ) : null}

      {repeating ? (
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm font-medium">Ends</legend>
          <div className="flex flex-wrap items-center gap-2">
            <input
              id={`${id}-ends-count`}
              type="radio"
              name={`${id}-ends`}
              className="size-4 accent-primary"
              checked={value.ends.kind === 'count'}
              onChange={() => set({ ends: { kind: 'count', count: value.ends.kind === 'count' ? value.ends.count : 10 } })}
            />
            <Label htmlFor={`${id}-ends-count`}>After</Label>
            <Input
              id={ids.count}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_SERIES_OCCURRENCES}
              className="w-20"
              aria-label="Number of appointments"
              disabled={value.ends.kind !== 'count'}
              value={value.ends.kind === 'count' ? textOf(value.ends.count) : ''}
              aria-invalid={errors.count !== undefined}
              aria-describedby={describedBy('count')}
              onChange={(event) => set({ ends: { kind: 'count', count: numberOf(event.target.value) } })}
            />
            <span className="text-sm">times</span>
          </div>
          <FieldError id={ids.error('count')} message={errors.count} />
          <div className="flex flex-wrap items-center gap-2">
            <input
              id={`${id}-ends-until`}
              type="radio"
              name={`${id}-ends`}
              className="size-4 accent-primary"
              checked={value.ends.kind === 'until'}
              onChange={() => set({ ends: { kind: 'until', date: value.ends.kind === 'until' ? value.ends.date : '' } })}
            />
            <Label htmlFor={`${id}-ends-until`}>On</Label>
            <Input
              id={ids.until}
              type="date"
              className="w-44"
              aria-label="Last date"
              disabled={value.ends.kind !== 'until'}
              value={value.ends.kind === 'until' ? value.ends.date : ''}
              aria-invalid={errors.until !== undefined}
              aria-describedby={describedBy('until')}
              onChange={(event) => set({ ends: { kind: 'until', date: event.target.value } })}
            />
          </div>
          <FieldError id={ids.error('until')} message={errors.until} />
          <FieldError id={ids.error('rule')} message={errors.rule} />
          <p id={ids.preview} aria-live="polite" className="text-sm text-muted-foreground">
            {preview === null ? null : previewLine(summarizeRepeat(value, startDate), preview)}
          </p>
          {problem === null ? null : (
            <p role="alert" className="text-sm font-medium text-destructive">
              {problem}
            </p>
          )}
        </fieldset>
      ) : null}
    </fieldset>
  );
};
