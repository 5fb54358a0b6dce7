import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { isAppError } from '@/lib/api/errors';
import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { patients } from '@/lib/db/schema/patients';
import { appMeta } from '@/lib/db/schema/platform';
import { practices } from '@/lib/db/schema/practices';
import { DEMO_PRACTICES } from '@/lib/db/seed/demo';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { DEMO_ACCOUNTS } from '@/lib/domain/identity/demo-staff';
import { executeMutation } from '@/lib/sync/server/execute-mutation';
import type { TCreatePatient } from './schemas';

/*
 * Demo patients: about forty per demo practice, diverse and realistic enough to try search, paging
 * and sync on, and clearly fictional — phone numbers in the 555-01xx block reserved for fiction,
 * email addresses at the reserved example.* domains, insurance member ids starting with DEMO.
 * Riverside Family Medicine sees all ages; Harbor Pediatrics sees children, with a parent as the
 * emergency contact. Ids are deterministic, so a loader interrupted halfway resumes where it stopped.
 */

/** The app_meta key recording that the demo patients were loaded (value: ISO timestamp). */
export const DEMO_PATIENTS_SEEDED_KEY = 'demo_patients_seeded_at';

type Sex = 'female' | 'male';

/** given, family, sex at birth, date of birth, extra fields. */
type Adult = [string, string, Sex, string, Partial<TCreatePatient>?];
/** given, family, sex at birth, date of birth, parent's given name, parent's relationship, extra fields. */
type Child = [string, string, Sex, string, string, 'mother' | 'father', Partial<TCreatePatient>?];

const RIVERSIDE_PEOPLE: readonly Adult[] = [
  ['Amara', 'Okonkwo', 'female', '1984-07-19'],
  ['Luis', 'Hernández', 'male', '1976-03-02', { preferredLanguage: 'es' }],
  ['Mei-Ling', 'Chen', 'female', '1991-11-23', { preferredLanguage: 'zh' }],
  ['Tomasz', 'Kowalczyk', 'male', '1958-05-30', { preferredLanguage: 'pl' }],
  ['Priya', 'Raghunathan', 'female', '1989-01-14'],
  ['DeShawn', 'Whitaker', 'male', '1995-09-08'],
  ['Fatima', 'Al-Sayed', 'female', '1968-12-01', { preferredLanguage: 'ar' }],
  ['Olumide', 'Adeyemi', 'male', '1981-06-27'],
  ['Siobhan', 'Gallagher', 'female', '1949-02-11'],
  ['Minh', 'Nguyen', 'male', '1972-10-05', { middleName: 'Van', preferredLanguage: 'vi' }],
  ['Rosa', 'Delgado-Fuentes', 'female', '1963-04-17', { preferredLanguage: 'es' }],
  ['Kenji', 'Watanabe', 'male', '1987-08-21'],
  ['Aaliyah', 'Brooks', 'female', '2001-03-29'],
  ['Dmitri', 'Volkov', 'male', '1954-07-07', { preferredName: 'Dima', preferredLanguage: 'ru' }],
  ['Ingrid', 'Johansson', 'female', '1979-12-19'],
  ['Mateo', 'Rivera', 'male', '2009-06-03', { preferredLanguage: 'es' }],
  ['Harper', 'Lindqvist', 'female', '2012-10-10'],
  ['Kwame', 'Mensah', 'male', '1966-01-25'],
  ['Leilani', 'Kahananui', 'female', '1993-05-12'],
  ['Yusuf', 'Demir', 'male', '1985-02-28', { preferredLanguage: 'tr' }],
  ['Grace', "O'Donnell", 'female', '1938-09-09', { middleName: 'Margaret' }],
  ['Arjun', 'Mehta', 'male', '1999-11-02'],
  ['Chiamaka', 'Eze', 'female', '1975-08-15'],
  ['Samuel', 'Goldberg', 'male', '1951-03-22'],
  ['Ximena', 'Castillo', 'female', '1997-07-30', { preferredLanguage: 'es' }],
  ['Jae-won', 'Park', 'male', '1983-04-04', { preferredName: 'Jay', preferredLanguage: 'ko' }],
  ['Zanele', 'Dlamini', 'female', '1970-10-27'],
  ['Patrick', 'Nakamura-Reyes', 'male', '1990-01-08'],
  ['Esperanza', 'Morales', 'female', '1944-06-18', { preferredLanguage: 'es' }],
  ['Omar', 'Haddad', 'male', '1978-11-11', { preferredLanguage: 'ar' }],
  ['Linnea', 'Bergström', 'female', '2005-02-14'],
  ['Tariq', 'Rahman', 'male', '1962-09-30', { preferredLanguage: 'bn' }],
  ['Camille', 'Dubois', 'female', '1988-05-05', { preferredLanguage: 'fr' }],
  ['Jamal', 'Washington', 'male', '1973-12-24'],
  ['Anika', 'Sørensen', 'female', '1996-08-08', { genderIdentity: 'Non-binary', pronouns: 'they/them' }],
  ['Rafael', 'Oliveira', 'male', '1957-03-15', { preferredLanguage: 'pt' }],
  ['Nadia', 'Petrova', 'female', '1982-07-01'],
  ['Elijah', 'Runningwater', 'male', '1969-04-20'],
  ['Hana', 'Yilmaz', 'female', '2018-09-17'],
  ['Marcus', 'Abernathy', 'male', '1947-01-31'],
];

