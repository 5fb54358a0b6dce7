/*
 * Whether the "new version" prompt may activate the waiting service worker now (issue #6 §4: an
 * update never discards unsynced work). Pure, unit-tested; the prompt is
 * src/components/pwa/update-prompt.tsx.
 *
 * Saved changes are safe across the reload: they sit in the device database's outbox, which
 * survives reloads and is migrated on update. What a reload would lose is input typed into a form
 * and not saved yet, so that blocks. Offline blocks too: activating the new worker replaces the
 * precached files that the stored offline pages name, and those pages can only be fetched again
 * online (src/sw/service-worker.ts).
 */

export type UpdateReadiness =
  | { kind: 'unsaved-forms'; forms: number }
  | { kind: 'offline' }
  | { kind: 'ready' };

export const updateReadiness = ({ unsavedForms, online }: { unsavedForms: number; online: boolean }): UpdateReadiness => {
  if (unsavedForms > 0) {
    return { kind: 'unsaved-forms', forms: unsavedForms };
  }
  if (!online) {
    return { kind: 'offline' };
  }
  return { kind: 'ready' };
};

/** What the prompt says when the person asked to reload but it has to wait. */
export const describeBlocked = (readiness: Exclude<UpdateReadiness, { kind: 'ready' }>): string => {
  switch (readiness.kind) {
    case 'unsaved-forms':
      return readiness.forms === 1
        ? 'Save or close open forms first: one form has unsaved input.'
        : `Save or close open forms first: ${readiness.forms} forms have unsaved input.`;
    case 'offline':
      return 'The update needs a connection. Reload when you are back online.';
  }
};

/** The reassurance shown while changes wait to be sent (null when none do). */
export const describePending = (pending: number): string | null => {
  if (pending <= 0) {
    return null;
  }
  return pending === 1
    ? '1 change not yet synced will stay on this device.'
    : `${pending} changes not yet synced will stay on this device.`;
};
