import { describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '@/lib/domain/scheduling/status';
import { appointmentActionState, type ActionTokenFacts } from './action-state';

const START = new Date('2026-12-08T15:00:00.000Z');
const BEFORE = new Date('2026-12-07T15:00:00.000Z');
const token = (overrides: Partial<ActionTokenFacts> = {}): ActionTokenFacts => ({ action: 'confirm', startsAt: START, expiresAt: START, usedAt: null, ...overrides });
const appointment = (status: AppointmentStatus, startsAt = START) => ({ status, startsAt, deletedAt: null });

describe('appointmentActionState', () => {
  it('opens a confirm link only for a booked appointment, and says done once confirmed', () => {
    expect(appointmentActionState(token(), appointment('booked'), BEFORE)).toBe('open');
    expect(appointmentActionState(token(), appointment('confirmed'), BEFORE)).toBe('done');
    for (const status of ['checked_in', 'in_room', 'completed', 'cancelled', 'no_show'] as const) {
      expect(appointmentActionState(token(), appointment(status), BEFORE), status).toBe('unavailable');
    }
  });

  it('opens a cancel link for booked and confirmed only (a checked-in visit is the desk’s call)', () => {
    const cancel = token({ action: 'cancel' });
    expect(appointmentActionState(cancel, appointment('booked'), BEFORE)).toBe('open');
    expect(appointmentActionState(cancel, appointment('confirmed'), BEFORE)).toBe('open');
    expect(appointmentActionState(cancel, appointment('cancelled'), BEFORE)).toBe('done');
    expect(appointmentActionState(cancel, appointment('checked_in'), BEFORE)).toBe('unavailable');
  });

  it('refuses a used link before anything else, then an expired one', () => {
    expect(appointmentActionState(token({ usedAt: BEFORE }), appointment('booked'), BEFORE)).toBe('used');
    expect(appointmentActionState(token({ usedAt: BEFORE }), appointment('booked'), START)).toBe('used');
    expect(appointmentActionState(token(), appointment('booked'), START)).toBe('expired');
  });

  it('calls a link for a start time the appointment no longer has changed, and a deleted appointment unavailable', () => {
    expect(appointmentActionState(token(), appointment('booked', new Date('2026-12-09T15:00:00.000Z')), BEFORE)).toBe('changed');
    expect(appointmentActionState(token(), { ...appointment('booked'), deletedAt: BEFORE }, BEFORE)).toBe('unavailable');
  });
});