const HARBOR_CHILDREN: readonly Child[] = [
  ['Zoe', 'Okafor', 'female', '2019-04-02', 'Ngozi', 'mother'],
  ['Liam', 'Murphy', 'male', '2021-08-15', 'Aoife', 'mother'],
  ['Aiden', 'Tran', 'male', '2016-01-20', 'Linh', 'mother', { preferredLanguage: 'vi' }],
  ['Sofía', 'Ramírez', 'female', '2017-06-11', 'Carmen', 'mother', { preferredLanguage: 'es' }],
  ['Noah', 'Feldman', 'male', '2012-03-03', 'Rachel', 'mother'],
  ['Amani', 'Jackson', 'female', '2020-10-30', 'Tiana', 'mother'],
  ['Ethan', 'Kim', 'male', '2014-12-12', 'Soo-jin', 'mother', { preferredLanguage: 'ko' }],
  ['Maya', 'Patel', 'female', '2018-02-25', 'Neha', 'mother'],
  ['Oliver', 'Costa', 'male', '2023-07-07', 'Beatriz', 'mother', { preferredLanguage: 'pt' }],
  ['Layla', 'Haddad', 'female', '2015-09-19', 'Rania', 'mother', { preferredLanguage: 'ar' }],
  ['Mason', 'Brown', 'male', '2010-05-22', 'Keisha', 'mother'],
  ['Isabella', 'Rossi', 'female', '2022-11-01', 'Giulia', 'mother', { preferredLanguage: 'it' }],
  ['Kai', 'Nakamura', 'male', '2019-08-08', 'Emi', 'mother'],
  ['Amelia', 'Walsh', 'female', '2013-04-16', 'Brendan', 'father'],
  ['Elias', 'Haile', 'male', '2017-10-04', 'Selam', 'mother', { preferredLanguage: 'am' }],
  ['Chloe', 'Nguyen', 'female', '2024-01-29', 'Thu', 'mother', { preferredLanguage: 'vi' }],
  ['Diego', 'Morales', 'male', '2011-07-13', 'Ana', 'mother', { preferredLanguage: 'es' }],
  ['Ava', 'Cohen', 'female', '2016-05-27', 'David', 'father'],
  ['Jayden', 'Robinson', 'male', '2020-03-18', 'Monique', 'mother'],
  ['Emma', 'Lindgren', 'female', '2009-09-09', 'Karin', 'mother'],
  ['Yusuf', 'Ahmed', 'male', '2018-12-05', 'Amina', 'mother', { preferredLanguage: 'so' }],
  ['Lucía', 'Fernández', 'female', '2021-02-02', 'Marta', 'mother', { preferredLanguage: 'es' }],
  ['Benjamin', 'Adler', 'male', '2015-11-21', 'Miriam', 'mother', { preferredName: 'Ben' }],
  ['Nia', 'Boateng', 'female', '2023-05-14', 'Akosua', 'mother'],
  ['Leo', 'Santos', 'male', '2019-01-06', 'Paulo', 'father', { preferredLanguage: 'pt' }],
  ['Hazel', 'Whitfield', 'female', '2012-08-30', 'Jonathan', 'father'],
  ['Arjun', 'Iyer', 'male', '2014-06-19', 'Lakshmi', 'mother'],
  ['Mila', 'Novak', 'female', '2022-04-24', 'Petra', 'mother'],
  ['Samir', 'Khoury', 'male', '2010-10-10', 'Layla', 'mother', { preferredLanguage: 'ar' }],
  ['Aurora', 'Begay', 'female', '2016-03-08', 'Winona', 'mother'],
  ['Theo', 'Papadopoulos', 'male', '2025-02-17', 'Eleni', 'mother', { preferredLanguage: 'el' }],
  ['Ruby', 'Castellanos', 'female', '2011-12-25', 'Lorena', 'mother', { preferredLanguage: 'es' }],
  ['Jonah', 'Friedman', 'male', '2017-07-04', 'Sarah', 'mother'],
  ['Imani', 'Carter', 'female', '2013-01-31', 'Denise', 'mother'],
  ['Felix', 'Wagner', 'male', '2020-06-06', 'Anja', 'mother', { preferredLanguage: 'de' }],
  ['Priya', 'Shah', 'female', '2015-04-09', 'Kavita', 'mother'],
  ['Malik', 'Hassan', 'male', '2008-11-15', 'Khadija', 'mother'],
  ['Freya', 'Andersen', 'female', '2019-10-21', 'Mette', 'mother'],
  ['Mateo', 'Gómez', 'male', '2024-08-03', 'Valentina', 'mother', { preferredLanguage: 'es' }],
  ['Ellie', 'MacLeod', 'female', '2018-07-27', 'Fiona', 'mother'],
];

