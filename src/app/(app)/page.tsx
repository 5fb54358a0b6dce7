import { redirect } from 'next/navigation';

/** `/` has no screen of its own: the day starts with the schedule. */
export default function HomePage() {
  redirect('/schedule');
}
