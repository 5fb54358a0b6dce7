import 'server-only';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { clientAddressFromHeaders } from '@/lib/api/client-address';
import { getConfig } from '@/lib/config/env';
import { isDevMailboxAvailable } from '@/lib/email/dev-mailbox-access';

/** The data directory when this request may see the development mailbox; otherwise a 404. */
export const devMailboxDataDirOrNotFound = async (): Promise<string> => {
  const config = getConfig();
  if (!isDevMailboxAvailable(config, clientAddressFromHeaders(await headers()))) {
    notFound();
  }
  return config.dataDir;
};