/** A phone number in the 555-0100…0199 block, which North American numbering keeps for fiction. */
const fictionalPhone = (areaCode: string, index: number): string => `+1${areaCode}5550${String(100 + (index % 100)).padStart(3, '0')}`;

/** `given.family@example.com`, plain ASCII. */
const fictionalEmail = (given: string, family: string, index: number): string => {
  const ascii = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ø/g, 'o')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
  return `${ascii(given)}.${ascii(family)}@example.${['com', 'net', 'org'][index % 3] ?? 'com'}`;
};

const pick = <T>(values: readonly T[], index: number): T => {
  const value = values[index % values.length];
  if (value === undefined) {
    throw new Error('pick: empty list');
  }
  return value;
};

type Place = { city: string; region: string; postalCode: string; areaCode: string };

const RIVERSIDE_PLACES: readonly Place[] = [
  { city: 'Chicago', region: 'IL', postalCode: '60614', areaCode: '312' },
  { city: 'Chicago', region: 'IL', postalCode: '60640', areaCode: '773' },
  { city: 'Oak Park', region: 'IL', postalCode: '60302', areaCode: '708' },
  { city: 'Evanston', region: 'IL', postalCode: '60201', areaCode: '847' },
];
const HARBOR_PLACES: readonly Place[] = [
  { city: 'Boston', region: 'MA', postalCode: '02127', areaCode: '617' },
  { city: 'Cambridge', region: 'MA', postalCode: '02139', areaCode: '617' },
  { city: 'Somerville', region: 'MA', postalCode: '02143', areaCode: '857' },
  { city: 'Quincy', region: 'MA', postalCode: '02169', areaCode: '617' },
];
const STREETS = ['Maple Ave', 'Lakeview Ter', 'Willow St', 'Prairie Ln', 'Harbor Rd', 'Chestnut St', 'Orchard Way', 'Elm Ct', 'Beacon Pl'];
const ADULT_PAYERS = ['Lakeshore Health Plan', 'Prairie Mutual Insurance', 'Heartland Care PPO', null] as const;
const CHILD_PAYERS = ['Bay State Family Health', 'Harborview HMO', 'Commonwealth Kids Plan'] as const;
const ADULT_CONTACTS: readonly [string, string][] = [
  ['Jordan Ellis', 'spouse'],
  ['Taylor Brennan', 'partner'],
  ['Casey Morgan', 'sibling'],
  ['Riley Okafor', 'daughter'],
  ['Avery Lindqvist', 'son'],
  ['Quinn Adebayo', 'friend'],
];

