'use client';

import { occupiesSlot } from '@/lib/domain/scheduling/status';
import { instantToZoned, type LocalDate } from '@/lib/domain/scheduling/zoned-time';
import { cn } from '@/lib/utils/cn';

import { monthGrid } from './calendar-layout';
import type { LocalAppointment } from './schedule-types';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The month at a glance (issue #7 §5): booked appointments per day; a day opens the day view. */
export const MonthOverview = ({
  date,
  today,
  timeZone,
  appointments,
  holidays,
  onDay,
}: {
  date: LocalDate;
  today: LocalDate;
  timeZone: string;
  appointments: readonly LocalAppointment[];
  holidays: ReadonlyMap<LocalDate, string>;
  onDay: (date: LocalDate) => void;
}) => {
  const counts = new Map<LocalDate, number>();
  for (const appointment of appointments) {
    if (occupiesSlot(appointment.status)) {
      const day = instantToZoned(new Date(appointment.startsAt), timeZone).date;
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
  }
  return (
    <table className="w-full table-fixed border-collapse text-sm" aria-label="Month overview">
      <thead>
        <tr>
          {WEEKDAYS.map((day) => (
            <th key={day} scope="col" className="py-1 text-xs font-medium text-muted-foreground">
              {day}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthGrid(date).map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const count = counts.get(day) ?? 0;
              const holiday = holidays.get(day);
              return (
                <td key={day} className="border p-0 align-top">
                  <button
                    type="button"
                    className={cn(
                      'flex h-20 w-full flex-col items-start gap-1 p-1.5 text-left outline-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring',
                      day.slice(0, 7) !== date.slice(0, 7) && 'text-muted-foreground',
                    )}
                    onClick={() => onDay(day)}
                    aria-label={`${day}: ${count} ${count === 1 ? 'appointment' : 'appointments'}${holiday ? `, closed (${holiday})` : ''}`}
                  >
                    <span className={cn('tabular-nums', day === today && 'rounded-full bg-primary px-1.5 text-primary-foreground')}>{Number(day.slice(8))}</span>
                    {holiday ? <span className="truncate text-xs text-warning">{holiday}</span> : null}
                    {count > 0 ? <span className="text-xs tabular-nums">{count} booked</span> : null}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
};
