import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin';

const options = { appUrl: 'https://clinic.example.org', trustProxy: false };
const request = (method: string, headers: Record<string, string>, url = 'http://10.0.0.5:3000/api/x') =>
  new Request(url, { method, headers });

describe('isOriginAllowed', () => {
  it('lets safe methods through whatever their origin', () => {
    expect(isOriginAllowed(request('GET', { origin: 'https://evil.example' }), options)).toBe(true);
    expect(isOriginAllowed(request('HEAD', {}), options)).toBe(true);
  });

  it('accepts the configured origin and the request’s own origin', () => {
    expect(isOriginAllowed(request('POST', { origin: 'https://clinic.example.org' }), options)).toBe(true);
    expect(isOriginAllowed(request('DELETE', { origin: 'http://10.0.0.5:3000' }), options)).toBe(true);
  });

  it('rejects other origins, including look-alikes', () => {
    for (const origin of [
      'https://evil.example',
      'https://clinic.example.org.evil.example',
      'http://clinic.example.org',
      'https://clinic.example.org:8443',
    ]) {
      expect(isOriginAllowed(request('POST', { origin }), options)).toBe(false);
    }
  });

  it('without an Origin (or with "null") passes only a same-origin Sec-Fetch-Site', () => {
    expect(isOriginAllowed(request('POST', {}), options)).toBe(false);
    expect(isOriginAllowed(request('POST', { 'sec-fetch-site': 'same-origin' }), options)).toBe(true);
    expect(isOriginAllowed(request('POST', { 'sec-fetch-site': 'same-site' }), options)).toBe(false);
    expect(isOriginAllowed(request('POST', { 'sec-fetch-site': 'cross-site' }), options)).toBe(false);
    expect(isOriginAllowed(request('POST', { origin: 'null', 'sec-fetch-site': 'same-origin' }), options)).toBe(true);
    expect(isOriginAllowed(request('POST', { origin: 'null', 'sec-fetch-site': 'cross-site' }), options)).toBe(false);
  });

  it('an Origin that is present decides, whatever Sec-Fetch-Site says', () => {
    const headers = { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' };
    expect(isOriginAllowed(request('POST', headers), options)).toBe(false);
  });

  it('honours X-Forwarded-Proto/Host only when the proxy is trusted', () => {
    const headers = {
      origin: 'https://public.example.net',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'public.example.net',
    };
    expect(isOriginAllowed(request('POST', headers), options)).toBe(false);
    expect(isOriginAllowed(request('POST', headers), { ...options, trustProxy: true })).toBe(true);
  });
});
