import { formatMrn } from './schemas';

/*
 * What a patient search text means (pure; shared by the REST list and, later, the device's local
 * search, so both find the same patients). A front desk types one thing into one box: a name, a
 * birth date, a medical record number or a phone number.
 */

export type TPatientSearch =
  /** Every token is the start of one of the patient's names (given, middle, family, preferred). */
  | { kind: 'name'; tokens: string[] }
  /** A birth date, exactly. */
  | { kind: 'dateOfBirth'; date: string }
  /** Digits: an MRN (with or without its leading zeros) and, when long enough, the end of a phone number. */
  | { kind: 'number'; mrns: string[]; phoneDigits: string | null };

/** At most this many name tokens count ("Maria de la Cruz Santos" is already five). */
const MAX_NAME_TOKENS = 5;
/** Fewer digits than this are not a phone number (an MRN, or a typo). */
const MIN_PHONE_DIGITS = 7;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** US-style birth dates as the front desk reads them off a card: 7/4/1986, 07/04/1986. */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
/** A number as people write phone numbers: digits with spaces, dots, dashes, parentheses, a leading +. */
const NUMBER_LIKE = /^\+?[\d\s().-]+$/;

/** Classifies a trimmed, non-empty search text. */
export const parsePatientSearch = (text: string): TPatientSearch => {
  const value = text.trim();
  if (ISO_DATE.test(value)) {
    return { kind: 'dateOfBirth', date: value };
  }
  const us = US_DATE.exec(value);
  if (us) {
    const [, month = '', day = '', year = ''] = us;
    return { kind: 'dateOfBirth', date: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` };
  }
  if (NUMBER_LIKE.test(value)) {
    const digits = value.replace(/\D/g, '');
    if (digits.length > 0) {
      // "42", "0042" and "000042" all name MRN 000042; a longer number is taken as typed.
      const mrns = [...new Set([digits, ...(digits.length <= 15 ? [formatMrn(Number(digits))] : [])])];
      return { kind: 'number', mrns, phoneDigits: digits.length >= MIN_PHONE_DIGITS ? digits : null };
    }
  }
  const tokens = value
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((token) => token !== '')
    .slice(0, MAX_NAME_TOKENS);
  return { kind: 'name', tokens };
};

/** `text` as a literal inside a LIKE pattern (PostgreSQL's default escape character is `\`). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);
