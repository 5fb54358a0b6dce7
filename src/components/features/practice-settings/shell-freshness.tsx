'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';

type ShellFreshnessProps = {
  /** The active practice the shell was rendered for. */
  practiceId: string | null;
  /** The idle timeout the shell's IdleLock was given. */
  idleTimeoutMinutes: number;
};

/**
 * Keeps the signed-in shell current across client-side navigation. Next.js does not render a shared
 * layout again when moving between its pages, so the top bar's practice and the IdleLock's timeout
 * would stay as they were at the last full load, while the page below reads the current cookie and
 * the server enforces the current timeout. After each navigation this asks the server what applies
 * now and refreshes the shell when something differs: an admin shortened the idle timeout (the
 * browser must warn and lock at the new time, not the old one), or another tab switched practice
 * (the top bar must name the practice the page shows). Renders nothing.
 */
export const ShellFreshness = ({ practiceId, idleTimeoutMinutes }: ShellFreshnessProps) => {
  const pathname = usePathname();
  const router = useRouter();
  const rendered = useRef({ practiceId, idleTimeoutMinutes });
  const mounted = useRef(false);

  useEffect(() => {
    rendered.current = { practiceId, idleTimeoutMinutes };
  }, [practiceId, idleTimeoutMinutes]);

  useEffect(() => {
    // The first render came with the server's current values: nothing to ask yet.
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const controller = new AbortController();
    void (async () => {
      try {
        const response = await fetch('/api/v1/session/active-practice', {
          headers: { accept: 'application/json' },
          signal: controller.signal,
        });
        // A 401 means the session ended: the IdleLock's next activity report returns to sign-in.
        if (!response.ok) {
          return;
        }
        const now = (await response.json()) as { practiceId: string | null; idleTimeoutMinutes: number };
        if (now.practiceId !== rendered.current.practiceId || now.idleTimeoutMinutes !== rendered.current.idleTimeoutMinutes) {
          router.refresh();
        }
      } catch {
        // Offline or navigated away again: the next navigation asks again.
      }
    })();
    return () => controller.abort();
  }, [pathname, router]);

  return null;
};
