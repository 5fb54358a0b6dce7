import type { BusyAppointment } from '@/lib/domain/scheduling/availability';
import { findNextAvailable } from '@/lib/domain/scheduling/next-available';
import { addDays, instantToZoned, zonedToInstant } from '@/lib/domain/scheduling/zoned-time';
import { practiceRangeStatement, providerDayStatement } from '@/lib/local/appointment-day-query';
import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import { printFigure } from '../report';
import { seededRandom } from '../sync/generate-patients';
import { assertIndexUsed, randomWorkday } from './day-schedule';
import type { BenchSchedule, BenchType } from './generate-schedule';
import { describeSample, sample } from './measure';
import type { Replica } from './replica';

const SEARCHES = 500;
const WARM_UP = 50;
const HORIZON_DAYS = 30;
/** Ours, not DESIGN §8's (which has no figure for it): the booking form's "next available" must feel instant. */
const TARGET = { text: 'p95 ≤ 50 ms (our target; DESIGN §8 has none)', p95: 50 };

type Variant = {
  label: string;
  type: BenchType;
  anyProvider: boolean;
  /** `horizon`: the whole horizon read, then searched; `weeks`: a week read and searched at a time until five slots. */
  reading: 'horizon' | 'weeks';
};

/** The search may look this far past a chunk's edges: the longest buffer (the schemas allow 120 minutes). */
const EDGE_MS = 120 * 60_000;

/**
 * Next available slot the way a booking form finds it on a device: the horizon's appointments of the
 * provider (or of every provider, when any provider will do or a shared room is needed) read from the
 * replica — only those holding their time — and decoded, then the pure `findNextAvailable`
 * (src/lib/domain/scheduling/availability.ts) over them with the working hours, for the first five
 * slots. The set-up rows (hours, types, rooms) are not re-read: the app keeps them in its query
 * cache. Each search starts at 07:00 on a random weekday with 30 days of appointments after it.
 *
 * Two ways to read: the whole horizon at once (the figure), and a week at a time until five
 * slots are found — the same answer, since every slot of a date precedes the next date's.
 */
