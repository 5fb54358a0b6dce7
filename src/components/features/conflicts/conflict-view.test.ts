import { describe, expect, it } from 'vitest';
import { PATIENT_FIELDS } from '@/lib/domain/patients/schemas';
import { CONFLICT_REASONS } from '@/lib/sync/protocol/push';
import { allowedResolutions } from '@/lib/sync/mutations/conflicts';
import {
  buildMergedValues,
  compareFields,
  describeAuthor,
  describeReason,
  initialChoices,
  offeredResolutions,
  PATIENT_FIELD_LABELS,
  patientDisplayName,
} from './conflict-view';

const collision = {
  reason: 'field_collision',
  mine: { phoneMobile: '+16175550101', email: 'mine@example.test' },
  theirs: { phoneMobile: '+16175550202', email: 'theirs@example.test' },
  base: { phoneMobile: '+16175550000', email: null },
};

describe('compareFields', () => {
  it('lists the changed fields in form order with their labels and all three sides', () => {
    // Given in the opposite order: the table follows the patient form.
    const rows = compareFields({ ...collision, mine: { email: 'mine@example.test', phoneMobile: '+16175550101' } });
    expect(rows).toEqual([
      { field: 'phoneMobile', label: 'Mobile phone', base: '+16175550000', mine: '+16175550101', theirs: '+16175550202', differs: true },
      { field: 'email', label: 'Email', base: null, mine: 'mine@example.test', theirs: 'theirs@example.test', differs: true },
    ]);
  });

  it('marks a field where both sides agree as not differing', () => {
    const rows = compareFields({ reason: 'edit_after_delete', mine: { city: 'Boston', region: 'MA' }, theirs: { city: 'Boston', region: 'RI' }, base: { city: null, region: null } });
    expect(rows.map((row) => [row.field, row.differs])).toEqual([
      ['city', false],
      ['region', true],
    ]);
  });

  it('takes the changes and base of a refused update from its arguments, leaving out the addressing', () => {
    const rows = compareFields({
      reason: 'rejected',
      mine: { practiceId: 'p', patientId: 'x', changes: { givenName: 'Ana' }, base: { givenName: 'Anna' } },
      theirs: null,
      base: null,
    });
    expect(rows).toEqual([{ field: 'givenName', label: 'Given name', base: 'Anna', mine: 'Ana', theirs: undefined, differs: true }]);
  });

  it('takes the fields of a refused creation, unknown keys last by name', () => {
    const rows = compareFields({ reason: 'rejected', mine: { id: 'i', practiceId: 'p', zeta: 1, familyName: 'Lee', givenName: 'Bo' }, theirs: null, base: null });
    expect(rows.map((row) => [row.field, row.label, row.mine, row.differs])).toEqual([
      ['givenName', 'Given name', 'Bo', true],
      ['familyName', 'Family name', 'Lee', true],
      ['zeta', 'zeta', '1', true],
    ]);
  });
});

describe('buildMergedValues', () => {
  const rows = compareFields(collision);

  it('starts from the practice values and sends one value per compared field', () => {
    expect(buildMergedValues(rows, initialChoices(rows))).toEqual({ ok: true, values: { phoneMobile: '+16175550202', email: 'theirs@example.test' } });
  });

  it('mixes mine, theirs and a typed value, normalised as the server stores it', () => {
    const merged = buildMergedValues(rows, { phoneMobile: { source: 'edit', value: ' (617) 555-0303 ' }, email: { source: 'mine' } });
    expect(merged).toEqual({ ok: true, values: { phoneMobile: '+16175550303', email: 'mine@example.test' } });
  });

  it('turns a blank typed value of an optional field into null', () => {
    expect(buildMergedValues(rows, { phoneMobile: { source: 'edit', value: '  ' }, email: { source: 'theirs' } })).toEqual({
      ok: true,
      values: { phoneMobile: null, email: 'theirs@example.test' },
    });
  });

  it('answers field errors, without the value, for input the patient schema refuses', () => {
    const merged = buildMergedValues(rows, { phoneMobile: { source: 'edit', value: 'call me maybe' }, email: { source: 'edit', value: 'nope' } });
    expect(merged).toEqual({
      ok: false,
      errors: { phoneMobile: 'expected a phone number such as +1 312 555 0142', email: 'expected an email address' },
    });
    expect(JSON.stringify(merged)).not.toContain('call me maybe');
  });

  it('refuses to blank a required field', () => {
    const named = compareFields({ reason: 'field_collision', mine: { givenName: 'Ana' }, theirs: { givenName: 'Anna' }, base: { givenName: 'An' } });
    expect(buildMergedValues(named, { givenName: { source: 'edit', value: '' } })).toEqual({ ok: false, errors: { givenName: 'required' } });
  });

  it('refuses a field that is not a patient field', () => {
    const odd = compareFields({ reason: 'field_collision', mine: { shoeSize: '9' }, theirs: { shoeSize: '10' }, base: { shoeSize: null } });
    expect(buildMergedValues(odd, { shoeSize: { source: 'mine' } })).toEqual({ ok: false, errors: { shoeSize: 'not a patient field that can be merged' } });
  });
});

describe('wording', () => {
  it('labels every patient field', () => {
    expect(Object.keys(PATIENT_FIELD_LABELS).sort()).toEqual([...PATIENT_FIELDS].sort());
  });

  it('explains every reason the server records in its own words', () => {
    const titles = CONFLICT_REASONS.map((reason) => describeReason(reason).title);
    expect(new Set(titles).size).toBe(CONFLICT_REASONS.length);
    expect(titles).not.toContain(describeReason('something_new').title);
  });

  it('says You for the signed-in person and A colleague for anyone else', () => {
    expect(describeAuthor('0190A', '0190a')).toBe('You');
    expect(describeAuthor('0190b', '0190a')).toBe('A colleague');
  });

  it('offers a merge only for same-field collisions and dismissal only for refusals', () => {
    expect(allowedResolutions('field_collision')).toEqual(['keep_mine', 'keep_theirs', 'merged']);
    expect(allowedResolutions('edit_after_delete')).toEqual(['keep_mine', 'keep_theirs']);
    expect(allowedResolutions('rejected')).toEqual(['dismissed', 'keep_theirs']);
    expect(offeredResolutions('field_collision')).toEqual(['keep_mine', 'keep_theirs', 'merged']);
    expect(offeredResolutions('rejected')).toEqual(['dismissed']);
    expect(offeredResolutions('slot_taken')).toEqual(['dismissed']);
  });

  it('names a patient family name first', () => {
    expect(patientDisplayName({ givenName: 'Bo', familyName: 'Lee' })).toBe('Lee, Bo');
    expect(patientDisplayName({})).toBeNull();
    expect(patientDisplayName(null)).toBeNull();
  });
});
