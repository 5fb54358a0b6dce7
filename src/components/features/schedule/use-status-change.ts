'use client';

import * as React from 'react';
import { toast } from 'sonner';

import { useMutate } from '@/components/local-data/use-mutate';
import { STATUS_LABELS, type AppointmentStatus } from '@/lib/domain/scheduling/status';

import type { LocalAppointment } from './schedule-types';

/**
 * Changes an appointment's status on this device (synced later), saying so in a toast; answers
 * whether it was saved. The status the device saw travels with it: the server refuses a change
 * its own status does not allow, as a conflict naming that status.
 */
export const useStatusChange = (practiceId: string) => {
  const mutate = useMutate();
  return React.useCallback(
    async (appointment: LocalAppointment, to: AppointmentStatus, reason: string | null = null) => {
      try {
        await mutate('appointments.transition', { practiceId, appointmentId: appointment.id, to, from: appointment.status, reason });
        toast.success(STATUS_LABELS[to], { description: 'Saved on this device; it syncs when the network allows.' });
        return true;
      } catch {
        toast.error('The status could not be changed.');
        return false;
      }
    },
    [mutate, practiceId],
  );
};
