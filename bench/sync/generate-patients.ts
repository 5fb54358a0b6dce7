import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryRows, type Database } from '@/lib/db/client';
import { formatMrn, type TCreatePatient } from '@/lib/domain/patients/schemas';
import { unsafeSystemTx } from '@/lib/db/tx';

/*
 * Synthetic patients for the sync benchmarks: deterministic (seeded), plausible (~300 bytes a row,
 * like DESIGN §10's measurements), valid under ZCreatePatient, and with thousands of distinct
 * family names so a prefix search selects a realistic slice rather than an eighth of the table.
 * Made-up names and numbers only: nothing here is patient data.
 */

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same practice every run. */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const GIVEN = [
  'Amara', 'Luis', 'Mei', 'Noah', 'Olga', 'Ravi', 'Sofia', 'Tomas', 'Aisha', 'Ben', 'Carmen', 'Dmitri', 'Elena', 'Farid',
  'Grace', 'Hiro', 'Ines', 'Jamal', 'Keiko', 'Liam', 'Maya', 'Nikolai', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq',
  'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zara',
];
// Family names are made of syllables: 24 × 24 × (1 + 24) ≈ 14k distinct names.
const SYLLABLES = ['al', 'ba', 'ch', 'da', 'el', 'fo', 'ga', 'ha', 'in', 'jo', 'ka', 'li', 'mo', 'na', 'or', 'pe', 'ri', 'sa', 'to', 'ur', 'va', 'we', 'ya', 'zu'];
const CITIES = ['Springfield', 'Riverside', 'Fairview', 'Madison', 'Georgetown', 'Salem', 'Franklin', 'Clinton', 'Greenville', 'Bristol'];
const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Elm St', 'Pine Rd', 'Lake Blvd', 'Hill St'];
const PAYERS = ['Acme Health', 'Blue Meadow Insurance', 'Civic Mutual', 'Delta Care Plan', 'Evergreen Health'];
const LANGUAGES = ['en', 'en', 'en', 'es', 'es-MX', 'zh-Hant', 'vi', 'fr'];
const SEXES = ['female', 'male', 'female', 'male', 'unknown'] as const;

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const digits = (random: () => number, count: number): string =>
  Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
const capitalize = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);

/** A family name such as `Kamori` or `Lisa`: a few syllables, capitalized. */
export const familyName = (random: () => number): string => {
  const parts = [pick(random, SYLLABLES), pick(random, SYLLABLES)];
  if (random() < 0.96) {
    parts.push(pick(random, SYLLABLES));
  }
  return capitalize(parts.join(''));
};

/** `patients.create` arguments for a made-up patient of `practiceId`. */
export const generatePatient = (random: () => number, practiceId: string): TCreatePatient => {
  const given = pick(random, GIVEN);
  const family = familyName(random);
  const year = 1930 + Math.floor(random() * 94);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
  return {
    id: uuidv7(),
    practiceId,
    givenName: given,
    middleName: random() < 0.3 ? pick(random, GIVEN) : null,
    familyName: family,
    dateOfBirth: `${year}-${month}-${day}`,
    sexAtBirth: pick(random, SEXES),
    phoneMobile: `+1312555${digits(random, 4)}`,
    phoneHome: random() < 0.2 ? `+1217555${digits(random, 4)}` : null,
    email: `${given}.${family}${digits(random, 2)}@mail.example`.toLowerCase(),
    addressLine1: `${1 + Math.floor(random() * 9000)} ${pick(random, STREETS)}`,
    city: pick(random, CITIES),
    region: 'IL',
    postalCode: `6${digits(random, 4)}`,
    country: 'US',
    preferredLanguage: pick(random, LANGUAGES),
    insurancePayer: pick(random, PAYERS),
    insuranceMemberId: `M${digits(random, 9)}`,
    insuranceGroupNumber: `G${digits(random, 5)}`,
  };
};

