import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionResolver } from '@/lib/api/session';
import { SESSION_COOKIE_NAME, type Auth } from '@/lib/auth/auth';
import { roleSeesPhi } from '@/lib/auth/permissions';
import { queryRows } from '@/lib/db/client';
import { passkeys } from '@/lib/db/schema/auth';
import { withActor } from '@/lib/db/tx';
import { rejectionReason } from '../db/helpers';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { ageSession, APP_URL, authRequest, cookieHeader, createTestAuth, sessionOf, signUpOwner } from './helpers';

/*
 * A software authenticator: an EC P-256 key from node:crypto, the `none` attestation and the
 * assertion built by hand (CBOR, authenticator data, ECDSA signature), so registration and sign-in
 * run through @simplewebauthn/server's real verification inside better-auth's passkey plugin.
 */

const RP_ID = new URL(APP_URL).hostname;
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

/** Minimal CBOR (RFC 8949) for what an attestation needs: unsigned/negative ints, byte and text strings, maps. */
const cborHead = (major: number, value: number): Buffer => {
  if (value < 24) {
    return Buffer.from([(major << 5) | value]);
  }
  if (value < 0x100) {
    return Buffer.from([(major << 5) | 24, value]);
  }
  const head = Buffer.alloc(3);
  head[0] = (major << 5) | 25;
  head.writeUInt16BE(value, 1);
  return head;
};

const cbor = (value: Cbor): Buffer => {
  if (typeof value === 'number') {
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) {
    return Buffer.concat([cborHead(2, value.length), value]);
  }
  return Buffer.concat([cborHead(5, value.size), ...[...value].flatMap(([key, item]) => [cbor(key), cbor(item)])]);
};

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const b64url = (data: Uint8Array): string => Buffer.from(data).toString('base64url');
const uint32 = (value: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
};

type Authenticator = { credentialId: Buffer; privateKey: KeyObject; counter: number };

const newAuthenticator = (): Authenticator & { cose: Buffer } => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  // COSE_Key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
  const cose = cbor(
    new Map<Cbor, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? '', 'base64url')],
      [-3, Buffer.from(jwk.y ?? '', 'base64url')],
    ]),
  );
  return { credentialId: randomBytes(16), privateKey, counter: 0, cose };
};

const clientData = (type: 'webauthn.create' | 'webauthn.get', challenge: string): Buffer =>
  Buffer.from(JSON.stringify({ type, challenge, origin: APP_URL, crossOrigin: false }));

/** navigator.credentials.create(), answered with `none` attestation. */
const attest = (device: Authenticator & { cose: Buffer }, challenge: string, { userVerified = true } = {}) => {
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(device.credentialId.length);
  const authData = Buffer.concat([
    sha256(RP_ID),
    Buffer.from([FLAG_USER_PRESENT | (userVerified ? FLAG_USER_VERIFIED : 0) | FLAG_ATTESTED_CREDENTIAL]),
    uint32(0),
    Buffer.alloc(16), // AAGUID: all zero, as platforms report under `none` attestation
    idLength,
    device.credentialId,
    device.cose,
  ]);
  const attestationObject = cbor(new Map<Cbor, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
  return {
    id: b64url(device.credentialId),
    rawId: b64url(device.credentialId),
    type: 'public-key',
    response: {
      clientDataJSON: b64url(clientData('webauthn.create', challenge)),
      attestationObject: b64url(attestationObject),
      transports: ['internal'],
    },
    clientExtensionResults: {},
    authenticatorAttachment: 'platform',
  };
};

/** navigator.credentials.get(): authenticator data signed with the credential's key. */
const assertion = (device: Authenticator, challenge: string, { userVerified = true } = {}) => {
  device.counter += 1;
  const authenticatorData = Buffer.concat([
    sha256(RP_ID),
    Buffer.from([FLAG_USER_PRESENT | (userVerified ? FLAG_USER_VERIFIED : 0)]),
    uint32(device.counter),
  ]);
  const clientDataJSON = clientData('webauthn.get', challenge);
  const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), device.privateKey);
  return {
    id: b64url(device.credentialId),
    rawId: b64url(device.credentialId),
    type: 'public-key',
    response: {
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(authenticatorData),
      signature: b64url(signature),
    },
    clientExtensionResults: {},
  };
};

