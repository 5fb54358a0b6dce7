'use client';

import { DownloadIcon, ScrollTextIcon } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { readApiError } from '@/lib/api/read-api-error';

type AuditEntry = {
  id: string;
  occurredAt: string;
  action: string;
  severity: 'info' | 'notice' | 'warning' | 'high';
  actorUserId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  ipAddress: string | null;
};

type Filters = { action: string; actorUserId: string; patientId: string; from: string; to: string };
const NO_FILTERS: Filters = { action: '', actorUserId: '', patientId: '', from: '', to: '' };

const SEVERITY_VARIANT = { info: 'secondary', notice: 'info', warning: 'warning', high: 'destructive' } as const;

/** Filter values as query parameters; dates are whole local days (from start of `from` to end of `to`). */
const toQuery = (filters: Filters): URLSearchParams => {
  const query = new URLSearchParams();
  for (const key of ['action', 'actorUserId', 'patientId'] as const) {
    if (filters[key].trim() !== '') {
      query.set(key, filters[key].trim());
    }
  }
  if (filters.from !== '') {
    query.set('from', new Date(`${filters.from}T00:00:00`).toISOString());
  }
  if (filters.to !== '') {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    query.set('to', end.toISOString());
  }
  return query;
};

type PageResult =
  | { ok: true; entries: AuditEntry[]; nextCursor: string | null }
  | { ok: false; message: string };

const fetchPage = async (base: string, filters: Filters, after: string | null): Promise<PageResult> => {
  const query = toQuery(filters);
  query.set('limit', '100');
  if (after !== null) {
    query.set('cursor', after);
  }
  const response = await fetch(`${base}?${query.toString()}`, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    const apiError = await readApiError(response);
    return { ok: false, message: apiError.fields?.map((f) => `${f.path}: ${f.message}`).join('; ') || apiError.message };
  }
  return { ok: true, ...((await response.json()) as { entries: AuditEntry[]; nextCursor: string | null }) };
};

/** The audit log of one practice: filters, newest first, "load more", CSV export. */
export const AuditViewer = ({ practiceId, canExport }: { practiceId: string; canExport: boolean }) => {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  const base = `/api/v1/practices/${practiceId}/audit`;

  const show = useCallback((result: PageResult, after: string | null) => {
    if (!result.ok) {
      setError(result.message);
      setState('error');
      return;
    }
    setEntries((previous) => (after === null ? result.entries : [...previous, ...result.entries]));
    setCursor(result.nextCursor);
    setError(null);
    setState('ready');
  }, []);

  useEffect(() => {
    let current = true;
    void fetchPage(base, applied, null).then((result) => {
      // A newer filter set may have been applied meanwhile: show only the latest answer.
      if (current) {
        show(result, null);
      }
    });
    return () => {
      current = false;
    };
  }, [applied, base, show]);

  const apply = (filters: Filters) => {
    setState('loading');
    setApplied(filters);
  };

  const field = (key: keyof Filters, label: string, type = 'text', placeholder?: string) => (
    <div className="space-y-1.5">
      <Label htmlFor={`audit-${key}`}>{label}</Label>
      <Input
        id={`audit-${key}`}
        type={type}
        placeholder={placeholder}
        value={draft[key]}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
      />
    </div>
  );

  return (
    <div className="space-y-6">
      <form
        className="grid gap-4 rounded-xl border bg-card p-4 sm:grid-cols-2 lg:grid-cols-5"
        onSubmit={(event) => {
          event.preventDefault();
          apply(draft);
        }}
      >
        {field('action', 'Action', 'text', 'e.g. auth.sign_in.failed')}
        {field('actorUserId', 'Staff member (user id)')}
        {field('patientId', 'Patient (id)')}
        {field('from', 'From', 'date')}
        {field('to', 'To', 'date')}
        <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-5">
          <Button type="submit">Apply filters</Button>
          <Button
            variant="outline"
            onClick={() => {
              setDraft(NO_FILTERS);
              apply(NO_FILTERS);
            }}
          >
            Clear
          </Button>
          {canExport ? (
            <Button variant="outline" asChild className="ml-auto">
              <a href={`${base}/export?${toQuery(applied).toString()}`} download>
                <DownloadIcon aria-hidden="true" />
                Export CSV
              </a>
            </Button>
          ) : null}
        </div>
      </form>

      {error !== null ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}

      {state !== 'loading' && entries.length === 0 && error === null ? (
        <EmptyState icon={ScrollTextIcon} title="No entries" description="Nothing in the audit log matches these filters." />
      ) : (
        <Table aria-busy={state === 'loading'}>
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead>Action</TableHead>
              <TableHead>Who</TableHead>
              <TableHead>Target</TableHead>
              <TableHead>Address</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell className="whitespace-nowrap tabular-nums">{new Date(entry.occurredAt).toLocaleString()}</TableCell>
                <TableCell>
                  <span className="font-mono text-xs">{entry.action}</span>{' '}
                  <Badge variant={SEVERITY_VARIANT[entry.severity]}>{entry.severity}</Badge>
                </TableCell>
                <TableCell className="max-w-56 truncate">{entry.actorLabel ?? entry.actorUserId ?? 'system'}</TableCell>
                <TableCell className="max-w-56 truncate font-mono text-xs">
                  {entry.targetType === null ? '' : `${entry.targetType} ${entry.targetId ?? ''}`}
                </TableCell>
                <TableCell className="font-mono text-xs">{entry.ipAddress ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      {cursor !== null ? (
        <Button variant="outline" disabled={state === 'loading'} onClick={() => {
            setState('loading');
            void fetchPage(base, applied, cursor).then((result) => show(result, cursor));
          }}>
          Load more
        </Button>
      ) : null}
    </div>
  );
};
