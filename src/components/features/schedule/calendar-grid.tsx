'use client';

import * as React from 'react';

import { STATUS_LABELS, isReschedulable, occupiesSlot } from '@/lib/domain/scheduling/status';
import { cn } from '@/lib/utils/cn';

import { clockTime, hourLines, instantAtOffset, offsetInWindow, placeBlocks, type DayWindow } from './calendar-layout';
import type { LocalAppointment } from './schedule-types';

/*
 * The time grid of the day and week views (issue #7 §5): one column per provider (day) or per day
 * (week), appointments placed by their instants, a line at the current time, click an empty slot to
 * book, drag a block to move it (also to another column) or its lower edge to resize it, and the
 * keyboard: Tab to an appointment, Enter to open it, ↑/↓ to the previous or next one, Alt+↑/↓ to
 * move it by 15 minutes, Alt+Shift+↓/↑ to lengthen or shorten it.
 */

export type GridColumn = {
  key: string;
  label: string;
  sublabel?: string;
  providerId: string;
  /** In the day view by room: the column's room (moving into it changes the room, not the provider). */
  roomId?: string;
  window: DayWindow;
  appointments: LocalAppointment[];
  /** The provider's working time that day (the rest of the column is shaded). */
  working: { start: Date; end: Date }[];
};

export type GridMove = { appointment: LocalAppointment; providerId: string; roomId: string | null; startsAt: Date; endsAt: Date };

type CalendarGridProps = {
  columns: GridColumn[];
  timeZone: string;
  now: Date;
  canWrite: boolean;
  label: (appointment: LocalAppointment) => string;
  colourOf: (appointment: LocalAppointment) => string;
  onSlot: (column: GridColumn, startsAt: Date) => void;
  onOpen: (appointment: LocalAppointment) => void;
  onMove: (move: GridMove) => void;
};

// Tall enough that a 15-minute visit shows its name and time.
const HOUR_PX = 88;
const STEP_MS = 15 * 60_000;

type Drag = { appointment: LocalAppointment; mode: 'move' | 'resize'; x: number; y: number; column: GridColumn; preview: GridMove | null };

