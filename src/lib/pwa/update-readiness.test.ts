import { describe, expect, it } from 'vitest';

import { describeBlocked, describePending, updateReadiness } from './update-readiness';

describe('updateReadiness', () => {
  it('waits while any form holds unsaved input, online or not', () => {
    expect(updateReadiness({ unsavedForms: 1, online: true })).toEqual({ kind: 'unsaved-forms', forms: 1 });
    expect(updateReadiness({ unsavedForms: 2, online: false })).toEqual({ kind: 'unsaved-forms', forms: 2 });
  });

  it('waits for a connection once nothing is unsaved', () => {
    expect(updateReadiness({ unsavedForms: 0, online: false })).toEqual({ kind: 'offline' });
  });

  it('goes ahead online with nothing unsaved (pending changes do not block: the outbox survives)', () => {
    expect(updateReadiness({ unsavedForms: 0, online: true })).toEqual({ kind: 'ready' });
  });
});

describe('the prompt texts', () => {
  it('asks to save or close forms first', () => {
    expect(describeBlocked({ kind: 'unsaved-forms', forms: 1 })).toMatch(/^Save or close open forms first/);
    expect(describeBlocked({ kind: 'unsaved-forms', forms: 3 })).toContain('3 forms');
    expect(describeBlocked({ kind: 'offline' })).toContain('needs a connection');
  });

  it('says pending changes stay on the device, and nothing when there are none', () => {
    expect(describePending(0)).toBeNull();
    expect(describePending(1)).toBe('1 change not yet synced will stay on this device.');
    expect(describePending(3)).toBe('3 changes not yet synced will stay on this device.');
  });
});
