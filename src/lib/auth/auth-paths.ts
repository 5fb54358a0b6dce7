/*
 * better-auth endpoint paths our hooks act on (src/lib/auth/auth.ts, auth-audit-plugins.ts), and
 * how each relates to sign-in, passwords and factors. Paths are better-auth 1.7's and the passkey
 * plugin's; the identity integration tests call these endpoints and expect the hooks' effects
 * (throttle, re-authentication gate, audit), so an upgrade that renames one shows there.
 */

export const SIGN_IN_EMAIL = '/sign-in/email';
export const VERIFY_TOTP = '/two-factor/verify-totp';
export const VERIFY_BACKUP_CODE = '/two-factor/verify-backup-code';
export const ENABLE_TWO_FACTOR = '/two-factor/enable';
export const DISABLE_TWO_FACTOR = '/two-factor/disable';
export const GENERATE_BACKUP_CODES = '/two-factor/generate-backup-codes';
export const CHANGE_PASSWORD = '/change-password';
export const PASSKEY_SIGN_IN = '/passkey/verify-authentication';
export const PASSKEY_AUTHENTICATE_OPTIONS = '/passkey/generate-authenticate-options';
export const PASSKEY_REGISTER = '/passkey/verify-registration';
export const PASSKEY_DELETE = '/passkey/delete-passkey';
export const SIGN_IN_METHOD_BY_PATH: Readonly<Record<string, string>> = {
  [SIGN_IN_EMAIL]: 'password',
  [VERIFY_TOTP]: 'password+totp',
  [VERIFY_BACKUP_CODE]: 'password+backup_code',
  // A passkey with user verification is something you have plus something you are or know.
  [PASSKEY_SIGN_IN]: 'passkey',
};
export const PASSWORD_CHANGING_PATHS: ReadonlySet<string> = new Set([CHANGE_PASSWORD, '/reset-password', '/set-password']);
/**
 * Endpoints that take the signed-in person's password in the body and check it themselves. A wrong
 * one is a guess like a failed sign-in (someone holding a session, not knowing the password): it
 * counts in the sign-in throttle and is audited as a failed re-authentication.
 */
export const PASSWORD_REENTRY_PATHS: ReadonlySet<string> = new Set([
  CHANGE_PASSWORD,
  ENABLE_TWO_FACTOR,
  DISABLE_TWO_FACTOR,
  GENERATE_BACKUP_CODES,
  '/two-factor/get-totp-uri',
]);
