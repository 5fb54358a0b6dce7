import { z } from 'zod';

/** A device registers itself with the id it chose (also its sync client id) and a label for people. */
export const ZRegisterDevice = z
  .object({
    deviceId: z.uuid({ error: 'expected a UUID' }),
    /** e.g. "Chrome on Windows" — shown in the person's device list; no patient data. */
    label: z.string().trim().min(1).max(100).regex(/^[^\p{Cc}]*$/u, { error: 'contains a control character' }),
  })
  .strict();
export type TRegisterDevice = z.infer<typeof ZRegisterDevice>;

export const ZDeviceParams = z.object({ deviceId: z.uuid({ error: 'expected a UUID' }) });
