'use client';

import { Building2Icon, ChevronsUpDownIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { readApiError } from '@/lib/api/read-api-error';

/** A practice the signed-in user belongs to: only what the switcher shows. */
export type PracticeOption = { id: string; name: string };

export type PracticeSwitcherProps = {
  /** The practices the user is an active member of, by name. */
  practices: readonly PracticeOption[];
  /** The practice whose data the screens show (the active practice), or null without any. */
  currentPracticeId: string | null;
};

const PracticeIcon = () => (
  <span className="flex size-8 shrink-0 items-center justify-center rounded-md border bg-muted text-muted-foreground">
    <Building2Icon className="size-4" aria-hidden="true" />
  </span>
);

/**
 * Shows which practice the screens belong to, top left of every page. With no practice it says so,
 * with one it shows the name, and with several it becomes a menu to switch between them.
 *
 * Switching asks the server to remember the choice for this browser (POST
 * /api/v1/session/active-practice sets a cookie; a practice the person no longer belongs to is
 * refused there), then refreshes the server-rendered shell and page, which read the cookie.
 */
export const PracticeSwitcher = ({ practices, currentPracticeId }: PracticeSwitcherProps) => {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [requesting, setRequesting] = useState(false);
  // The practice being switched to, shown (and checked in the menu) until the refreshed shell arrives.
  const [targetId, setTargetId] = useState<string | null>(null);
  const busy = requesting || refreshing;
  const shownId = busy ? (targetId ?? currentPracticeId) : currentPracticeId;
  const current = practices.find((practice) => practice.id === shownId) ?? null;

  const switchTo = async (practiceId: string) => {
    if (practiceId === currentPracticeId || busy) {
      return;
    }
    setTargetId(practiceId);
    setRequesting(true);
    try {
      const response = await fetch('/api/v1/session/active-practice', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ practiceId }),
      });
      if (!response.ok) {
        setTargetId(null);
        const error = await readApiError(response);
        toast.error('Could not switch practice', { description: error.message });
      }
      // After a refusal too: the list may be stale (e.g. the person was removed from that practice).
      startRefresh(() => router.refresh());
    } catch {
      setTargetId(null);
      toast.error('Could not switch practice', { description: 'Check the connection and try again.' });
    } finally {
      setRequesting(false);
    }
  };

  if (practices.length <= 1) {
    const name = current?.name ?? practices[0]?.name ?? null;
    return (
      <div className="flex min-w-0 items-center gap-2.5" data-testid="practice-switcher">
        <PracticeIcon />
        <div className="min-w-0 leading-tight">
          <p className="text-xs text-muted-foreground">Practice</p>
          <p className={name ? 'truncate text-sm font-medium' : 'truncate text-sm text-muted-foreground'}>
            {name ?? 'No practice selected'}
          </p>
        </div>
      </div>
    );
  }

  const label = current?.name ?? 'Select a practice';
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          className="h-auto min-w-0 gap-2.5 px-2 py-1.5 text-left"
          data-testid="practice-switcher"
          aria-busy={busy}
        >
          <PracticeIcon />
          <span className="min-w-0 leading-tight">
            <span className="block text-xs font-normal text-muted-foreground">Practice</span>
            <span className="block max-w-[16rem] truncate text-sm font-medium">{label}</span>
          </span>
          <span className="sr-only">, switch practice</span>
          <ChevronsUpDownIcon className="size-4 text-muted-foreground" aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Switch practice</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuRadioGroup value={shownId ?? ''} onValueChange={(id) => void switchTo(id)}>
          {practices.map((practice) => (
            <DropdownMenuRadioItem key={practice.id} value={practice.id}>
              <span className="truncate">{practice.name}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
};
