'use client';

import * as React from 'react';
import { toast } from 'sonner';

import { useMutate } from '@/components/local-data/use-mutate';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { LocalDbError } from '@/lib/local/browser/local-database';
import { cn } from '@/lib/utils/cn';

import { SlotTakenPanel } from '../schedule/slot-taken-panel';
import type { ConflictEntry } from './conflict-queries';
import {
  buildMergedValues,
  compareFields,
  describeAuthor,
  describeMutation,
  describeReason,
  describeResolution,
  initialChoices,
  offeredResolutions,
  type ConflictResolutionChoice,
  type FieldChoice,
  type FieldComparison,
  type FieldValue,
} from './conflict-view';
import { formatWhen } from './format-when';

const ACTION_LABELS: Readonly<Record<ConflictResolutionChoice, string>> = {
  keep_mine: 'Keep mine',
  keep_theirs: 'Keep theirs',
  merged: 'Save merged',
  dismissed: 'Dismiss',
};

const withoutKey = (record: Record<string, string>, key: string) => Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));

const ValueText = ({ value }: { value: FieldValue | undefined }) =>
  value === undefined ? (
    <span className="text-muted-foreground">—</span>
  ) : value === null ? (
    <span className="text-muted-foreground italic">empty</span>
  ) : (
    <span className="break-words">{value}</span>
  );

type ChoiceCellProps = {
  row: FieldComparison;
  choice: FieldChoice;
  error: string | undefined;
  onChange: (choice: FieldChoice) => void;
  inputRef: (element: HTMLInputElement | null) => void;
};

/** Per field: the device's value, the practice's, or a value typed here; native radios, so arrows move between them. */
const ChoiceCell = ({ row, choice, error, onChange, inputRef }: ChoiceCellProps) => {
  const id = React.useId();
  const options: readonly { source: FieldChoice['source']; label: string }[] = [
    { source: 'mine', label: 'Mine' },
    { source: 'theirs', label: 'Theirs' },
    { source: 'edit', label: 'Edit' },
  ];
  return (
    <fieldset className="grid gap-2">
      <legend className="sr-only">Merged {row.label}</legend>
      <div className="flex flex-wrap gap-3">
        {options.map((option) => (
          <label key={option.source} className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name={`${id}-source`}
              className="size-4 accent-primary"
              checked={choice.source === option.source}
              onChange={() =>
                onChange(option.source === 'edit' ? { source: 'edit', value: (choice.source === 'edit' ? choice.value : row.theirs ?? row.mine) ?? '' } : { source: option.source })
              }
            />
            {option.label}
          </label>
        ))}
      </div>
      {choice.source === 'edit' ? (
        <>
          <Input
            ref={inputRef}
            aria-label={`Merged ${row.label}`}
            aria-invalid={error !== undefined}
            aria-describedby={error === undefined ? undefined : `${id}-error`}
            autoComplete="off"
            value={choice.value}
            onChange={(event) => onChange({ source: 'edit', value: event.target.value })}
          />
          {error === undefined ? null : (
            <p id={`${id}-error`} className="text-sm font-medium text-destructive">
              {error}
            </p>
          )}
        </>
      ) : error === undefined ? null : (
        <p className="text-sm font-medium text-destructive">{error}</p>
      )}
    </fieldset>
  );
};

