'use client';

import { CircleUserRoundIcon, LogOutIcon, MonitorSmartphoneIcon, ShieldCheckIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { authClient } from '@/lib/auth/auth-client';

/** The signed-in user's menu: who is signed in, their security settings, sign out here, or on every device. */
export const UserMenu = ({ user }: { user: { name: string; email: string } }) => {
  const router = useRouter();
  const [signingOut, setSigningOut] = useState(false);
  const signOut = async (everywhere: boolean) => {
    setSigningOut(true);
    if (everywhere) {
      await fetch('/api/v1/session/sign-out-everywhere', { method: 'POST' });
    } else {
      await authClient.signOut();
    }
    // A full navigation, so nothing of the signed-in pages stays in the router cache.
    router.replace('/sign-in');
    router.refresh();
  };
  return (
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
        <DropdownMenuItem disabled={signingOut} onSelect={() => void signOut(false)}>
          <LogOutIcon aria-hidden="true" />
          Sign out
        </DropdownMenuItem>
        <DropdownMenuItem disabled={signingOut} onSelect={() => void signOut(true)}>
          <MonitorSmartphoneIcon aria-hidden="true" />
          Sign out everywhere
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
};
