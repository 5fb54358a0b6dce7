'use client';

import { CircleUserRoundIcon, LogOutIcon, UserRoundIcon } from 'lucide-react';

import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';

/**
 * Placeholder for the signed-in user's menu (profile, security, sign out). Sign-in arrives in a
 * later issue; until then the entries are visible but disabled so the layout does not shift.
 */
export const UserMenu = () => (
  <DropdownMenu>
    <DropdownMenuTrigger asChild>
      <Button variant="ghost" size="icon" aria-label="Account">
        <CircleUserRoundIcon className="size-5" aria-hidden="true" />
      </Button>
    </DropdownMenuTrigger>
    <DropdownMenuContent align="end" className="w-56">
      <DropdownMenuLabel className="text-sm font-normal">
        <span className="block font-medium text-foreground">Not signed in</span>
        <span className="block text-xs text-muted-foreground">Sign-in is not set up yet.</span>
      </DropdownMenuLabel>
      <DropdownMenuSeparator />
      <DropdownMenuItem disabled>
        <UserRoundIcon aria-hidden="true" />
        Profile
      </DropdownMenuItem>
      <DropdownMenuItem disabled>
        <LogOutIcon aria-hidden="true" />
        Sign out
      </DropdownMenuItem>
    </DropdownMenuContent>
  </DropdownMenu>
);
