import { describe, expect, it } from 'vitest';
import { assertAuditAction, assertAuditSeverity, cleanMetadata, cleanText, cleanUserAgent, cleanUuid } from './normalize-entry';

describe('audit entry normalization', () => {
  it('makes text storable exactly as hashed: NUL and lone surrogates become U+FFFD, pairs survive', () => {
    expect(cleanText('a\u0000b')).toBe('a\uFFFDb');
    expect(cleanText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(cleanText('emoji 😀')).toBe('emoji 😀');
    expect(cleanText(undefined)).toBeNull();
  });

  it('caps long values, never leaving half a surrogate pair', () => {
    expect(cleanUserAgent('u'.repeat(600))).toHaveLength(512);
    const cut = cleanText(`${'a'.repeat(1023)}😀`);
    expect(cut).toBe(`${'a'.repeat(1023)}\uFFFD`);
  });

  it('cleans metadata deeply without touching the original', () => {
    const original = { 'k\u0000': ['v\uD800', { deep: 'ok\u0000' }, 1, null], gone: undefined };
    expect(cleanMetadata(original as never)).toEqual({ 'k\uFFFD': ['v\uFFFD', { deep: 'ok\uFFFD' }, 1, null] });
    expect(original['k\u0000'][0]).toBe('v\uD800');
  });

  it('checks action names, severities and UUIDs', () => {
    expect(() => assertAuditAction('auth.sign_in.failed')).not.toThrow();
    for (const bad of ['auth', 'Auth.sign_in', 'auth..x', 'auth.sign-in', '.auth']) {
      expect(() => assertAuditAction(bad), bad).toThrow();
    }
    expect(() => assertAuditSeverity('high')).not.toThrow();
    expect(() => assertAuditSeverity('critical')).toThrow();
    expect(cleanUuid('0192F0C1-0000-7000-8000-00000000000A', 'id')).toBe('0192f0c1-0000-7000-8000-00000000000a');
    expect(() => cleanUuid('0192f0c1', 'id')).toThrow(/UUID/);
  });
});
