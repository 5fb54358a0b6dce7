import { describe, expect, it } from 'vitest';
import { alignedWindows, dayWindow, hourLines, instantAtOffset, monthGrid, offsetInWindow, placeBlocks, weekDates } from './calendar-layout';

const CHICAGO = 'America/Chicago';
const appointment = (id: string, startsAt: string, endsAt: string, status = 'booked') => ({ id, startsAt, endsAt, status });

describe('dayWindow', () => {
  it('shows 07:00–19:00 local time by default, widened to whole hours around the day’s bookings', () => {
    const plain = dayWindow('2026-12-08', CHICAGO);
    expect(plain.start.toISOString()).toBe('2026-12-08T13:00:00.000Z');
    expect(plain.end.toISOString()).toBe('2026-12-09T01:00:00.000Z');
    const early = dayWindow('2026-12-08', CHICAGO, [{ start: new Date('2026-12-08T12:30:00.000Z'), end: new Date('2026-12-08T13:00:00.000Z') }]);
    expect(early.start.toISOString()).toBe('2026-12-08T12:00:00.000Z'); // 06:00 local
  });

  it('places the window by the clinic’s clock on daylight-saving days', () => {
    // 2026-03-08: Chicago springs forward at 02:00; 07:00 is CDT (UTC−5).
    expect(dayWindow('2026-03-08', CHICAGO).start.toISOString()).toBe('2026-03-08T12:00:00.000Z');
    // 2026-11-01: back to CST (UTC−6) at 02:00.
    expect(dayWindow('2026-11-01', CHICAGO).start.toISOString()).toBe('2026-11-01T13:00:00.000Z');
    const whole = dayWindow('2026-03-08', CHICAGO, [{ start: new Date('2026-03-08T06:00:00.000Z'), end: new Date('2026-03-09T05:00:00.000Z') }]);
    // A 23-hour day: midnight to midnight, and the hour lines skip 02:00.
    expect(whole.end.getTime() - whole.start.getTime()).toBe(23 * 3_600_000);
    expect(hourLines(whole, CHICAGO).map((line) => line.label).slice(0, 4)).toEqual(['00:00', '01:00', '03:00', '04:00']);
  });
});

describe('placeBlocks', () => {
  const window = dayWindow('2026-12-08', CHICAGO); // 13:00Z–01:00Z, 12 hours

  it('positions appointments by time and shares the width where they overlap', () => {
    const blocks = placeBlocks(
      [
        appointment('a', '2026-12-08T15:00:00.000Z', '2026-12-08T16:00:00.000Z'),
        appointment('b', '2026-12-08T15:30:00.000Z', '2026-12-08T16:00:00.000Z', 'cancelled'),
        appointment('c', '2026-12-08T16:00:00.000Z', '2026-12-08T16:30:00.000Z'),
      ],
      window,
    );
    const byId = Object.fromEntries(blocks.map((block) => [block.appointment.id, block]));
    expect(byId.a).toMatchObject({ lane: 0, lanes: 2 });
    expect(byId.b).toMatchObject({ lane: 1, lanes: 2 });
    // Back to back: its own cluster, full width.
    expect(byId.c).toMatchObject({ lane: 0, lanes: 1 });
    expect(byId.a?.topPct).toBeCloseTo((2 / 12) * 100);
    expect(byId.a?.heightPct).toBeCloseTo((1 / 12) * 100);
  });

  it('cuts blocks at the window’s edges and leaves out what is outside', () => {
    const blocks = placeBlocks(
      [appointment('early', '2026-12-08T12:00:00.000Z', '2026-12-08T14:00:00.000Z'), appointment('tomorrow', '2026-12-09T15:00:00.000Z', '2026-12-09T16:00:00.000Z')],
      window,
    );
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ topPct: 0, clippedStart: true, clippedEnd: false });
  });
});

describe('positions and dates', () => {
  const window = dayWindow('2026-12-08', CHICAGO);

  it('turns a click into a local time snapped to five minutes, and back', () => {
    // 2h07m into the window: 09:07 local → 09:05.
    const at = instantAtOffset((2 * 60 + 7) / (12 * 60), window, CHICAGO);
    expect(at.toISOString()).toBe('2026-12-08T15:05:00.000Z');
    expect(offsetInWindow(at, window)).toBeCloseTo(((2 * 60 + 5) / (12 * 60)) * 100);
    expect(offsetInWindow(new Date('2026-12-08T12:00:00.000Z'), window)).toBeNull();
  });

  it('lists the week from Monday and the month in whole weeks', () => {
    expect(weekDates('2026-12-10')).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    const month = monthGrid('2026-12-15');
    expect(month[0]?.[0]).toBe('2026-11-30');
    expect(month.at(-1)?.at(-1)).toBe('2027-01-03');
    expect(month.flat()).toContain('2026-12-31');
    expect(month).toHaveLength(5);
  });
});

describe('alignedWindows', () => {
  it('gives every day of a week the same local hours, the widest any day needs', () => {
    const windows = alignedWindows(['2026-12-07', '2026-12-08'], CHICAGO, [{ start: new Date('2026-12-08T12:00:00.000Z'), end: new Date('2026-12-08T12:30:00.000Z') }]);
    expect(windows.map((w) => w.start.toISOString())).toEqual(['2026-12-07T12:00:00.000Z', '2026-12-08T12:00:00.000Z']);
    expect(windows.map((w) => w.end.toISOString())).toEqual(['2026-12-08T01:00:00.000Z', '2026-12-09T01:00:00.000Z']);
  });
});
