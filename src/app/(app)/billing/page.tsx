import { ReceiptIcon } from 'lucide-react';
import type { Metadata } from 'next';

import { PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';

export const metadata: Metadata = { title: 'Billing' };

export default function BillingPage() {
  return (
    <>
      <PageHeader title="Billing" description="Invoices, payments, credit notes and outstanding balances." />
      <EmptyState
        icon={ReceiptIcon}
        title="No invoices yet"
        description="Invoices created from appointments appear here with their status: draft, issued, paid or overdue. An issued invoice is never edited; corrections are made with a credit note."
      />
    </>
  );
}
