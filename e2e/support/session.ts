import type { BrowserContext } from 'playwright-core';
import { freshTotpCode } from './totp';

/** A cookie as the app set it: name and value. */
export type SessionCookie = { name: string; value: string };

const cookiesOf = (response: Response): SessionCookie[] =>
  response.headers.getSetCookie().map((header) => {
    const [pair = ''] = header.split(';');
    const index = pair.indexOf('=');
    return { name: pair.slice(0, index), value: pair.slice(index + 1) };
  });

/**
 * Signs in through the API (password, then a TOTP code) and returns the session cookies, so
 * end-to-end tests start signed in without typing passwords in every test (CONVENTIONS §10).
 * Its code comes from freshTotpCode, so it never reuses a code another sign-in of the run used.
 */
export const signInThroughApi = async (
  baseURL: string,
  { email, password, totpKey }: { email: string; password: string; totpKey: string },
): Promise<SessionCookie[]> => {
  const headers = { 'content-type': 'application/json', origin: baseURL };
  const first = await fetch(`${baseURL}/api/auth/sign-in/email`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
  if (!first.ok) {
    throw new Error(`sign-in answered ${first.status}`);
  }
  const challenge = cookiesOf(first).filter((c) => c.value !== '');
  const second = await fetch(`${baseURL}/api/auth/two-factor/verify-totp`, {
    method: 'POST',
    headers: { ...headers, cookie: challenge.map((c) => `${c.name}=${c.value}`).join('; ') },
    body: JSON.stringify({ code: await freshTotpCode(totpKey) }),
  });
  if (!second.ok) {
    throw new Error(`two-factor verification answered ${second.status}`);
  }
  return cookiesOf(second).filter((c) => c.value !== '');
};

/**
 * Puts session cookies into a browser context as the server set them (Secure, HttpOnly, Lax, path
 * `/`). Chromium refuses a `__Host-` cookie given with `url`, so domain and path are given instead.
 */
export const addSessionCookies = (context: BrowserContext, baseURL: string, cookies: readonly SessionCookie[]) =>
  context.addCookies(
    cookies.map((c) => ({
      ...c,
      domain: new URL(baseURL).hostname,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax' as const,
    })),
  );
