import { z } from 'zod';
import { checkPassword } from '@/lib/auth/password-policy';
import { ZTimeZone } from '@/lib/domain/practices/schemas';

/*
 * Identity field schemas, shared by the sign-up / sign-in forms (zodResolver) and the server
 * (CONVENTIONS §4). No server imports: bundled for the browser too. The password policy
 * (src/lib/auth/password-policy.ts: length, guessability, context words) runs in the schema, so it
 * is asynchronous: parse with `safeParseAsync` (zodResolver and the route wrapper do).
 */

/** An email address, trimmed and lower-cased (better-auth stores it lower-cased). */
export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: 'at most 254 characters' })
  .pipe(z.email({ error: 'expected an email address such as name@clinic.org' }));

const zName = (max: number) =>
  z.string().trim().min(1, { error: 'required' }).max(max, { error: `at most ${max} characters` });

/**
 * POST /api/v1/signup: a new practice and its owner. The password is checked against the policy
 * with the other fields as context (a password made of the practice's name is refused), and the
 * issue lands on `password`. Never trimmed: spaces are part of a password.
 */
export const ZSignUp = z
  .strictObject({
    name: zName(200),
    email: ZEmail,
    password: z.string().max(1024, { error: 'too long' }),
    practiceName: zName(200),
    practiceTimeZone: ZTimeZone,
  })
  .superRefine(async (value, ctx) => {
    const verdict = await checkPassword(value.password, {
      email: value.email,
      practiceName: value.practiceName,
      name: value.name,
    });
    if (!verdict.ok) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: verdict.message, params: { reason: verdict.reason } });
    }
  });
export type TSignUp = z.infer<typeof ZSignUp>;

/** The sign-in form (sent to better-auth's /api/auth/sign-in/email). */
export const ZSignIn = z.object({
  email: ZEmail,
  password: z.string().min(1, { error: 'required' }).max(1024, { error: 'too long' }),
});
export type TSignIn = z.infer<typeof ZSignIn>;

/** A 6-digit code from an authenticator app (spaces allowed while typing). */
export const ZTotpCode = z.object({
  code: z
    .string()
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, { error: 'enter the 6-digit code from your authenticator app' })),
});
export type TTotpCode = z.input<typeof ZTotpCode>;

/** A backup code, as shown at enrolment. */
export const ZBackupCode = z.object({
  code: z.string().trim().min(1, { error: 'required' }).max(64, { error: 'too long' }),
});

/** What a successful sign-up answers. */
export const ZSignUpResult = z.object({
  userId: z.uuid(),
  practiceId: z.uuid(),
  practiceSlug: z.string(),
});
export type TSignUpResult = z.infer<typeof ZSignUpResult>;