type ConflictDialogProps = {
  practiceId: string;
  entry: ConflictEntry;
  userId: string;
  /** Whether the person may resolve (patients.write); others see the comparison only. */
  canWrite: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/**
 * One conflict field by field — before, mine (the device's change), theirs (the practice now) — with
 * keep mine / keep theirs / a merged value chosen per field, or dismissal of a refused change.
 * Resolving is the `conflicts.resolve` mutation: applied on this device at once (also offline) and
 * synced like any change. A merged value is checked with the patient schema first; a bad one gets
 * its field's error and nothing is sent.
 */
export const ConflictDialog = ({ practiceId, entry, userId, canWrite, open, onOpenChange }: ConflictDialogProps) => {
  const mutate = useMutate();
  const { conflict, patientName } = entry;
  const rows = React.useMemo(() => compareFields(conflict), [conflict]);
  const [choices, setChoices] = React.useState(() => initialChoices(rows));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [formError, setFormError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const inputs = React.useRef(new Map<string, HTMLInputElement>());
  const reason = describeReason(conflict.reason);
  const isOpen = conflict.status === 'open';
  const offered = isOpen && canWrite ? offeredResolutions(conflict.reason) : [];
  const merging = offered.includes('merged');
  const hasTheirs = rows.some((row) => row.theirs !== undefined);
  const hasBase = rows.some((row) => row.base !== undefined);

  const focusFirstError = (fieldErrors: Record<string, string>) => {
    const first = rows.find((row) => fieldErrors[row.field] !== undefined);
    if (first !== undefined) {
      // The input exists once the field is in edit mode; errors on a chosen side have none.
      requestAnimationFrame(() => inputs.current.get(first.field)?.focus());
    }
  };

  const resolve = async (resolution: ConflictResolutionChoice) => {
    setFormError(null);
    let values: Record<string, FieldValue> | undefined;
    if (resolution === 'merged') {
      const merged = buildMergedValues(rows, choices);
      if (!merged.ok) {
        setErrors(merged.errors);
        focusFirstError(merged.errors);
        return;
      }
      values = merged.values;
    }
    setErrors({});
    setBusy(true);
    try {
      await mutate('conflicts.resolve', { practiceId, conflictId: conflict.id, resolution, ...(values === undefined ? {} : { values }) });
      toast.success('Conflict resolved', { description: 'Saved on this device; it syncs when the network allows.' });
      onOpenChange(false);
    } catch (error) {
      const fieldErrors: Record<string, string> = {};
      if (error instanceof LocalDbError && error.code === 'invalid_mutation') {
        for (const field of error.fields ?? []) {
          const row = rows.find((candidate) => field.path === `values.${candidate.field}`);
          if (row !== undefined) {
            fieldErrors[row.field] = field.message;
          }
        }
      }
      if (Object.keys(fieldErrors).length > 0) {
        setErrors(fieldErrors);
        focusFirstError(fieldErrors);
      } else {
        setFormError(error instanceof LocalDbError ? `The conflict could not be resolved: ${error.message}.` : 'The conflict could not be resolved.');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-4xl">
        <DialogHeader>
          <DialogTitle>
            {reason.title}: {patientName ?? 'a patient not on this device'}
          </DialogTitle>
          <DialogDescription>
            {describeMutation(conflict.mutationName)} by {describeAuthor(conflict.authorUserId, userId).toLowerCase()},{' '}
            {formatWhen(conflict.createdAt)}. {reason.explanation}
          </DialogDescription>
        </DialogHeader>

        {conflict.error === null ? null : (
          <div role="note" className="rounded-md border border-destructive/25 bg-destructive/10 px-3 py-2 text-sm text-destructive">
            The server said: {conflict.error.message}
          </div>
        )}

        {conflict.reason === 'slot_taken' ? (
          // A booking or move whose slot was taken: pick another time rather than compare fields.
          <SlotTakenPanel
            practiceId={practiceId}
            conflictId={conflict.id}
            mutationName={conflict.mutationName}
            mine={conflict.mine}
            canWrite={isOpen && canWrite}
            onResolved={() => onOpenChange(false)}
          />
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">This change has no fields to compare.</p>
        ) : (
          <Table aria-label="Fields in conflict">
            <TableHeader>
              <TableRow>
                <TableHead>Field</TableHead>
                {hasBase ? <TableHead>Before</TableHead> : null}
                <TableHead>Mine</TableHead>
                {hasTheirs ? <TableHead>Theirs</TableHead> : null}
                {merging ? <TableHead>Merged value</TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.field} data-testid="conflict-field" data-differs={row.differs} className={cn(row.differs && 'bg-warning/10')}>
                  <TableCell className="font-medium">
                    {row.label}
                    {row.differs ? (
                      <Badge variant="warning" className="ml-2">
                        Differs
                      </Badge>
                    ) : null}
                  </TableCell>
                  {hasBase ? (
                    <TableCell>
                      <ValueText value={row.base} />
                    </TableCell>
                  ) : null}
                  <TableCell>
                    <ValueText value={row.mine} />
                  </TableCell>
                  {hasTheirs ? (
                    <TableCell>
                      <ValueText value={row.theirs} />
                    </TableCell>
                  ) : null}
                  {merging ? (
                    <TableCell className="min-w-56">
                      <ChoiceCell
                        row={row}
                        choice={choices[row.field] ?? { source: 'theirs' }}
                        error={errors[row.field]}
                        onChange={(choice) => {
                          setChoices((current) => ({ ...current, [row.field]: choice }));
                          setErrors((current) => withoutKey(current, row.field));
                        }}
                        inputRef={(element) => {
                          if (element === null) {
                            inputs.current.delete(row.field);
                          } else {
                            inputs.current.set(row.field, element);
                          }
                        }}
                      />
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}

        <p className="text-xs text-muted-foreground">
          Mine is the change made on the device; theirs is what the practice has now.
          {!isOpen ? ` ${describeResolution(conflict.resolution)}${conflict.resolvedAt === null ? '' : `, ${formatWhen(conflict.resolvedAt)}`}.` : null}
          {isOpen && !canWrite ? ' Your role can review conflicts but not resolve them.' : null}
        </p>

        {formError === null ? null : (
          <p role="alert" className="text-sm font-medium text-destructive">
            {formError}
          </p>
        )}

        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">{offered.length === 0 ? 'Close' : 'Cancel'}</Button>
          </DialogClose>
          {offered.map((resolution) => (
            <Button
              key={resolution}
              variant={resolution === 'merged' ? 'default' : 'secondary'}
              disabled={busy}
              onClick={() => void resolve(resolution)}
            >
              {ACTION_LABELS[resolution]}
            </Button>
          ))}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
