'use client';

import { useEffect, useSyncExternalStore } from 'react';

import { onUnsavedWorkChange, registerUnsavedWork, unsavedWorkCount } from '@/lib/unsaved-work';

/** Registers a form's unsaved input while `dirty` (e.g. react-hook-form's `formState.isDirty`). */
export const useUnsavedWork = (dirty: boolean): void => {
  useEffect(() => (dirty ? registerUnsavedWork() : undefined), [dirty]);
};

/** The number of forms holding unsaved input, live. */
export const useUnsavedWorkCount = (): number =>
  useSyncExternalStore(
    (onChange) => onUnsavedWorkChange(onChange),
    unsavedWorkCount,
    () => 0,
  );
