/*
 * Work on screen that is not saved anywhere yet: a form someone is typing into. Saved work is safe
 * (the device database and its outbox survive reloads and updates); typed-but-unsaved input is not.
 * Forms register while dirty; the update prompt waits for them (issue #6 §4), and the browser asks
 * before a reload or close would throw them away.
 */

type Listener = (count: number) => void;

let count = 0;
const listeners = new Set<Listener>();

const warnBeforeUnload = (event: BeforeUnloadEvent) => {
  event.preventDefault();
};

const changed = () => {
  if (typeof window !== 'undefined') {
    if (count > 0) {
      window.addEventListener('beforeunload', warnBeforeUnload);
    } else {
      window.removeEventListener('beforeunload', warnBeforeUnload);
    }
  }
  for (const listener of listeners) {
    listener(count);
  }
};

/** Marks one piece of unsaved work; call the answer when it is saved or abandoned (idempotent). */
export const registerUnsavedWork = (): (() => void) => {
  count += 1;
  changed();
  let released = false;
  return () => {
    if (!released) {
      released = true;
      count -= 1;
      changed();
    }
  };
};

/** How many forms hold unsaved input now. */
export const unsavedWorkCount = (): number => count;

/** Called with the count on every change; answers the unsubscribe. */
export const onUnsavedWorkChange = (listener: Listener): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
