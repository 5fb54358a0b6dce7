import type { AppConfig } from '@/lib/config/env';

const LOOPBACK = new Set(['127.0.0.1', '::1']);

/**
 * The development mailbox holds invitation and sign-in links, which are as good as keys. It
 * exists only while no SMTP server is configured, and only answers people on the machine itself
 * (loopback), never a tablet elsewhere on the clinic's network. `address` is the client address
 * as the route wrapper sees it (src/lib/api/client-address.ts).
 */
export const isDevMailboxAvailable = (config: Pick<AppConfig, 'email'>, address: string | null): boolean =>
  config.email.smtpUrl === undefined && address !== null && LOOPBACK.has(address);
