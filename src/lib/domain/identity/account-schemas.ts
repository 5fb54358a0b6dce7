import { z } from 'zod';
import { checkPassword } from '@/lib/auth/password-policy';
import { ZEmail } from './schemas';

/*
 * Account security schemas (the signed-in person's own email, password and factors), shared by the
 * forms of /account/security and the server (CONVENTIONS §4). No server imports.
 */

/**
 * POST /api/v1/session/reauthenticate: the password, plus the second factor when the person has
 * TOTP — a 6-digit code from the app, or one of the backup codes (spaces and dashes as shown at
 * enrolment are kept: backup codes look like `abcde-12345`). Never trimmed: spaces are part of a
 * password.
 */
export const ZReauthenticate = z.strictObject({
  password: z.string().min(1, { error: 'required' }).max(1024, { error: 'too long' }),
  code: z
    .string()
    .trim()
    .max(64, { error: 'too long' })
    .optional()
    .transform((value) => (value === undefined || value === '' ? undefined : value)),
});
export type TReauthenticate = z.input<typeof ZReauthenticate>;

/** How a re-authentication proved the second factor (audit metadata and the answer). */
export type TReauthenticationMethod = 'password' | 'password+totp' | 'password+backup_code';

/** What POST /api/v1/session/reauthenticate answers. */
export const ZReauthenticateResult = z.object({
  reauthenticatedAt: z.iso.datetime(),
  method: z.enum(['password', 'password+totp', 'password+backup_code']),
});
export type TReauthenticateResult = z.infer<typeof ZReauthenticateResult>;

/** A 6-digit TOTP code (after removing spaces), as opposed to a backup code. */
export const isTotpCode = (code: string): boolean => /^\d{6}$/.test(code.replace(/\s+/g, ''));

/** POST /api/v1/account/email: the new sign-in email. */
export const ZChangeEmail = z.strictObject({ email: ZEmail });
export type TChangeEmail = z.input<typeof ZChangeEmail>;

/**
 * The change-password form (sent to better-auth's /api/auth/change-password, whose before-hook runs
 * the same policy). Context words (the person's email and name) come from the form's caller.
 */
export const changePasswordSchema = (context: { email?: string; name?: string }) =>
  z
    .object({
      currentPassword: z.string().min(1, { error: 'required' }).max(1024, { error: 'too long' }),
      newPassword: z.string().max(1024, { error: 'too long' }),
      confirmPassword: z.string(),
    })
    .superRefine(async (value, ctx) => {
      const verdict = await checkPassword(value.newPassword, context);
      if (!verdict.ok) {
        ctx.addIssue({ code: 'custom', path: ['newPassword'], message: verdict.message });
      } else if (value.newPassword === value.currentPassword) {
        ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'choose a password different from the current one' });
      }
      if (value.confirmPassword !== value.newPassword) {
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'the two passwords differ' });
      }
    });
export type TChangePassword = z.input<ReturnType<typeof changePasswordSchema>>;

/** A passkey's name, as the person labels it ("Work laptop", "YubiKey"). */
export const ZPasskeyName = z.object({
  name: z.string().trim().min(1, { error: 'required' }).max(60, { error: 'at most 60 characters' }),
});
export type TPasskeyName = z.input<typeof ZPasskeyName>;
