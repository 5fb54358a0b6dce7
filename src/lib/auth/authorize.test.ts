import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { requirePracticePermission } from './authorize';

const A = '0190f1a0-0000-7000-8000-00000000000a';
const B = '0190f1a0-0000-7000-8000-00000000000b';
const actor = { userId: 'u', memberships: [{ practiceId: A, role: 'front_desk' as const }] };

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

describe('requirePracticePermission', () => {
  it('returns the membership when the role grants the permission', () => {
    expect(requirePracticePermission(actor, A, 'schedule.write')).toEqual({ practiceId: A, role: 'front_desk' });
  });

  it('answers FORBIDDEN inside the practice when the role lacks the permission', () => {
    expect(codeOf(() => requirePracticePermission(actor, A, 'audit.read'))).toBe('FORBIDDEN');
  });

  it("answers NOT_FOUND for another practice, whatever the permission", () => {
    expect(codeOf(() => requirePracticePermission(actor, B, 'schedule.read'))).toBe('NOT_FOUND');
    expect(codeOf(() => requirePracticePermission(actor, B, 'audit.read'))).toBe('NOT_FOUND');
  });
});