/** Rows per INSERT statement: one JSON parameter of a few MB, well inside both drivers' limits. */
const CHUNK = 10_000;

/**
 * Writes `count` patients straight into a practice, as the end state `count` applied
 * `patients.create` mutations would leave for a pull to read: the rows with consecutive versions
 * and MRNs taken from the practice's counters (moved forward in the same transaction, so later
 * mutations continue after them), and one `put` change log entry per row.
 *
 * Why not `count` real mutations: the initial-sync figure measures pull and replica apply; 100k
 * executor calls would take longer than the whole benchmark and measure push, which has its own
 * figure. Audit entries are left out for the same reason (a pull never reads them). One version per
 * row, as one create per transaction would give, so the pull pages cut as they would in production.
 *
 * System work outside any request: `unsafeSystemTx` with the practice in scope (as the test
 * factories do), so it also runs where the owner role does not bypass row-level security.
 */
export const bulkInsertPatients = async (
  database: Database,
  { practiceId, userId, count, seed }: { practiceId: string; userId: string; count: number; seed: number },
): Promise<void> => {
  const random = seededRandom(seed);
  await unsafeSystemTx(database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${practiceId}, true)`);
    const [start] = await queryRows<{ change_seq: number | string; mrn_seq: number | string }>(
      tx,
      sql`update practices set change_seq = change_seq + ${count}, mrn_seq = mrn_seq + ${count}
          where id = ${practiceId}
          returning change_seq - ${count} as change_seq, mrn_seq - ${count} as mrn_seq`,
    );
    if (!start) {
      throw new Error('bulkInsertPatients: practice not found');
    }
    // bigint arrives as a string on node-postgres and a number on PGlite.
    const firstVersion = Number(start.change_seq) + 1;
    const firstMrn = Number(start.mrn_seq) + 1;
    for (let offset = 0; offset < count; offset += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, count - offset) }, (_, index) => {
        const patient = generatePatient(random, practiceId);
        return {
          ...patient,
          mrn: formatMrn(firstMrn + offset + index),
          version: firstVersion + offset + index,
        };
      });
      await tx.execute(sql`
        insert into patients (
          id, practice_id, mrn, given_name, middle_name, family_name, date_of_birth, sex_at_birth,
          phone_mobile, phone_home, email, address_line1, city, region, postal_code, country,
          preferred_language, insurance_payer, insurance_member_id, insurance_group_number,
          version, created_by, updated_by
        )
        select
          r."id", r."practiceId", r."mrn", r."givenName", r."middleName", r."familyName", r."dateOfBirth", r."sexAtBirth",
          r."phoneMobile", r."phoneHome", r."email", r."addressLine1", r."city", r."region", r."postalCode", r."country",
          r."preferredLanguage", r."insurancePayer", r."insuranceMemberId", r."insuranceGroupNumber",
          r."version", ${userId}::uuid, ${userId}::uuid
        from json_to_recordset(${JSON.stringify(rows)}::json) as r(
          "id" uuid, "practiceId" uuid, "mrn" text, "givenName" text, "middleName" text, "familyName" text,
          "dateOfBirth" date, "sexAtBirth" text, "phoneMobile" text, "phoneHome" text, "email" text,
          "addressLine1" text, "city" text, "region" text, "postalCode" text, "country" text,
          "preferredLanguage" text, "insurancePayer" text, "insuranceMemberId" text, "insuranceGroupNumber" text,
          "version" bigint
        )`);
    }
    await tx.execute(sql`
      insert into change_log (practice_id, table_name, row_id, version, op)
      select practice_id, 'patients', id, version, 'put' from patients where practice_id = ${practiceId}
      on conflict (practice_id, table_name, row_id) do update set version = excluded.version, op = excluded.op`);
  });
  // A server runs autovacuum's ANALYZE after a bulk change; without statistics the planner could
  // pick a plan for the pull's range scan that no production server would.
  await database.db.execute(sql`analyze patients`);
  await database.db.execute(sql`analyze change_log`);
};
