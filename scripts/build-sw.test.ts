import { describe, expect, it } from 'vitest';

import { MANIFEST_URL, toPrecacheEntries } from './build-sw';

describe('toPrecacheEntries', () => {
  it('serves build files under /_next/static without a revision (their URL is their version)', () => {
    const entries = toPrecacheEntries({
      staticFiles: [{ url: 'chunks/0abc.js', revision: 'f00' }, { url: 'BUILD1/_buildManifest.js', revision: 'ba4' }],
      publicFiles: [],
      buildId: 'BUILD1',
    });
    expect(entries).toEqual([
      { url: '/_next/static/chunks/0abc.js', revision: null },
      { url: '/_next/static/BUILD1/_buildManifest.js', revision: null },
      { url: MANIFEST_URL, revision: 'BUILD1' },
    ]);
  });

  it('keeps the content revision of public files and revises the manifest route with the build', () => {
    const entries = toPrecacheEntries({
      staticFiles: [],
      publicFiles: [{ url: 'local-db/db-worker.js', revision: 'c0ffee' }, { url: 'offline.html', revision: null }],
      buildId: 'BUILD2',
    });
    expect(entries).toEqual([
      { url: '/local-db/db-worker.js', revision: 'c0ffee' },
      { url: '/offline.html', revision: 'BUILD2' },
      { url: '/manifest.webmanifest', revision: 'BUILD2' },
    ]);
  });
});
