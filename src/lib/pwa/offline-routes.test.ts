import { describe, expect, it } from 'vitest';

import { classifyNavigation, isRecentCopy, isStorablePage, WARM_PAGES, type StorableCandidate } from './offline-routes';

const at = (path: string) => new URL(path, 'https://clinic.example');

const answer = (overrides: Partial<StorableCandidate> = {}): StorableCandidate => ({
  status: 200,
  type: 'basic',
  redirected: false,
  headers: new Headers({ 'content-type': 'text/html; charset=utf-8' }),
  ...overrides,
});

describe('classifyNavigation', () => {
  it('keeps offline copies of the screens fed by the device database and the pages below them', () => {
    for (const path of ['/patients', '/schedule', '/billing', '/documents', '/conflicts', '/patients/0192-abc']) {
      expect(classifyNavigation(at(path))).toEqual({ kind: 'offline-copy', cacheKey: `https://clinic.example${path}` });
    }
  });

  it('keys a copy by its path alone: a query (search text) never becomes part of the key', () => {
    expect(classifyNavigation(at('/patients?q=smith'))).toEqual({ kind: 'offline-copy', cacheKey: 'https://clinic.example/patients' });
  });

  it('never keeps pages of server data, sign-in, or look-alike paths', () => {
    for (const path of ['/settings', '/settings/audit', '/account/security', '/sign-in', '/patientsfoo', '/dev/mailbox', '/api/health']) {
      expect(classifyNavigation(at(path))).toEqual({ kind: 'online-only' });
    }
  });

  it('sends the home page to the schedule when offline', () => {
    expect(classifyNavigation(at('/'))).toEqual({ kind: 'home', to: '/schedule' });
  });

  it('warms exactly the offline screens', () => {
    for (const path of WARM_PAGES) {
      expect(classifyNavigation(at(path)).kind).toBe('offline-copy');
    }
  });
});

describe('isStorablePage', () => {
  it('stores a plain 200 HTML page', () => {
    expect(isStorablePage(answer(), '<html>…</html>')).toBe(true);
  });

  it('never stores a signed-out answer: a redirect, an opaque redirect, or a streamed redirect marker', () => {
    expect(isStorablePage(answer({ redirected: true }), '<html></html>')).toBe(false);
    expect(isStorablePage(answer({ status: 0, type: 'opaqueredirect', headers: new Headers() }), '')).toBe(false);
    expect(isStorablePage(answer({ status: 307 }), '')).toBe(false);
    expect(isStorablePage(answer(), '<meta id="__next-page-redirect" http-equiv="refresh" content="1;url=/sign-in">')).toBe(false);
  });

  it('never stores errors, non-HTML or cross-origin answers', () => {
    expect(isStorablePage(answer({ status: 500 }), '<html></html>')).toBe(false);
    expect(isStorablePage(answer({ status: 404 }), '<html></html>')).toBe(false);
    expect(isStorablePage(answer({ headers: new Headers({ 'content-type': 'text/x-component' }) }), 'rsc')).toBe(false);
    expect(isStorablePage(answer({ type: 'opaque' }), '')).toBe(false);
    expect(isStorablePage(answer({ type: 'cors' }), '<html></html>')).toBe(false);
  });
});

describe('isRecentCopy', () => {
  const copy = (date: string | null) => new Response('', { headers: date === null ? {} : { date } });
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('is recent for a few minutes after its Date header', () => {
    expect(isRecentCopy(copy('Wed, 25 Nov 2026 11:58:00 GMT'), now)).toBe(true);
    expect(isRecentCopy(copy('Wed, 25 Nov 2026 11:50:00 GMT'), now)).toBe(false);
  });

  it('is not recent without a readable date, or with one from the future', () => {
    expect(isRecentCopy(copy(null), now)).toBe(false);
    expect(isRecentCopy(copy('not a date'), now)).toBe(false);
    expect(isRecentCopy(copy('Wed, 25 Nov 2026 12:30:00 GMT'), now)).toBe(false);
  });
});
