import { z } from 'zod';

/** An e-mail as the app composes it; transports turn it into MIME. */
export const ZEmailMessage = z.object({
  to: z.email(),
  subject: z.string().min(1).max(200),
  /** Plain text is always sent; clinics' mail filters and screen readers both like it. */
  text: z.string().min(1),
  html: z.string().optional(),
  attachments: z
    .array(z.object({ filename: z.string().min(1), contentType: z.string().min(1), content: z.string() }))
    .optional(),
});

export type TEmailMessage = z.infer<typeof ZEmailMessage>;

/** A message kept in the development mailbox. */
export type StoredEmail = TEmailMessage & { id: string; from: string; sentAt: string };
