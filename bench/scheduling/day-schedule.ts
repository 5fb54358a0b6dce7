import { localDayBounds, addDays, isoWeekday } from '@/lib/domain/scheduling/zoned-time';
import { practiceRangeStatement, providerDayStatement } from '@/lib/local/appointment-day-query';
import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import { printFigure } from '../report';
import { seededRandom } from '../sync/generate-patients';
import type { BenchSchedule } from './generate-schedule';
import { describeSample, sample } from './measure';
import type { Replica } from './replica';

const QUERIES = 500;
const WARM_UP = 50;

/** The query plan's lines, checked to read the named index (a table scan would be the figure's ruin). */
export const assertIndexUsed = async (replica: Replica, statement: { sql: string; params: SqlValue[] }, index: string): Promise<string> => {
  const plan = (await replica.connection.all<{ detail: string }>(`explain query plan ${statement.sql}`, statement.params)).map((row) => row.detail).join('; ');
  if (!plan.includes(`USING INDEX ${index}`) || plan.includes('TEMP B-TREE')) {
    throw new Error(`expected an index range on ${index} without a sort: ${plan}`);
  }
  return plan;
};

/** A random weekday of the schedule's range (a day with appointments). */
export const randomWorkday = (schedule: BenchSchedule, random: () => number): string => {
  const span = Math.round((Date.parse(`${schedule.lastDate}T00:00:00Z`) - Date.parse(`${schedule.firstDate}T00:00:00Z`)) / 86_400_000);
  for (;;) {
    const date = addDays(schedule.firstDate, Math.floor(random() * (span + 1)));
    if (isoWeekday(date) <= 5) {
      return date;
    }
  }
};

/**
 * DESIGN §8: a provider's day schedule from a 100k-appointment replica — the calendar column's read
 * (src/lib/local/appointment-day-query.ts), rows decoded from JSON, for a random provider and
 * weekday each time; then the day of all providers (the day view), which has no budget of its own.
 */
export const benchDaySchedule = async (replica: Replica, schedule: BenchSchedule, total: number) => {
  const random = seededRandom(11);
  const { practiceId, timeZone, providerIds } = schedule;
  const read = async (statement: { sql: string; params: SqlValue[] }) =>
    (await replica.connection.all<{ data: string }>(statement.sql, statement.params)).map((row) => JSON.parse(row.data) as Record<string, unknown>);

  const probe = localDayBounds(randomWorkday(schedule, random), timeZone);
  const providerPlan = await assertIndexUsed(replica, providerDayStatement({ practiceId, providerIds: [providerIds[0] ?? ''], from: probe.start, to: probe.end }), 'appointments_provider_start');
  const practicePlan = await assertIndexUsed(replica, practiceRangeStatement({ practiceId, from: probe.start, to: probe.end }), 'appointments_start');

  let rows = 0;
  const oneProvider = await sample(QUERIES, WARM_UP, async () => {
    const day = localDayBounds(randomWorkday(schedule, random), timeZone);
    const providerId = providerIds[Math.floor(random() * providerIds.length)] ?? '';
    rows += (await read(providerDayStatement({ practiceId, providerIds: [providerId], from: day.start, to: day.end }))).length;
  });
  const count = total.toLocaleString('en-US');
  printFigure(
    `day schedule of one provider, ${count} appointments (${providerIds.length} providers) in an encrypted replica, rows decoded, ${QUERIES} random provider-days`,
    `${describeSample(oneProvider)}; ${(rows / (QUERIES + WARM_UP)).toFixed(1)} appointments a day; plan: ${providerPlan}`,
    { text: 'p95 ≤ 5 ms', met: oneProvider.p95 <= 5 },
  );

  rows = 0;
  const allProviders = await sample(QUERIES, WARM_UP, async () => {
    const day = localDayBounds(randomWorkday(schedule, random), timeZone);
    rows += (await read(practiceRangeStatement({ practiceId, from: day.start, to: day.end }))).length;
  });
  printFigure(
    `day schedule of the whole practice (all ${providerIds.length} providers, the day view), same replica, ${QUERIES} random days`,
    `${describeSample(allProviders)}; ${(rows / (QUERIES + WARM_UP)).toFixed(1)} appointments a day; plan: ${practicePlan}`,
    null,
  );
  return { oneProvider, allProviders };
};
