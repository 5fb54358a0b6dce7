import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, buildSecurityHeaders, createNonce } from './security-headers';

const directives = (csp: string): Map<string, string[]> =>
  new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );

describe('createNonce', () => {
  it('is 128 random bits in base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    }
  });
});

describe('buildContentSecurityPolicy', () => {
  it('allows scripts by nonce only, with strict-dynamic; no eval in production', () => {
    const csp = directives(buildContentSecurityPolicy({ nonce: 'abc123', isProduction: true }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it("adds 'unsafe-eval' in development only", () => {
    const csp = directives(buildContentSecurityPolicy({ nonce: 'n', isProduction: false }));
    expect(csp.get('script-src')).toContain("'unsafe-eval'");
  });

  it("keeps the nonce out of style-src, where it would disable 'unsafe-inline'", () => {
    const csp = directives(buildContentSecurityPolicy({ nonce: 'n', isProduction: true }));
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('upgrades insecure requests only when asked (HTTPS deployments)', () => {
    const csp = buildContentSecurityPolicy({ nonce: 'n', isProduction: true, upgradeInsecureRequests: true });
    expect(directives(csp).has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('buildSecurityHeaders', () => {
  it('sets the fixed headers', () => {
    const headers = buildSecurityHeaders({ nonce: 'n', isProduction: false });
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('same-origin');
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(headers['Permissions-Policy']).toContain('camera=()');
    expect(headers['Permissions-Policy']).toContain('microphone=()');
    expect(headers['Permissions-Policy']).toContain('geolocation=()');
    expect(headers['Content-Security-Policy']).toContain("'nonce-n'");
  });

  it('sends HSTS in production only', () => {
    expect(buildSecurityHeaders({ nonce: 'n', isProduction: false })['Strict-Transport-Security']).toBeUndefined();
    expect(buildSecurityHeaders({ nonce: 'n', isProduction: true })['Strict-Transport-Security']).toBe(
      'max-age=63072000; includeSubDomains',
    );
  });
});
