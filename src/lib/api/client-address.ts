import { isIP } from 'node:net';

/**
 * The client's IP address, for per-address rate limits; null when it cannot be known.
 *
 * Route handlers never see the socket, so the address comes from the right-most
 * `X-Forwarded-For` entry. That entry is trustworthy because the HTTP server in front of
 * Next.js (scripts/serve.ts, see src/lib/http/forwarded-for.ts) replaces the header with the
 * socket's peer, or, behind a proxy we run (`TRUST_PROXY`), keeps the proxy's header whose last
 * entry is the address the proxy saw. That is one trusted hop; more hops need a setting that says
 * how many.
 */
export const clientAddress = (request: Request): string | null => clientAddressFromHeaders(request.headers);

/** {@link clientAddress} from the headers alone (better-auth hooks see headers, not always a Request). */
export const clientAddressFromHeaders = (headers: Pick<Headers, 'get'>): string | null => {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const last = entries.at(-1);
  if (last === undefined) {
    return null;
  }
  const address = last.startsWith('::ffff:') && isIP(last.slice(7)) === 4 ? last.slice(7) : last;
  return isIP(address) === 0 ? null : address.toLowerCase();
};
