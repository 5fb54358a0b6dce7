'use client';

import { CheckCircle2Icon, EyeIcon, GitMergeIcon } from 'lucide-react';
import * as React from 'react';

import { useLocalData } from '@/components/local-data/local-data-context';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';

import { ConflictDialog } from './conflict-dialog';
import type { ConflictEntry } from './conflict-queries';
import { describeAuthor, describeMutation, describeReason, describeResolution } from './conflict-view';
import { formatWhen } from './format-when';
import { useConflictInbox } from './use-conflicts';

const nameOf = (entry: ConflictEntry) => entry.patientName ?? 'A patient not on this device';

/**
 * The conflict inbox (issue #6 §7), from the device database: the practice's open conflicts, newest
 * first, and the recently resolved ones. Opening one shows it field by field; resolving it syncs
 * like any change, and a resolution made on another device arrives with the next pull.
 */
export const ConflictsScreen = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const { state, userId } = useLocalData();
  const inbox = useConflictInbox(practiceId);
  // The id, not the entry: the dialog follows the row as pulls change it (resolved elsewhere).
  const [selected, setSelected] = React.useState<string | null>(null);

  if (state.kind === 'revoked' || state.kind === 'failed') {
    // LocalDataNotice above the page says why.
    return null;
  }
  if (state.kind === 'opening' || inbox.isPending) {
    return (
      <div className="grid gap-2" aria-busy="true" aria-label="Loading conflicts">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-10 w-full" />
        ))}
      </div>
    );
  }
  if (inbox.isError) {
    return (
      <p role="alert" className="text-sm font-medium text-destructive">
        The conflicts could not be read from this device: {inbox.error.message}.
      </p>
    );
  }

  const { open, resolved } = inbox.data;
  const current = [...open, ...resolved].find((entry) => entry.conflict.id === selected);

  return (
    <div className="grid gap-8">
      <section aria-labelledby="open-conflicts-heading" className="grid gap-3">
        <h2 id="open-conflicts-heading" className="text-lg font-semibold">
          Open <span className="text-muted-foreground tabular-nums">({open.length})</span>
        </h2>
        {open.length === 0 ? (
          <EmptyState
            icon={CheckCircle2Icon}
            headingLevel="h3"
            title="No conflicts — every change was merged"
            description="When two devices change the same detail differently, or a change is refused, it waits here for a decision."
          />
        ) : (
          <Table aria-label="Open conflicts">
            <TableHeader>
              <TableRow>
                <TableHead>Patient</TableHead>
                <TableHead>What happened</TableHead>
                <TableHead>Changed by</TableHead>
                <TableHead>When</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {open.map((entry) => (
                <TableRow key={entry.conflict.id} data-testid="conflict-row">
                  <TableCell className="font-medium">{nameOf(entry)}</TableCell>
                  <TableCell>
                    <Badge variant="warning">{describeReason(entry.conflict.reason).title}</Badge>
                    <span className="ml-2 text-sm text-muted-foreground">{describeMutation(entry.conflict.mutationName)}</span>
                  </TableCell>
                  <TableCell>{describeAuthor(entry.conflict.authorUserId, userId)}</TableCell>
                  <TableCell className="tabular-nums">{formatWhen(entry.conflict.createdAt)}</TableCell>
                  <TableCell className="text-right">
                    <Button variant="outline" size="sm" onClick={() => setSelected(entry.conflict.id)}>
                      <GitMergeIcon aria-hidden="true" />
                      {canWrite ? 'Resolve' : 'Review'}
                      <span className="sr-only"> conflict of {nameOf(entry)}</span>
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="resolved-conflicts-heading" className="grid gap-3">
        <h2 id="resolved-conflicts-heading" className="text-lg font-semibold">
          Recently resolved
        </h2>
        {resolved.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing resolved yet.</p>
        ) : (
          <Table aria-label="Resolved conflicts">
            <TableHeader>
              <TableRow>
                <TableHead>Patient</TableHead>
                <TableHead>What happened</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead>When</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {resolved.map((entry) => (
                <TableRow key={entry.conflict.id} data-testid="resolved-conflict-row">
                  <TableCell className="font-medium">{nameOf(entry)}</TableCell>
                  <TableCell>{describeReason(entry.conflict.reason).title}</TableCell>
                  <TableCell>
                    <Badge variant="success">{describeResolution(entry.conflict.resolution)}</Badge>
                    {entry.conflict.resolvedBy === null ? null : (
                      <span className="ml-2 text-sm text-muted-foreground">by {describeAuthor(entry.conflict.resolvedBy, userId).toLowerCase()}</span>
                    )}
                  </TableCell>
                  <TableCell className="tabular-nums">{entry.conflict.resolvedAt === null ? '—' : formatWhen(entry.conflict.resolvedAt)}</TableCell>
                  <TableCell className="text-right">
                    <Button variant="ghost" size="sm" onClick={() => setSelected(entry.conflict.id)}>
                      <EyeIcon aria-hidden="true" />
                      View<span className="sr-only"> resolved conflict of {nameOf(entry)}</span>
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      {current === undefined ? null : (
        <ConflictDialog
          // A fresh dialog per conflict and per status: choices belong to one open conflict.
          key={`${current.conflict.id}:${current.conflict.status}`}
          practiceId={practiceId}
          entry={current}
          userId={userId}
          canWrite={canWrite}
          open
          onOpenChange={(isOpen) => {
            if (!isOpen) {
              setSelected(null);
            }
          }}
        />
      )}
    </div>
  );
};
