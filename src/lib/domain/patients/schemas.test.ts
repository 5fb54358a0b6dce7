import { describe, expect, it } from 'vitest';
import { ZCreatePatient, ZPatientFields } from './schemas';

const valid = {
  id: '0192f6a4-0000-7000-8000-000000000001',
  practiceId: '0192f6a4-0000-7000-8000-0000000000aa',
  givenName: 'Ada',
  familyName: 'Quill',
  dateOfBirth: '1984-07-19',
};

describe('patient field schemas', () => {
  it('accept ordinary names, trimming them', () => {
    const parsed = ZCreatePatient.parse({ ...valid, givenName: '  Ada Mae ', city: "O'Fallon" });
    expect(parsed.givenName).toBe('Ada Mae');
    expect(parsed.city).toBe("O'Fallon");
  });

  it.each([
    ['a NUL, which PostgreSQL cannot store', 'Ada\u0000'],
    ['a line break inside the value', 'Ada\nMae'],
    ['a tab', 'Ada\tMae'],
    ['an escape character', 'Ada\u001b[31m'],
  ])('refuse %s with a message that does not repeat the value', (_label, givenName) => {
    const result = ZCreatePatient.safeParse({ ...valid, givenName });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === 'givenName');
    expect(issue?.message).toBe('contains a line break or control character');
    expect(JSON.stringify(result.error?.issues)).not.toContain('Ada');
  });

  it('refuse control characters in optional fields too, and still clear a blank one', () => {
    expect(ZPatientFields.partial().safeParse({ city: 'Oak\u0007Park' }).success).toBe(false);
    expect(ZPatientFields.partial().parse({ city: '   ' }).city).toBeNull();
  });
});
