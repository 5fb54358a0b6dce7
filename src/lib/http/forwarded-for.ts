/**
 * Decides the `X-Forwarded-For` header the app sees, in the HTTP server in front of Next.js
 * (scripts/serve.ts), before any route runs.
 *
 * Route handlers never see the socket; they learn the client's address from the right-most
 * `X-Forwarded-For` entry (src/lib/api/client-address.ts). Next.js itself only fills the header
 * when it is absent, so a client could write it and dodge per-address rate limits. Hence:
 * - no proxy of ours in front (`trustProxy` false): the header is replaced by the socket's peer;
 * - behind a proxy we run (`trustProxy` true): the proxy's header is kept, and the peer (the
 *   proxy) is not appended, so the right-most entry stays the address the proxy saw.
 */
export const forwardedForHeader = ({
  incoming,
  peerAddress,
  trustProxy,
}: {
  incoming: string | string[] | undefined;
  peerAddress: string | undefined;
  trustProxy: boolean;
}): string | undefined => {
  const header = Array.isArray(incoming) ? incoming.join(', ') : incoming;
  if (trustProxy && header !== undefined && header.trim() !== '') {
    return header;
  }
  return peerAddress;
};
