// /settings – the settings hub: one card per settings page the person's role in the active practice may open
import { Building2Icon, ChevronRightIcon, MapPinIcon, ScrollTextIcon, ShieldCheckIcon, UsersIcon, type LucideIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';

import { requirePagePermission } from '@/components/app-shell/forbidden';
import { PageHeader } from '@/components/app-shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { can, type TPermission, type TRole } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Settings' };

type HubCard = {
  title: string;
  description: string;
  icon: LucideIcon;
  /** Absent: not built yet (shown as "coming", without a link). */
  href?: `/settings/${string}`;
  /** Shown only to roles holding it; absent: shown to every member. */
  permission?: TPermission;
  /** The description for roles that may look but not change. */
  readOnlyDescription?: { permission: TPermission; text: string };
};

const CARDS: readonly HubCard[] = [
  {
    title: 'Team',
    description: 'Invite staff, change their roles and deactivate those who leave.',
    readOnlyDescription: { permission: 'members.role.write', text: 'See who works in this practice and their roles.' },
    icon: UsersIcon,
    href: '/settings/team',
  },
  {
    title: 'Security',
    description: 'Automatic sign-out after inactivity and other policies that protect patient data.',
    readOnlyDescription: { permission: 'practice.settings.write', text: 'See the security policies that apply in this practice.' },
    icon: ShieldCheckIcon,
    href: '/settings/security',
  },
  {
    title: 'Audit log',
    description: 'Who signed in, viewed, changed or exported what, and when.',
    icon: ScrollTextIcon,
    href: '/settings/audit',
    permission: 'audit.read',
  },
  {
    title: 'Practice details',
    description: "The practice's name, address, contact details and tax identifiers. Coming with scheduling.",
    icon: Building2Icon,
    permission: 'practice.settings.write',
  },
  {
    title: 'Scheduling',
    description: 'Locations and their time zones, rooms, providers, appointment types, working hours, time off and holidays.',
    readOnlyDescription: {
      permission: 'practice.settings.write',
      text: 'See the locations, rooms, providers, appointment types, working hours and holidays the calendar uses.',
    },
    icon: MapPinIcon,
    href: '/settings/scheduling',
    permission: 'schedule.read',
  },
];

const descriptionFor = (card: HubCard, role: TRole): string =>
  card.readOnlyDescription !== undefined && !can(role, card.readOnlyDescription.permission)
    ? card.readOnlyDescription.text
    : card.description;

const SettingsCard = ({ card, role }: { card: HubCard; role: TRole }) => {
  const Icon = card.icon;
  return (
    <li>
      <Card
        className={
          card.href === undefined
            ? 'h-full border-dashed shadow-none'
            : // The title's link covers the whole card (its ::after), so the card is one click target and one tab stop.
              'relative h-full transition-colors focus-within:ring-2 focus-within:ring-ring hover:bg-accent/40'
        }
      >
        <CardHeader className="grid-cols-[auto_1fr_auto] items-start gap-x-4">
          <span className="row-span-2 flex size-10 items-center justify-center rounded-lg bg-primary/10 text-primary">
            <Icon className="size-5" aria-hidden="true" />
          </span>
          <CardTitle className="flex items-center gap-2">
            {card.href === undefined ? (
              <>
                {card.title}
                <Badge variant="secondary">Coming soon</Badge>
              </>
            ) : (
              <Link href={card.href} className="outline-none after:absolute after:inset-0 after:rounded-xl">
                {card.title}
              </Link>
            )}
          </CardTitle>
          {card.href !== undefined && (
            <ChevronRightIcon className="row-span-2 size-5 self-center text-muted-foreground" aria-hidden="true" />
          )}
          <CardDescription className="col-start-2">{descriptionFor(card, role)}</CardDescription>
        </CardHeader>
      </Card>
    </li>
  );
};

const SettingsPage = async () => {
  const header = (
    <PageHeader title="Settings" description="Configure your practice, your team and its security policies." />
  );
  const access = await requirePagePermission('practice.read', {
    title: 'No practice yet',
    description: 'Settings belong to a practice. Ask a practice owner to invite you.',
  });
  if (!access.allowed) {
    return (
      <>
        {header}
        {access.forbidden}
      </>
    );
  }
  const { role } = access.membership;
  // Cards for pages a role may not open are left out, not shown disabled: they are not its work.
  const cards = CARDS.filter((card) => card.permission === undefined || can(role, card.permission));
  return (
    <>
      {header}
      <ul className="grid gap-4 md:grid-cols-2" aria-label="Settings sections">
        {cards.map((card) => (
          <SettingsCard key={card.title} card={card} role={role} />
        ))}
      </ul>
    </>
  );
};

export default SettingsPage;
