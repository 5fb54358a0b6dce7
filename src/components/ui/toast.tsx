'use client';

import { CircleAlertIcon, CircleCheckIcon, InfoIcon, LoaderCircleIcon, TriangleAlertIcon } from 'lucide-react';
import { useTheme } from 'next-themes';
import { Toaster as Sonner, type ToasterProps } from 'sonner';

/**
 * The app's single toast outlet, mounted once in the root layout. Raise toasts anywhere in client
 * code with sonner's `toast`:
 *
 * ```ts
 * import { toast } from 'sonner';
 * toast.success('Appointment booked');
 * toast.error('Could not save', { description: 'Check the highlighted fields.' });
 * ```
 *
 * Toasts are announced politely to screen readers and may be read aloud or seen by anyone near the
 * screen: never put patient names or other identifiers in them.
 */
export const Toaster = (props: ToasterProps) => {
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      theme={resolvedTheme === 'dark' ? 'dark' : 'light'}
      position="bottom-right"
      closeButton
      icons={{
        success: <CircleCheckIcon className="size-4 text-success" aria-hidden="true" />,
        info: <InfoIcon className="size-4 text-info" aria-hidden="true" />,
        warning: <TriangleAlertIcon className="size-4 text-warning" aria-hidden="true" />,
        error: <CircleAlertIcon className="size-4 text-destructive" aria-hidden="true" />,
        loading: <LoaderCircleIcon className="size-4 motion-safe:animate-spin" aria-hidden="true" />,
      }}
      {...props}
    />
  );
};
