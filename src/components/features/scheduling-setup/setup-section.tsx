'use client';

import { PencilIcon, PlusIcon, type LucideIcon } from 'lucide-react';
import * as React from 'react';

import { useLocalData } from '@/components/local-data/local-data-context';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { EmptyState } from '@/components/ui/empty-state';
import { Label } from '@/components/ui/label';
import { Skeleton } from '@/components/ui/skeleton';
import { TableCell, TableHead } from '@/components/ui/table';

/** What every toast after a set-up change says: the change is on this device first. */
export const SYNC_NOTE = 'Saved on this device; it syncs when the network allows.';

type SetupSectionProps = {
  title: string;
  description: string;
  /** The add button's text; absent for people who may only look. */
  addLabel?: string;
  onAdd?: () => void;
  /** Why adding is not possible yet (e.g. "Add a location first"), shown beside the disabled button. */
  addBlockedReason?: string | null;
  query: { isPending: boolean; isError: boolean; error: Error | null };
  count: number;
  empty: { icon: LucideIcon; title: string; description: string };
  /** Controls above the table (filters). */
  toolbar?: React.ReactNode;
  children: React.ReactNode;
};

/**
 * One tab of the set-up screen: a heading, what it is for, the add button, then the table (or
 * its loading, error and empty states).
 */
export const SetupSection = ({ title, description, addLabel, onAdd, addBlockedReason, query, count, empty, toolbar, children }: SetupSectionProps) => {
  const { state } = useLocalData();
  const headingId = React.useId();
  const reasonId = React.useId();
  const blocked = addBlockedReason !== undefined && addBlockedReason !== null;
  return (
    <section aria-labelledby={headingId} className="grid gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid gap-1">
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="max-w-prose text-sm text-muted-foreground">{description}</p>
        </div>
        {addLabel !== undefined && onAdd !== undefined ? (
          <div className="flex flex-col gap-1 sm:items-end">
            <Button onClick={onAdd} disabled={state.kind !== 'ready' || blocked} aria-describedby={blocked ? reasonId : undefined}>
              <PlusIcon aria-hidden="true" />
              {addLabel}
            </Button>
            {blocked ? (
              <p id={reasonId} className="text-sm text-muted-foreground">
                {addBlockedReason}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      {toolbar}
      {state.kind === 'opening' || query.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label={`Loading ${title.toLowerCase()}`}>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} className="h-10 w-full" />
          ))}
        </div>
      ) : query.isError ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          This list could not be read from this device: {query.error?.message ?? 'unknown error'}.
        </p>
      ) : count === 0 ? (
        <EmptyState icon={empty.icon} title={empty.title} description={empty.description} headingLevel="h3" />
      ) : (
        children
      )}
    </section>
  );
};

/** The header cell over the row actions (named for screen readers only). */
export const ActionsHead = () => (
  <TableHead>
    <span className="sr-only">Actions</span>
  </TableHead>
);

/** A row button; `confirms`: it opens a confirmation first (shown as "…"). */
export type RowAction = { label: string; icon: LucideIcon; onClick: () => void; destructive?: boolean; confirms?: boolean };

/** A row's buttons: Edit, then e.g. Retire… or Remove…; each names its row for screen readers. */
export const RowActions = ({ name, onEdit, actions = [] }: { name: string; onEdit: () => void; actions?: readonly RowAction[] }) => (
  <TableCell className="text-right whitespace-nowrap">
    <Button variant="ghost" size="sm" onClick={onEdit}>
      <PencilIcon aria-hidden="true" />
      Edit<span className="sr-only"> {name}</span>
    </Button>
    {actions.map(({ label, icon: Icon, onClick, destructive, confirms }) => (
      <Button key={label} variant="ghost" size="sm" className={destructive === true ? 'text-destructive' : undefined} onClick={onClick}>
        <Icon aria-hidden="true" />
        {label}
        <span className="sr-only"> {name}</span>
        {confirms === true ? '…' : null}
      </Button>
    ))}
  </TableCell>
);

/** Words, not only a greyed row: this record is kept but no longer offered. */
export const RetiredBadge = ({ active }: { active: boolean }) =>
  active ? null : (
    <Badge variant="secondary" className="ml-2">
      Retired
    </Badge>
  );

/** "Show past dates" above a dated list, saying how many past rows it hides. */
export const ShowPastToggle = ({ checked, onCheckedChange, hidden }: { checked: boolean; onCheckedChange: (checked: boolean) => void; hidden: number }) => {
  const id = React.useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <Checkbox id={id} checked={checked} onCheckedChange={(value) => onCheckedChange(value === true)} />
      <Label htmlFor={id}>Show past dates</Label>
      {hidden > 0 ? <span className="text-muted-foreground">({hidden} hidden)</span> : null}
    </div>
  );
};
