import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path';

describe('safeNextPath', () => {
  it.each(['/', '/invite', '/invite?token=abc-123', '/settings/team', '/account/security#passkeys', '/patients/%2F%2Fx'])(
    'accepts the same-origin path %s',
    (value) => {
      expect(safeNextPath(value)).toBe(value);
    },
  );

  it.each([
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with path', '//evil.example/invite'],
    ['absolute https', 'https://evil.example/'],
    ['absolute of our own origin', 'http://localhost:3000/invite'],
    ['javascript:', 'javascript:alert(1)'],
    ['relative without slash', 'invite'],
    ['backslash', '/\\evil.example'],
    ['backslashes only', '\\\\evil.example'],
    ['tab smuggling', '/\t/evil.example'],
    ['newline smuggling', '/\n/evil.example'],
    ['space', '/ /evil.example'],
    ['empty', ''],
    ['too long', `/${'a'.repeat(2048)}`],
  ])('refuses %s', (_label, value) => {
    expect(safeNextPath(value)).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(safeNextPath(undefined)).toBeNull();
    expect(safeNextPath(['/invite'])).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });

  it('normalizes dot segments without leaving the origin', () => {
    expect(safeNextPath('/a/../invite')).toBe('/invite');
    expect(safeNextPath('/../../evil.example')).toBe('/evil.example');
  });
});
