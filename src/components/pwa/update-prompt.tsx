'use client';

import { RefreshCwIcon } from 'lucide-react';
import * as React from 'react';

import { useLocalData } from '@/components/local-data/local-data-context';
import { Button } from '@/components/ui/button';
import { useOnlineStatus } from '@/hooks/use-online-status';
import { useUnsavedWorkCount } from '@/hooks/use-unsaved-work';
import { describeBlocked, describePending, updateReadiness } from '@/lib/pwa/update-readiness';

/** How long a reload waits for the device database to push before going ahead anyway. */
const PUSH_BEFORE_RELOAD_MS = 10_000;

type UpdatePromptProps = {
  /** Activates the new version; the page reloads once it controls this tab. */
  onActivate: () => void;
};

/**
 * "A new version is available — Reload" (issue #6 §4). Reloading never discards work: it refuses
 * while a form holds unsaved input (src/lib/pwa/update-readiness.ts), and asks the device database
 * to push its outbox first. Changes still pending after that are safe anyway (the outbox survives
 * the reload and is migrated on update), and the prompt says so.
 */
export const UpdatePrompt = ({ onActivate }: UpdatePromptProps) => {
  const unsavedForms = useUnsavedWorkCount();
  const online = useOnlineStatus();
  const { state, syncStatus } = useLocalData();
  const [blocked, setBlocked] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const pending = describePending(syncStatus?.pending ?? 0);

  const readiness = updateReadiness({ unsavedForms, online });
  // The reason shown last goes away once it no longer holds, so it never contradicts the screen.
  const shownBlocked = readiness.kind === 'ready' ? null : blocked;

  const reload = async () => {
    if (readiness.kind !== 'ready') {
      setBlocked(describeBlocked(readiness));
      return;
    }
    setBusy(true);
    if (state.kind === 'ready') {
      // Best effort: a failed or slow push loses nothing (the outbox stays on the device).
      await Promise.race([
        state.db.syncNow().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, PUSH_BEFORE_RELOAD_MS)),
      ]);
    }
    onActivate();
  };

  return (
    <section
      aria-labelledby="update-prompt-title"
      data-testid="update-prompt"
      // Bottom left of the content (right of the sidebar from lg up): toasts stack bottom right and
      // would cover the Reload button.
      className="fixed bottom-4 left-4 z-50 w-[min(24rem,calc(100vw-2rem))] lg:left-68 rounded-xl border bg-card p-4 text-card-foreground shadow-lg"
    >
      <h2 id="update-prompt-title" className="text-sm font-semibold">
        A new version is available
      </h2>
      <p className="mt-1 text-sm text-muted-foreground">Reload to start using it.{pending === null ? '' : ` ${pending}`}</p>
      {shownBlocked === null ? null : (
        <p role="alert" className="mt-2 text-sm font-medium text-destructive">
          {shownBlocked}
        </p>
      )}
      <div className="mt-3 flex justify-end">
        <Button size="sm" onClick={() => void reload()} disabled={busy} aria-busy={busy}>
          <RefreshCwIcon aria-hidden="true" className={busy ? 'animate-spin' : undefined} />
          {busy ? 'Reloading…' : 'Reload'}
        </Button>
      </div>
    </section>
  );
};