describe('passkeys: registration, sign-in with user verification, removal, audit', () => {
  let t: TestDatabase;
  let auth: Auth;

  beforeAll(async () => {
    t = await createTestDatabase();
    auth = createTestAuth(t.database);
  });

  afterAll(async () => {
    await t.dispose();
  });

  const audited = async (action: string, userId: string) =>
    queryRows<{ target_id: string | null; method: string | null; practice_id: string | null }>(
      t.database.db,
      sql`select target_id, metadata->>'method' as method, practice_id from audit_log
          where action = ${action} and actor_user_id = ${userId}::uuid order by seq`,
    );

  /** Registers a new software passkey for the signed-in cookie; returns the answer and the device. */
  const register = async (cookie: string, { name = 'Work laptop', userVerified = true } = {}) => {
    const device = newAuthenticator();
    const options = await authRequest(auth, '/passkey/generate-register-options', { method: 'GET', cookie });
    expect(options.status).toBe(200);
    const { challenge, authenticatorSelection } = (await options.json()) as {
      challenge: string;
      authenticatorSelection: { userVerification?: string; residentKey?: string };
    };
    expect(authenticatorSelection).toMatchObject({ userVerification: 'required', residentKey: 'preferred' });
    const response = await authRequest(auth, '/passkey/verify-registration', {
      body: { response: attest(device, challenge, { userVerified }), name },
      cookie: cookieHeader(options.headers.getSetCookie(), cookie),
    });
    return { response, device };
  };

  /** Signs in with `device` from a browser without a session. */
  const signInWith = async (device: Authenticator, { userVerified = true } = {}) => {
    const options = await authRequest(auth, '/passkey/generate-authenticate-options', { method: 'GET' });
    expect(options.status).toBe(200);
    const body = (await options.json()) as { challenge: string; userVerification: string; rpId: string };
    expect(body).toMatchObject({ userVerification: 'required', rpId: RP_ID });
    return authRequest(auth, '/passkey/verify-authentication', {
      body: { response: assertion(device, body.challenge, { userVerified }) },
      cookie: cookieHeader(options.headers.getSetCookie()),
    });
  };

  it('registers a passkey, lists it, audits it, and signs in with it alone (no TOTP step), audited as method passkey', async () => {
    const owner = await signUpOwner(t.database, auth);
    const cookie = cookieHeader(owner.setCookies);
    const { response, device } = await register(cookie);
    expect(response.status).toBe(200);
    const created = (await response.json()) as { id: string; name: string; deviceType: string; backedUp: boolean };
    expect(created).toMatchObject({ name: 'Work laptop', deviceType: 'singleDevice', backedUp: false });

    const listed = await authRequest(auth, '/passkey/list-user-passkeys', { method: 'GET', cookie });
    expect(((await listed.json()) as { id: string }[]).map((row) => row.id)).toEqual([created.id]);
    expect(await audited('auth.passkey.added', owner.result.userId)).toEqual([
      { target_id: created.id, method: null, practice_id: null },
    ]);

    const signedIn = await signInWith(device);
    expect(signedIn.status).toBe(200);
    const sessionCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`));
    expect(sessionCookie).toBeDefined();
    const signIns = await audited('auth.signed_in', owner.result.userId);
    expect(signIns.map((row) => row.method)).toEqual(['passkey']);
    const [stored] = await t.database.db.select().from(passkeys).where(eq(passkeys.id, created.id));
    expect(stored?.counter).toBe(1);

    // TOTP stays required for roles that see patient data: the passkey session has no TOTP, so the
    // app layout (`!twoFactorEnabled && memberships.some(roleSeesPhi)`) sends the owner to enrol.
    const resolve = createSessionResolver({ auth: () => Promise.resolve(auth), database: () => Promise.resolve(t.database) });
    const session = await resolve(new Request(APP_URL, { headers: { cookie: cookieHeader(signedIn.headers.getSetCookie()) } }));
    expect(session?.twoFactorEnabled).toBe(false);
    expect(session?.memberships.some((m) => roleSeesPhi(m.role))).toBe(true);

    // A replayed assertion (same counter, spent challenge) does not sign in again.
    device.counter -= 1;
    expect((await signInWith(device)).status).not.toBe(200);
  });

  it('refuses a passkey that did not verify the user, at registration and at sign-in', async () => {
    const owner = await signUpOwner(t.database, auth);
    const cookie = cookieHeader(owner.setCookies);
    const unverified = await register(cookie, { userVerified: false });
    expect(unverified.response.status).toBe(400);
    expect(await t.database.db.select().from(passkeys).where(eq(passkeys.userId, owner.result.userId))).toEqual([]);

    const { device } = await register(cookie);
    const refused = await signInWith(device, { userVerified: false });
    expect(refused.status).toBe(401);
    expect(refused.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`) && !/max-age=0/i.test(c))).toBe(false);
    expect(await audited('auth.signed_in', owner.result.userId)).toEqual([]);
  });

  it("removal needs a recent re-authentication; another person's passkey cannot be removed; removal is audited", async () => {
    const a = await signUpOwner(t.database, auth);
    const b = await signUpOwner(t.database, auth);
    const aCookie = cookieHeader(a.setCookies);
    const bCookie = cookieHeader(b.setCookies);
    const aKey = (await (await register(aCookie)).response.json()) as { id: string };
    const bKey = (await (await register(bCookie)).response.json()) as { id: string };

    // B (recently signed in) cannot remove A's passkey: refused, nothing changed.
    const foreign = await authRequest(auth, '/passkey/delete-passkey', { body: { id: aKey.id }, cookie: bCookie });
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(await t.database.db.select().from(passkeys).where(eq(passkeys.id, aKey.id))).toHaveLength(1);
    expect(await audited('auth.passkey.removed', b.result.userId)).toEqual([]);

    // A with an old session: re-authentication first.
    const { sessionId } = await sessionOf(auth, aCookie);
    await ageSession(t.database, sessionId, 10);
    const stale = await authRequest(auth, '/passkey/delete-passkey', { body: { id: aKey.id }, cookie: aCookie });
    expect(stale.status).toBe(403);
    expect(await t.database.db.select().from(passkeys).where(eq(passkeys.id, aKey.id))).toHaveLength(1);

    const removed = await authRequest(auth, '/passkey/delete-passkey', { body: { id: bKey.id }, cookie: bCookie });
    expect(removed.status).toBe(200);
    expect(await t.database.db.select().from(passkeys).where(eq(passkeys.id, bKey.id))).toEqual([]);
    expect(await audited('auth.passkey.removed', b.result.userId)).toEqual([{ target_id: bKey.id, method: null, practice_id: null }]);
  });

  it('the app role cannot read passkeys (credentials stay with better-auth on the owner connection)', async () => {
    const owner = await signUpOwner(t.database, auth);
    const reason = await rejectionReason(
      withActor(t.database, { userId: owner.result.userId, practiceIds: [owner.result.practiceId] }, (tx) =>
        tx.execute(sql`select * from passkeys`),
      ),
    );
    expect(reason).toMatch(/permission denied/);
  });
});
