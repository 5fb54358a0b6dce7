import { describe, expect, it } from 'vitest';
import { escapeLike, parsePatientSearch } from './patient-search';

describe('parsePatientSearch', () => {
  it('reads names as case-insensitive prefix tokens', () => {
    expect(parsePatientSearch('  Okafor, Amara ')).toEqual({ kind: 'name', tokens: ['okafor', 'amara'] });
    expect(parsePatientSearch("O'Brien")).toEqual({ kind: 'name', tokens: ["o'brien"] });
  });

  it('reads ISO and US birth dates as the same date', () => {
    expect(parsePatientSearch('1986-07-04')).toEqual({ kind: 'dateOfBirth', date: '1986-07-04' });
    expect(parsePatientSearch('7/4/1986')).toEqual({ kind: 'dateOfBirth', date: '1986-07-04' });
  });

  it('reads short numbers as an MRN with or without its zeros', () => {
    expect(parsePatientSearch('42')).toEqual({ kind: 'number', mrns: ['42', '000042'], phoneDigits: null });
    expect(parsePatientSearch('000042')).toEqual({ kind: 'number', mrns: ['000042'], phoneDigits: null });
  });

  it('reads phone numbers as written by people, keeping MRNs as a possibility', () => {
    const parsed = parsePatientSearch('(312) 555-0142');
    expect(parsed).toMatchObject({ kind: 'number', phoneDigits: '3125550142' });
    expect(parsePatientSearch('+1 312 555 0142')).toMatchObject({ kind: 'number', phoneDigits: '13125550142' });
  });

  it('keeps at most five name tokens', () => {
    expect(parsePatientSearch('a b c d e f g')).toEqual({ kind: 'name', tokens: ['a', 'b', 'c', 'd', 'e'] });
  });
});

describe('escapeLike', () => {
  it('makes wildcards literal', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});
