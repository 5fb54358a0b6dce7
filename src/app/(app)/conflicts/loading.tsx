import { PageSkeleton } from '@/components/app-shell/page-skeleton';

// Per page rather than one (app)/loading.tsx: a boundary above `/` would stream its redirect as a
// 200 with a client-side refresh instead of sending a real 307.
export default function ConflictsLoading() {
  return <PageSkeleton label="Loading conflicts…" />;
}
