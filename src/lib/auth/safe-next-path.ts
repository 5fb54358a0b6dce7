/*
 * Where to go after signing in (`/sign-in?next=/invite?token=…`). The value comes from a URL anyone
 * can craft, so only a same-origin relative path is accepted; anything else would make our sign-in
 * page an open redirect (phishing: "sign in" on our real page, then land on a look-alike site).
 * Browser-safe: no server imports.
 */

/** Longer than any path of ours with its query; refuses absurd input. */
const MAX_LENGTH = 2048;

/** Base for parsing: an origin nothing else can have, so a change of origin shows. */
const PROBE_ORIGIN = 'https://next-path.invalid';

/**
 * `value` when it is a same-origin relative path such as `/invite?token=abc` or `/settings/team`,
 * otherwise null. Refused: anything not starting with exactly one `/` (`https:`, `//evil.example`,
 * `evil`), backslashes (browsers read `/\evil.example` as `//evil.example`), control characters and
 * whitespace (the URL parser drops tabs and newlines, so `/\t/evil.example` would become
 * `//evil.example`), and whatever the URL parser would move to another origin.
 */
export const safeNextPath = (value: unknown): string | null => {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) {
    return null;
  }
  if (!value.startsWith('/') || value.startsWith('//')) {
    return null;
  }
  // Backslashes, ASCII control characters, spaces and DEL; percent-encoded forms stay encoded in a path.
  if (/[\\\u0000-\u0020\u007f]/.test(value)) {
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(value, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (parsed.origin !== PROBE_ORIGIN) {
    return null;
  }
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
};