export const CalendarGrid = ({ columns, timeZone, now, canWrite, label, colourOf, onSlot, onOpen, onMove }: CalendarGridProps) => {
  const [drag, setDrag] = React.useState<Drag | null>(null);
  const frame = columns[0]?.window;
  if (!frame) {
    return null;
  }
  const spanMs = frame.end.getTime() - frame.start.getTime();
  const height = (spanMs / 3_600_000) * HOUR_PX;

  const columnAt = (x: number, y: number): GridColumn | undefined => {
    const element = document.elementsFromPoint(x, y).find((candidate) => candidate instanceof HTMLElement && candidate.dataset.columnKey !== undefined) as HTMLElement | undefined;
    return columns.find((column) => column.key === element?.dataset.columnKey);
  };

  const previewOf = (state: Drag, x: number, y: number): GridMove | null => {
    const deltaMs = Math.round((((y - state.y) / height) * spanMs) / (5 * 60_000)) * 5 * 60_000;
    const start = Date.parse(state.appointment.startsAt);
    const end = Date.parse(state.appointment.endsAt);
    if (state.mode === 'resize') {
      const newEnd = Math.max(end + deltaMs, start + 5 * 60_000);
      return { appointment: state.appointment, providerId: state.appointment.providerId, roomId: state.appointment.roomId, startsAt: new Date(start), endsAt: new Date(newEnd) };
    }
    const target = columnAt(x, y) ?? state.column;
    // Across columns of the week view the day changes too: keep the clock time, move the date.
    const dayShift = target.window.start.getTime() - state.column.window.start.getTime();
    // A column of rooms changes the room; a column of providers (or days) the provider.
    const roomId = target.roomId ?? state.appointment.roomId;
    const providerId = target.roomId === undefined ? target.providerId : state.appointment.providerId;
    return { appointment: state.appointment, providerId, roomId, startsAt: new Date(start + deltaMs + dayShift), endsAt: new Date(end + deltaMs + dayShift) };
  };

  const startDrag = (event: React.PointerEvent, appointment: LocalAppointment, column: GridColumn, mode: Drag['mode']) => {
    if (!canWrite || !isReschedulable(appointment.status) || event.button !== 0) {
      return;
    }
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    setDrag({ appointment, mode, x: event.clientX, y: event.clientY, column, preview: null });
  };

  const moveDrag = (event: React.PointerEvent) => {
    if (!drag) {
      return;
    }
    const moved = Math.abs(event.clientY - drag.y) > 3 || Math.abs(event.clientX - drag.x) > 3;
    setDrag({ ...drag, preview: moved ? previewOf(drag, event.clientX, event.clientY) : null });
  };

  const endDrag = (event: React.PointerEvent) => {
    if (!drag) {
      return;
    }
    const preview = drag.preview === null ? null : previewOf(drag, event.clientX, event.clientY);
    setDrag(null);
    if (preview === null) {
      onOpen(drag.appointment); // a click, not a drag
    } else if (preview.startsAt.toISOString() !== drag.appointment.startsAt || preview.endsAt.toISOString() !== drag.appointment.endsAt || preview.providerId !== drag.appointment.providerId || preview.roomId !== drag.appointment.roomId) {
      onMove(preview);
    }
  };

  const onBlockKey = (event: React.KeyboardEvent<HTMLButtonElement>, appointment: LocalAppointment) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') {
      return;
    }
    event.preventDefault();
    const direction = event.key === 'ArrowUp' ? -1 : 1;
    if (event.altKey && canWrite && isReschedulable(appointment.status)) {
      const start = Date.parse(appointment.startsAt);
      const end = Date.parse(appointment.endsAt);
      onMove(
        event.shiftKey
          ? { appointment, providerId: appointment.providerId, roomId: appointment.roomId, startsAt: new Date(start), endsAt: new Date(Math.max(end + direction * STEP_MS, start + STEP_MS)) }
          : { appointment, providerId: appointment.providerId, roomId: appointment.roomId, startsAt: new Date(start + direction * STEP_MS), endsAt: new Date(end + direction * STEP_MS) },
      );
      return;
    }
    const blocks = [...(event.currentTarget.closest('[data-column-key]')?.querySelectorAll<HTMLButtonElement>('[data-appointment-id]') ?? [])];
    const index = blocks.indexOf(event.currentTarget);
    blocks[index + direction]?.focus();
  };

  return (
    <div className="overflow-x-auto rounded-lg border" onPointerMove={moveDrag} onPointerUp={endDrag} onPointerCancel={() => setDrag(null)}>
      <div className="grid min-w-[640px]" style={{ gridTemplateColumns: `4rem repeat(${columns.length}, minmax(9rem, 1fr))` }}>
        <div className="sticky top-0 z-20 border-b bg-background" />
        {columns.map((column) => (
          <div key={column.key} className="sticky top-0 z-20 border-b border-l bg-background px-2 py-2 text-sm">
            <div className="truncate font-medium">{column.label}</div>
            {column.sublabel ? <div className="truncate text-xs text-muted-foreground">{column.sublabel}</div> : null}
          </div>
        ))}
        <div className="relative" style={{ height }} aria-hidden="true">
          {hourLines(frame, timeZone).map((line) => (
            <div key={line.at.toISOString()} className="absolute right-2 -translate-y-1/2 text-xs text-muted-foreground tabular-nums" style={{ top: `${line.offsetPct}%` }}>
              {line.offsetPct === 0 ? '' : line.label}
            </div>
          ))}
        </div>
        {columns.map((column) => {
          const nowOffset = offsetInWindow(now, column.window);
          return (
            <div
              key={column.key}
              data-column-key={column.key}
              role="group"
              aria-label={`${column.label}${column.sublabel ? `, ${column.sublabel}` : ''}`}
              className={cn('relative border-l bg-muted/60', canWrite && 'cursor-copy')}
              style={{ height }}
              onClick={(event) => {
                if (!canWrite || event.target !== event.currentTarget) {
                  return;
                }
                const box = event.currentTarget.getBoundingClientRect();
                onSlot(column, instantAtOffset((event.clientY - box.top) / box.height, column.window, timeZone, 15));
              }}
            >
              {column.working.map((interval) => {
                const top = offsetInWindow(new Date(Math.max(interval.start.getTime(), column.window.start.getTime())), column.window);
                const bottom = offsetInWindow(new Date(Math.min(interval.end.getTime(), column.window.end.getTime())), column.window);
                return top === null || bottom === null ? null : (
                  <div key={interval.start.toISOString()} className="pointer-events-none absolute inset-x-0 bg-background" style={{ top: `${top}%`, height: `${bottom - top}%` }} />
                );
              })}
              {hourLines(column.window, timeZone).map((line) => (
                <div key={line.at.toISOString()} className="pointer-events-none absolute inset-x-0 border-t border-border/60" style={{ top: `${line.offsetPct}%` }} />
              ))}
              {nowOffset === null ? null : (
                <div className="pointer-events-none absolute inset-x-0 z-10 border-t-2 border-destructive" style={{ top: `${nowOffset}%` }} data-testid="current-time-line">
                  <span className="sr-only">Now</span>
                </div>
              )}
              {placeBlocks(column.appointments, column.window).map((block) => {
                const { appointment } = block;
                const inactive = !occupiesSlot(appointment.status);
                const colour = colourOf(appointment);
                const dragged = drag?.appointment.id === appointment.id ? drag.preview : null;
                const name = label(appointment);
                const time = `${clockTime(appointment.startsAt, timeZone)}–${clockTime(appointment.endsAt, timeZone)}`;
                return (
                  <button
                    key={appointment.id}
                    type="button"
                    data-appointment-id={appointment.id}
                    aria-label={`${name}, ${time}, ${STATUS_LABELS[appointment.status]}`}
                    className={cn(
                      'absolute z-10 overflow-hidden rounded-md border border-l-4 px-1.5 py-0.5 text-left text-xs shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-ring',
                      inactive && 'opacity-60 line-through',
                      dragged && 'opacity-40',
                      canWrite && isReschedulable(appointment.status) ? 'cursor-grab touch-none' : 'cursor-pointer',
                    )}
                    style={{
                      top: `${block.topPct}%`,
                      height: `${block.heightPct}%`,
                      left: `calc(${(block.lane / block.lanes) * 100}% + 2px)`,
                      width: `calc(${100 / block.lanes}% - 4px)`,
                      borderLeftColor: colour,
                      backgroundColor: `color-mix(in oklab, ${colour} 14%, var(--color-background))`,
                    }}
                    onPointerDown={(event) => startDrag(event, appointment, column, 'move')}
                    onClick={(event) => {
                      // Pointer clicks are handled at pointer-up (they may be drags); the keyboard's Enter lands here.
                      if (event.detail === 0) {
                        onOpen(appointment);
                      }
                    }}
                    onKeyDown={(event) => onBlockKey(event, appointment)}
                  >
                    <span className="block truncate font-medium">{name}</span>
                    <span className="block truncate text-muted-foreground tabular-nums">
                      {time} · {STATUS_LABELS[appointment.status]}
                    </span>
                    {canWrite && isReschedulable(appointment.status) ? (
                      <span
                        aria-hidden="true"
                        data-testid="resize-handle"
                        className="absolute inset-x-0 bottom-0 h-2 cursor-ns-resize"
                        onPointerDown={(event) => startDrag(event, appointment, column, 'resize')}
                      />
                    ) : null}
                  </button>
                );
              })}
              {drag?.preview && (column.roomId === undefined ? drag.preview.providerId === column.providerId : drag.preview.roomId === column.roomId) && offsetInWindow(drag.preview.startsAt, column.window) !== null ? (
                <div
                  className="pointer-events-none absolute inset-x-1 z-20 rounded-md border-2 border-dashed border-primary bg-primary/10 px-1.5 text-xs font-medium"
                  style={{
                    top: `${offsetInWindow(drag.preview.startsAt, column.window) ?? 0}%`,
                    height: `${((drag.preview.endsAt.getTime() - drag.preview.startsAt.getTime()) / spanMs) * 100}%`,
                  }}
                >
                  {clockTime(drag.preview.startsAt, timeZone)}–{clockTime(drag.preview.endsAt, timeZone)}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </div>
  );
};
