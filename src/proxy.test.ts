import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetConfigForTests } from '@/lib/config/env';
import { config, proxy } from './proxy';

afterEach(() => {
  vi.unstubAllEnvs();
  resetConfigForTests();
});

const nonceIn = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];

describe('proxy', () => {
  it('sets the security headers and hands the same fresh nonce to the app', () => {
    const response = proxy(new NextRequest('http://localhost:3000/patients', { headers: { 'x-nonce': 'forged' } }));
    const csp = response.headers.get('content-security-policy');
    const nonce = nonceIn(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    // Request headers for the app travel as x-middleware-request-* (NextResponse.next({ request })).
    expect(response.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    expect(nonceIn(response.headers.get('x-middleware-request-content-security-policy'))).toBe(nonce);
    expect(response.headers.get('x-middleware-request-x-nonce')).not.toBe('forged');
  });

  it('uses a new nonce for every request', () => {
    const nonces = new Set(
      Array.from({ length: 20 }, () => nonceIn(proxy(new NextRequest('http://localhost:3000/')).headers.get('content-security-policy'))),
    );
    expect(nonces.size).toBe(20);
  });

  it('sends HSTS and drops unsafe-eval in production only', () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('APP_URL', 'https://clinic.example.org');
    resetConfigForTests();
    const production = proxy(new NextRequest('https://clinic.example.org/'));
    expect(production.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(production.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(production.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');

    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('APP_URL', 'http://localhost:3000');
    resetConfigForTests();
    const development = proxy(new NextRequest('http://localhost:3000/'));
    expect(development.headers.get('strict-transport-security')).toBeNull();
    expect(development.headers.get('content-security-policy')).toContain("'unsafe-eval'");
    expect(development.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  });

  it('matches pages and API routes but not build assets', () => {
    const matches = (url: string) => unstable_doesMiddlewareMatch({ config, url });
    for (const url of ['/', '/patients/0195f0a0', '/api/health', '/api/v1/things?x=1', '/sign-in', '/favicon.ico']) {
      expect(matches(url), url).toBe(true);
    }
    for (const url of ['/_next/static/chunks/main.js', '/_next/image?url=%2Fa.png&w=64&q=75']) {
      expect(matches(url), url).toBe(false);
    }
  });
});
