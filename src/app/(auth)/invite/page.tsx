// /invite – accept an invitation to join a practice (the token is in the link's fragment, read in the browser)
import type { Metadata } from 'next';

import { AcceptInvitation } from '@/components/features/invitations/accept-invitation';

export const metadata: Metadata = { title: 'Accept invitation' };

export default function InvitePage() {
  return <AcceptInvitation />;
}
