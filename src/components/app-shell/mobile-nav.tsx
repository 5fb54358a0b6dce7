'use client';

import { MenuIcon } from 'lucide-react';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle, SheetTrigger } from '@/components/ui/sheet';

import { BrandMark } from './brand';
import { SidebarNav } from './sidebar-nav';

/** The navigation for screens narrower than 1024px (tablets): a menu button that opens a sheet. */
export const MobileNav = () => {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Open navigation">
          <MenuIcon className="size-5" aria-hidden="true" />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="w-72 gap-0 bg-sidebar p-0">
        <SheetHeader className="h-16 flex-row items-center gap-2.5 border-b border-sidebar-border px-5 py-0">
          <BrandMark />
          <SheetTitle className="text-base tracking-tight">OpenPractice</SheetTitle>
          <SheetDescription className="sr-only">Main navigation</SheetDescription>
        </SheetHeader>
        {/* Following a link closes the sheet; otherwise it would cover the page just opened. */}
        <SidebarNav onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
};