const address = (place: Place, index: number) => ({
  addressLine1: `${100 + ((index * 37) % 900)} ${pick(STREETS, index)}`,
  addressLine2: index % 5 === 0 ? `Apt ${1 + (index % 12)}` : null,
  city: place.city,
  region: place.region,
  postalCode: place.postalCode,
  country: 'US',
});

type DemoPatient = Omit<TCreatePatient, 'id' | 'practiceId'> & { archived?: boolean };

/** Riverside's patients: adults and a few children of all backgrounds. One moved away (archived). */
const riversidePatients = (): DemoPatient[] =>
  RIVERSIDE_PEOPLE.map(([givenName, familyName, sexAtBirth, dateOfBirth, extra = {}], index) => {
    const place = pick(RIVERSIDE_PLACES, index);
    const payer = pick(ADULT_PAYERS, index);
    const [contactName, relationship] = pick(ADULT_CONTACTS, index);
    return {
      givenName,
      familyName,
      sexAtBirth,
      dateOfBirth,
      phoneMobile: fictionalPhone(place.areaCode, index),
      phoneHome: index % 4 === 1 ? fictionalPhone('708', 40 + index) : null,
      email: index % 4 === 3 ? null : fictionalEmail(givenName, familyName, index),
      ...address(place, index),
      preferredLanguage: 'en',
      emergencyContactName: index % 3 === 0 ? null : contactName,
      emergencyContactRelationship: index % 3 === 0 ? null : relationship,
      emergencyContactPhone: index % 3 === 0 ? null : fictionalPhone('312', 50 + index),
      insurancePayer: payer,
      insuranceMemberId: payer === null ? null : `DEMO-R${String(10_000 + index * 7)}`,
      insuranceGroupNumber: payer === null ? null : `GRP-${String(400 + (index % 6))}`,
      ...extra,
      archived: familyName === 'Abernathy',
    };
  });

/** Harbor's patients: children from newborn to eighteen; the oldest aged out (archived). */
const harborPatients = (): DemoPatient[] =>
  HARBOR_CHILDREN.map(([givenName, familyName, sexAtBirth, dateOfBirth, parentName, relationship, extra = {}], index) => {
    const place = pick(HARBOR_PLACES, index);
    const parentPhone = fictionalPhone(place.areaCode, index);
    return {
      givenName,
      familyName,
      sexAtBirth,
      dateOfBirth,
      phoneMobile: null,
      phoneHome: parentPhone,
      email: index % 4 === 3 ? null : fictionalEmail(parentName, familyName, index),
      ...address(place, index),
      preferredLanguage: 'en',
      emergencyContactName: `${parentName} ${familyName}`,
      emergencyContactRelationship: relationship,
      emergencyContactPhone: parentPhone,
      insurancePayer: pick(CHILD_PAYERS, index),
      insuranceMemberId: `DEMO-H${String(20_000 + index * 11)}`,
      insuranceGroupNumber: `KIDS-${String(10 + (index % 4))}`,
      ...extra,
      archived: familyName === 'Hassan',
    };
  });

/** The demo patients of each demo practice, by the practice's slug. */
export const DEMO_PATIENTS: Readonly<Record<string, readonly DemoPatient[]>> = {
  riverside: riversidePatients(),
  harbor: harborPatients(),
};

/** Demo patients were "registered" from this instant on, one millisecond apart (their ids' clock). */
const DEMO_EPOCH_MS = Date.UTC(2026, 0, 5, 15, 0, 0);

/**
 * A UUIDv7 that is the same on every installation: the timestamp is a fixed instant plus the
 * patient's position, the "random" bits a hash of the practice's slug and the position. Ids stay
 * unique across practices (the slug is hashed) and sort in registration order like real ones.
 */