export const benchNextAvailable = async (replica: Replica, schedule: BenchSchedule, total: number) => {
  const random = seededRandom(23);
  const { practiceId, timeZone, providerIds, locationId } = schedule;
  const typeNamed = (name: string) => {
    const type = schedule.types.find((t) => t.name === name);
    if (!type) {
      throw new Error(`no type ${name}`);
    }
    return type;
  };
  const buffers = new Map(schedule.types.map((type) => [type.id, type]));
  const read = async (statement: { sql: string; params: SqlValue[] }): Promise<BusyAppointment[]> =>
    (await replica.connection.all<{ data: string }>(statement.sql, statement.params)).map((row) => {
      const appointment = JSON.parse(row.data) as BusyAppointment & { typeId: string };
      const type = buffers.get(appointment.typeId);
      return { ...appointment, bufferBeforeMinutes: type?.bufferBeforeMinutes ?? 0, bufferAfterMinutes: type?.bufferAfterMinutes ?? 0 };
    });
  const lastStart = schedule.lastDate.slice(0, 10);
  const searchStart = () => {
    for (;;) {
      const date = randomWorkday(schedule, random);
      // The horizon must lie inside the schedule, or the search finds empty days at its end.
      if (Date.parse(`${date}T00:00:00Z`) + HORIZON_DAYS * 86_400_000 <= Date.parse(`${lastStart}T00:00:00Z`)) {
        return zonedToInstant(date, '07:00', timeZone);
      }
    }
  };

  const probeFrom = searchStart();
  const probeTo = new Date(probeFrom.getTime() + HORIZON_DAYS * 86_400_000);
  await assertIndexUsed(replica, providerDayStatement({ practiceId, providerIds: [providerIds[0] ?? ''], from: probeFrom, to: probeTo, activeOnly: true }), 'appointments_provider_start');
  await assertIndexUsed(replica, practiceRangeStatement({ practiceId, from: probeFrom, to: probeTo, activeOnly: true }), 'appointments_start');

  const variants: Variant[] = [
    { label: 'one provider, a 30-minute consultation', type: typeNamed('Consultation'), anyProvider: false, reading: 'horizon' },
    { label: 'one provider, a 60-minute procedure in the one procedure room, 10-minute buffers', type: typeNamed('Procedure'), anyProvider: false, reading: 'horizon' },
    { label: `any of the ${providerIds.length} providers, a 30-minute consultation`, type: typeNamed('Consultation'), anyProvider: true, reading: 'horizon' },
    { label: 'one provider, the procedure, read a week at a time', type: typeNamed('Procedure'), anyProvider: false, reading: 'weeks' },
    { label: `any of the ${providerIds.length} providers, a consultation, read a week at a time`, type: typeNamed('Consultation'), anyProvider: true, reading: 'weeks' },
  ];
  /** The search of one variant; `rows` counts the appointments it read. */
  const searcher = (variant: Variant) => {
    const counter = { rows: 0 };
    /** The slots of `days` local dates from `from`, reading the appointments those dates need. */
    const search = async (from: Date, days: number, providerId: string, limit: number) => {
      const to = zonedToInstant(addDays(instantToZoned(from, timeZone).date, days), '00:00', timeZone);
      const range = { practiceId, from: new Date(from.getTime() - EDGE_MS), to: new Date(to.getTime() + EDGE_MS), activeOnly: true };
      // A room is shared by every provider: its bookings are all the practice's.
      const appointments = await read(
        variant.anyProvider || variant.type.needsRoom ? practiceRangeStatement(range) : providerDayStatement({ ...range, providerIds: [providerId] }),
      );
      counter.rows += appointments.length;
      return findNextAvailable({
        from,
        days,
        providerIds: variant.anyProvider ? providerIds : [providerId],
        locationId,
        timeZone,
        type: variant.type,
        rooms: schedule.rooms,
        workingHours: schedule.workingHours,
        exceptions: [],
        holidays: [],
        appointments,
        limit,
      });
    };
    const run = async (from: Date, providerId: string) => {
      if (variant.reading === 'horizon') {
        return search(from, HORIZON_DAYS, providerId, 5);
      }
      const slots: Awaited<ReturnType<typeof search>> = [];
      const firstDate = instantToZoned(from, timeZone).date;
      for (let day = 0; day < HORIZON_DAYS && slots.length < 5; day += 7) {
        const chunkFrom = day === 0 ? from : zonedToInstant(addDays(firstDate, day), '00:00', timeZone);
        slots.push(...(await search(chunkFrom, Math.min(7, HORIZON_DAYS - day), providerId, 5 - slots.length)));
      }
      return slots;
    };
    return { run, counter };
  };

  // A week at a time finds exactly what the whole horizon finds.
  for (const variant of variants.filter((v) => v.reading === 'weeks')) {
    const whole = searcher({ ...variant, reading: 'horizon' });
    const weekly = searcher(variant);
    for (let i = 0; i < 20; i += 1) {
      const from = searchStart();
      const providerId = providerIds[i % providerIds.length] ?? '';
      const [a, b] = [JSON.stringify(await whole.run(from, providerId)), JSON.stringify(await weekly.run(from, providerId))];
      if (a !== b) {
        throw new Error(`${variant.label}: week by week found ${b}, the whole horizon ${a}`);
      }
    }
  }

  const results = [];
  for (const variant of variants) {
    const { run, counter } = searcher(variant);
    let found = 0;
    let daysToFirst = 0;
    const result = await sample(SEARCHES, WARM_UP, async () => {
      const from = searchStart();
      const slots = await run(from, providerIds[Math.floor(random() * providerIds.length)] ?? '');
      found += slots.length;
      daysToFirst += slots[0] ? (slots[0].startsAt.getTime() - from.getTime()) / 86_400_000 : HORIZON_DAYS;
    });
    const calls = SEARCHES + WARM_UP;
    printFigure(
      `next available within ${HORIZON_DAYS} days, ${variant.label}: replica read + findNextAvailable, ${total.toLocaleString('en-US')} appointments, ${SEARCHES} searches`,
      `${describeSample(result)}; ${(counter.rows / calls).toFixed(0)} appointments read a search, ${(found / calls).toFixed(1)} slots found, the first ${(daysToFirst / calls).toFixed(1)} days ahead`,
      { text: TARGET.text, met: result.p95 <= TARGET.p95 },
    );
    results.push({ variant: variant.label, ...result });
  }
  return results;
};
