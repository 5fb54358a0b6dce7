import { describe, expect, it } from 'vitest';
import { forwardedForHeader } from './forwarded-for';

describe('forwardedForHeader', () => {
  it('replaces a client-written header with the socket peer when no proxy is trusted', () => {
    expect(forwardedForHeader({ incoming: '10.9.8.7', peerAddress: '203.0.113.5', trustProxy: false })).toBe('203.0.113.5');
    expect(forwardedForHeader({ incoming: undefined, peerAddress: '::1', trustProxy: false })).toBe('::1');
  });

  it("keeps the trusted proxy's header, joined when repeated", () => {
    expect(forwardedForHeader({ incoming: '198.51.100.1, 203.0.113.9', peerAddress: '10.0.0.2', trustProxy: true })).toBe(
      '198.51.100.1, 203.0.113.9',
    );
    expect(forwardedForHeader({ incoming: ['198.51.100.1', '203.0.113.9'], peerAddress: '10.0.0.2', trustProxy: true })).toBe(
      '198.51.100.1, 203.0.113.9',
    );
  });

  it('falls back to the peer when a trusted proxy sent no header', () => {
    expect(forwardedForHeader({ incoming: ' ', peerAddress: '10.0.0.2', trustProxy: true })).toBe('10.0.0.2');
  });
});
