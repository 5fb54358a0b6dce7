// /dev/mailbox/[id] – one message of the development mailbox, shown as plain text
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/app-shell/page-header';
import { Card, CardContent } from '@/components/ui/card';
import { readDevMailboxMessage } from '@/lib/email/dev-mailbox';
import { devMailboxDataDirOrNotFound } from '../access';

export const metadata: Metadata = { title: 'Development mailbox' };

const DevMailboxMessagePage = async ({ params }: { params: Promise<{ id: string }> }) => {
  const message = await readDevMailboxMessage(await devMailboxDataDirOrNotFound(), (await params).id);
  if (message === null) {
    notFound();
  }
  return (
    <main id="main-content" className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6">
      <PageHeader
        title={message.subject}
        description={`To ${message.to} · from ${message.from} · ${new Date(message.sentAt).toLocaleString('en-US')}`}
        actions={
          <Link className="text-sm font-medium text-primary underline-offset-4 hover:underline" href="/dev/mailbox">
            Back to the mailbox
          </Link>
        }
      />
      <Card>
        <CardContent className="pt-6">
          {/* Plain text only: the HTML part is never rendered here. */}
          <pre className="font-sans text-sm whitespace-pre-wrap">{message.text}</pre>
          {message.attachments?.length ? (
            <p className="mt-4 text-sm text-muted-foreground">
              Attachments: {message.attachments.map((a) => a.filename).join(', ')}
            </p>
          ) : null}
        </CardContent>
      </Card>
    </main>
  );
};

export default DevMailboxMessagePage;
