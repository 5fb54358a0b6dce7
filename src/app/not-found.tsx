import { SearchXIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';

import { CenteredPage } from '@/components/app-shell/centered-page';
import { Button } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Page not found' };

/** Unknown addresses anywhere in the app, and `notFound()` calls (e.g. another practice's record). */
export default function NotFound() {
  return (
    <CenteredPage>
      <div className="flex flex-col items-center">
        <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
          <SearchXIcon className="size-6" aria-hidden="true" />
        </div>
        <p className="text-sm font-medium text-primary">Error 404</p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight text-foreground">Page not found</h1>
        <p className="mt-2 text-sm leading-relaxed text-pretty text-muted-foreground">
          We could not find that page. The address may be mistyped, or the page may have moved.
        </p>
        <Button asChild className="mt-6">
          <Link href="/">Go to the home page</Link>
        </Button>
      </div>
    </CenteredPage>
  );
}
