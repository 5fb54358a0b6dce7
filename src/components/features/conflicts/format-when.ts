/** An instant in the person's own time, e.g. "Nov 25, 2026, 10:04 AM" (the browser's locale and zone). */
export const formatWhen = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'at an unknown time' : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
};