export const demoPatientId = (slug: string, index: number): string => {
  const hash = createHash('sha256').update(`openpractice-demo-patient:${slug}:${index}`).digest('hex');
  const time = (DEMO_EPOCH_MS + index).toString(16).padStart(12, '0');
  const variant = (8 + (Number.parseInt(hash.slice(3, 4), 16) % 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hash.slice(0, 3)}-${variant}${hash.slice(4, 7)}-${hash.slice(7, 19)}`;
};

const REQUEST = { requestId: null, ipAddress: null, userAgent: 'openpractice demo loader' };

/**
 * Loads {@link DEMO_PATIENTS} once per database, after the demo practices and staff: each patient
 * through `executeMutation` as the demo owner (the one write path: MRNs, versions, change log,
 * audit and pokes like any registration), then the marker. True when it registered any patient.
 *
 * Idempotent beyond the marker: ids are deterministic, so patients already present (a run that
 * stopped halfway, or a second instance loading at the same moment) are skipped, never duplicated.
 * A database whose demo practices or owner are gone loads nothing and keeps no marker.
 */
export const seedDemoPatients = async (database: Database): Promise<boolean> => {
  const [done] = await database.db.select().from(appMeta).where(eq(appMeta.key, DEMO_PATIENTS_SEEDED_KEY));
  if (done) {
    return false;
  }
  const ownerEmail = DEMO_ACCOUNTS.find((account) => account.role === 'owner')?.email ?? '';
  const [owner] = await unsafeSystemTx(database, (tx) => tx.select({ id: users.id }).from(users).where(eq(users.email, ownerEmail)));
  if (!owner) {
    return false;
  }
  const demoPractices = await unsafeSystemTx(database, (tx) =>
    tx
      .select({ id: practices.id, slug: practices.slug })
      .from(practices)
      .where(inArray(practices.slug, DEMO_PRACTICES.map((practice) => practice.slug))),
  );
  // The owner's own memberships, read as the owner (the policy shows a user their own rows).
  const memberships: { practiceId: string; role: TRole }[] = await withActor(database, { userId: owner.id, practiceIds: [] }, (tx) =>
    tx
      .select({ practiceId: practiceMembers.practiceId, role: practiceMembers.role })
      .from(practiceMembers)
      .where(and(eq(practiceMembers.userId, owner.id), eq(practiceMembers.status, 'active'))),
  );
  const actor = { userId: owner.id, memberships };
  let created = 0;
  let practicesLoaded = 0;
  for (const practice of demoPractices) {
    const planned = (DEMO_PATIENTS[practice.slug] ?? []).map((patient, index) => ({ ...patient, id: demoPatientId(practice.slug, index) }));
    if (planned.length === 0 || !memberships.some((m) => m.practiceId === practice.id)) {
      continue;
    }
    const present = new Set(
      (
        await withActor(database, { userId: owner.id, practiceIds: [practice.id] }, (tx) =>
          tx
            .select({ id: patients.id })
            .from(patients)
            .where(and(eq(patients.practiceId, practice.id), inArray(patients.id, planned.map((p) => p.id)))),
        )
      ).map((row) => row.id),
    );
    for (const { archived, ...patient } of planned) {
      if (!present.has(patient.id)) {
        try {
          await executeMutation({ database, actor, name: 'patients.create', args: { ...patient, practiceId: practice.id }, request: REQUEST });
          created += 1;
        } catch (error) {
          // Registered meanwhile by another instance loading the demo at the same moment.
          if (!(isAppError(error) && error.code === 'CONFLICT')) {
            throw error;
          }
        }
      }
      if (archived) {
        // Archiving an archived patient changes nothing, so a resumed run may repeat it.
        await executeMutation({
          database,
          actor,
          name: 'patients.archive',
          args: { practiceId: practice.id, patientId: patient.id, archived: true },
          request: REQUEST,
        });
      }
    }
    practicesLoaded += 1;
  }
  if (practicesLoaded > 0) {
    await database.db.insert(appMeta).values({ key: DEMO_PATIENTS_SEEDED_KEY, value: new Date().toISOString() }).onConflictDoNothing();
  }
  return created > 0;
};
