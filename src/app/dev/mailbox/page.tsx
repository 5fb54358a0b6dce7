// /dev/mailbox – mail the app would have sent, while no SMTP server is configured
import type { Metadata } from 'next';
import Link from 'next/link';
import { Inbox } from 'lucide-react';
import { PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { listDevMailbox } from '@/lib/email/dev-mailbox';
import { devMailboxDataDirOrNotFound } from './access';

export const metadata: Metadata = { title: 'Development mailbox' };

const DevMailboxPage = async () => {
  const messages = await listDevMailbox(await devMailboxDataDirOrNotFound());
  return (
    <main id="main-content" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
      <PageHeader
        title="Development mailbox"
        description="No SMTP server is configured (SMTP_URL), so mail is kept here instead of being sent. Only visible from this machine."
      />
      {messages.length === 0 ? (
        <EmptyState icon={Inbox} title="No mail yet" description="Invitations and other messages will appear here." />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Sent</TableHead>
              <TableHead>To</TableHead>
              <TableHead>Subject</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {messages.map((message) => (
              <TableRow key={message.id}>
                <TableCell className="whitespace-nowrap tabular-nums">
                  {new Date(message.sentAt).toLocaleString('en-US')}
                </TableCell>
                <TableCell>{message.to}</TableCell>
                <TableCell>
                  <Link className="font-medium text-primary underline-offset-4 hover:underline" href={`/dev/mailbox/${message.id}`}>
                    {message.subject}
                  </Link>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </main>
  );
};

export default DevMailboxPage;
