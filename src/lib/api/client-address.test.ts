import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

const request = (xff?: string) =>
  new Request('http://localhost/api/x', { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } });

describe('clientAddress', () => {
  it('takes the right-most entry, the one our server or proxy wrote', () => {
    expect(clientAddress(request('198.51.100.1, 203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(request(' 2001:DB8::1 '))).toBe('2001:db8::1');
    expect(clientAddress(request('::ffff:203.0.113.9'))).toBe('203.0.113.9');
  });

  it('returns null for a missing or malformed header', () => {
    expect(clientAddress(request())).toBeNull();
    expect(clientAddress(request(' , '))).toBeNull();
    expect(clientAddress(request('1.2.3.4, not-an-ip'))).toBeNull();
  });
});
