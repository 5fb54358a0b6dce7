import { zodResolver } from '@hookform/resolvers/zod';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';

import { ZSaveRoom } from '@/lib/domain/scheduling/schemas';

import { isFormPath, splitFieldErrors, withChoiceMessages } from './form-errors';

describe('set-up form errors', () => {
  it('knows which dotted paths name a value of the form', () => {
    const values = { name: '', locationId: null, days: [{ ranges: [{ startTime: '09:00' }] }] };
    expect(isFormPath(values, 'name')).toBe(true);
    expect(isFormPath(values, 'locationId')).toBe(true);
    expect(isFormPath(values, 'days.0.ranges.0.startTime')).toBe(true);
    expect(isFormPath(values, 'days.1.ranges.0.startTime')).toBe(false);
    expect(isFormPath(values, 'changes.name')).toBe(false);
    expect(isFormPath(values, '')).toBe(false);
    expect(isFormPath(values, 'toString')).toBe(false);
  });

  it('places errors on visible fields and keeps the others for the form', () => {
    const values = { practiceId: 'p', id: 'i', name: '', active: true };
    const { placed, unplaced } = splitFieldErrors(values, [
      { path: 'name', message: 'required' },
      { path: 'id', message: 'expected a UUID' },
      { path: 'elsewhere', message: 'odd' },
    ]);
    expect(placed).toEqual([{ path: 'name', message: 'required' }]);
    expect(unplaced.map((field) => field.path)).toEqual(['id', 'elsewhere']);
  });

  it('asks for a choice left blank instead of saying "expected a UUID"', async () => {
    const resolver = withChoiceMessages(zodResolver(ZSaveRoom), { locationId: 'Choose a location' });
    const options = { fields: {}, shouldUseNativeValidation: false } as const;
    const base = { practiceId: uuidv7(), id: uuidv7(), name: 'Room 1', active: true };
    const blank = await resolver({ ...base, locationId: '' }, undefined, options);
    expect(blank.errors.locationId?.message).toBe('Choose a location');
    const malformed = await resolver({ ...base, locationId: 'nope' }, undefined, options);
    expect(malformed.errors.locationId?.message).toBe('expected a UUID');
    const fine = await resolver({ ...base, locationId: uuidv7() }, undefined, options);
    expect(fine.errors).toEqual({});
  });
});
