'use client';

import { Building2Icon, ChevronsUpDownIcon } from 'lucide-react';

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

/** A practice the signed-in user belongs to: only what the switcher shows. */
export type PracticeOption = { id: string; name: string };

export type PracticeSwitcherProps = {
  /** Practices the user may switch to; empty until sign-in exists. */
  practices: readonly PracticeOption[];
  /** The practice whose data the screens show, or null when none is chosen. */
  currentPracticeId: string | null;
  /**
   * Called with the chosen practice's id. Optional because the server layout cannot pass a
   * function; the real switcher (with sign-in) wraps this component in a client component.
   */
  onPracticeChange?: (practiceId: string) => void;
};

const PracticeIcon = () => (
  <span className="flex size-8 shrink-0 items-center justify-center rounded-md border bg-muted text-muted-foreground">
    <Building2Icon className="size-4" aria-hidden="true" />
  </span>
);

/**
 * Shows which practice the screens belong to, top left of every page. With no practice it says so,
 * with one it shows the name, and with several it becomes a menu to switch between them.
 */
export const PracticeSwitcher = ({ practices, currentPracticeId, onPracticeChange }: PracticeSwitcherProps) => {
  const current = practices.find((practice) => practice.id === currentPracticeId) ?? null;

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
        <DropdownMenuRadioGroup value={currentPracticeId ?? ''} onValueChange={(id) => onPracticeChange?.(id)}>
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
