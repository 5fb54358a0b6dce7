// /appointments/respond – confirm or cancel an appointment from a reminder link (the token is in the link's fragment, read in the browser)
import type { Metadata } from 'next';

import { RespondToAppointment } from '@/components/features/reminders/respond-to-appointment';

export const metadata: Metadata = { title: 'Your appointment', referrer: 'no-referrer' };

export default function RespondPage() {
  return <RespondToAppointment />;
}
