'use client';

import { CircleUserRoundIcon, LogOutIcon, MonitorSmartphoneIcon, ShieldCheckIcon } from 'lucide-react';
import Link from 'next/link';

import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { useSignOut } from '@/components/local-data/use-sign-out';

/**
 * The signed-in user's menu: who is signed in, their security settings, sign out here, or on every
 * device. Signing out goes through the device database (useSignOut): a shared computer's data is
 * wiped, once nothing on it is still waiting for the server.
 */
export const UserMenu = ({ user }: { user: { name: string; email: string } }) => {
  const { signOut, busy: signingOut, dialog } = useSignOut();
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label="Account">
            <CircleUserRoundIcon className="size-5" aria-hidden="true" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-64">
          <DropdownMenuLabel className="text-sm font-normal">
            <span className="block truncate font-medium text-foreground">{user.name}</span>
            <span className="block truncate text-xs text-muted-foreground">{user.email}</span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem asChild>
            <Link href="/account/security">
              <ShieldCheckIcon aria-hidden="true" />
              Security
            </Link>
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem disabled={signingOut} onSelect={() => signOut(false)}>
            <LogOutIcon aria-hidden="true" />
            Sign out
          </DropdownMenuItem>
          <DropdownMenuItem disabled={signingOut} onSelect={() => signOut(true)}>
            <MonitorSmartphoneIcon aria-hidden="true" />
            Sign out everywhere
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {dialog}
    </>
  );
};
