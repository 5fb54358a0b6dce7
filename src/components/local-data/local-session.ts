'use client';

import type { Query, QueryClient } from '@tanstack/react-query';

import { browserDeviceLabel, browserKeyring } from '@/lib/local/browser-keyring';
import { connectLocalDatabase, wipeLocalDatabase, type LocalDatabase, type LocalSyncStatus } from '@/lib/local/browser/local-database';
import { DeviceRevokedError, isSharedDevice, offlineUnlockOf, passkeyCopiesOf, type DeviceRecord, type UnlockedDevice } from '@/lib/local/device-keyring';
import { DeviceServerError } from '@/lib/local/fetch-device-server';
import { KeyUnwrapError } from '@/lib/local/key-wrap';
import { browserPasskeyUnlock } from '@/lib/local/passkey-browser';
import { PasskeyUnlockError } from '@/lib/local/passkey-unlock';
import { clearOfflinePages } from '@/lib/pwa/offline-pages';

import { revokeDevice } from './devices-api';
import type { LocalDataState, LockReason, PasskeyUnlockOutcome, RemoveDeviceOutcome, SignOutOptions, SignOutOutcome, UnlockOutcome } from './local-data-context';
import { isAllSynced, unsyncedWorkOf } from './unsynced-work';
import { tablesOfQuery } from './use-local-query';

/*
 * The life of this page's hold on the device database (issue #6 §3, §5), apart from React so the
 * transitions read in one place: open online through the keyring; locked when that fails for want
 * of a network (the password opens it, and the network coming back opens it without asking); the
 * key dropped at the idle timeout and at sign-out; a shared device wiped at sign-out once all its
 * work is on the server; a revoked device wiped whenever the server says so.
 *
 * Transitions run one at a time (an unlock typed while the network returns, a sign-out during an
 * open), so the page never holds two connections or drops one it has just been handed.
 *
 * Dropping the key: the hex key lives in the worker and the tab coordinator of an open database and
 * in nothing else this page keeps. Closing the database ends both, and the session forgets the
 * LocalDatabase handle, the query cache forgets every row and every query function that closed
 * over the handle. JavaScript cannot overwrite a string in place; unreachable is the best it has.
 */

const failureOf = (error: unknown): Extract<LocalDataState, { kind: 'failed' }>['reason'] => {
  if (error instanceof DeviceServerError && error.code === 'UNAUTHENTICATED') {
    return 'signed_out';
  }
  if (error instanceof TypeError || !navigator.onLine) {
    // fetch rejects with a TypeError when there is no network.
    return 'offline';
  }
  return 'unavailable';
};

/** Ends the session on the server; false when the server could not be reached (offline). */
const signOutOnServer = async (everywhere: boolean): Promise<boolean> => {
  try {
    if (everywhere) {
      await fetch('/api/v1/session/sign-out-everywhere', { method: 'POST' });
    } else {
      // better-auth's sign-out endpoint, called directly: its browser client would add ~30 kB to
      // every page's first load (DESIGN §8) for this one call. Any answer, even a 401 (the session
      // had already ended), means signed out; fetch rejects only when no answer came.
      await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    }
    return true;
  } catch {
    return false;
  }
};

/** The locked state for `reason`, with what this browser's record offers to open it. */
const locked = (reason: LockReason, record: DeviceRecord | null): LocalDataState => ({
  kind: 'locked',
  reason,
  offlineUnlock: offlineUnlockOf(record),
  passkeyUnlock: passkeyCopiesOf(record).length > 0,
});

// A full page load rather than a client-side navigation: it drops every in-memory copy of what was
// on screen (router cache, component state), which may include patient data.
const leaveTo = (path: string) => window.location.assign(path);

type LocalSessionOptions = {
  userId: string;
  queryClient: QueryClient;
  onState: (state: LocalDataState) => void;
  onSyncStatus: (status: LocalSyncStatus | null) => void;
  /** The key left this page: components holding data from the database should start afresh. */
  onKeyDropped: () => void;
};

export class LocalSession {
  private state: LocalDataState = { kind: 'opening' };
  private db: LocalDatabase | null = null;
  private unsubscribe: (() => void)[] = [];
  private stopped = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LocalSessionOptions) {}

  start(): void {
    window.addEventListener('online', this.onOnline);
    void this.serially(() => this.openOnline({ retry: false }));
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    void this.detach()?.close();
  }

  unlock(password: string): Promise<UnlockOutcome> {
    return this.serially(async () => {
      if (this.state.kind !== 'locked') {
        // Opened meanwhile (the network came back): nothing left to unlock.
        return { kind: 'unlocked' };
      }
      const keyring = browserKeyring();
      let device: UnlockedDevice | null;
      try {
        device = await keyring.unlockOffline({ userId: this.options.userId, password });
      } catch (error) {
        if (!(error instanceof KeyUnwrapError)) {
          return { kind: 'error' };
        }
        // The same error for a record with no password copy: only a wrong password counts as one.
        const offline = offlineUnlockOf(await keyring.record(this.options.userId).catch(() => null));
        return offline === 'password' ? { kind: 'wrong_password' } : { kind: 'unavailable' };
      }
      if (device === null) {
        return { kind: 'unavailable' };
      }
      await this.connect(device);
      return { kind: 'unlocked' };
    });
  }

  /** Offline unlock with a passkey: the authenticator's PRF output opens this device's passkey copy. */
  unlockWithPasskey(): Promise<PasskeyUnlockOutcome> {
    return this.serially(async () => {
      if (this.state.kind !== 'locked') {
        return { kind: 'unlocked' };
      }
      let device: UnlockedDevice;
      try {
        device = await browserPasskeyUnlock().unlockOffline({ userId: this.options.userId });
      } catch (error) {
        return error instanceof PasskeyUnlockError ? { kind: 'failed', reason: error.reason } : { kind: 'error' };
      }
      await this.connect(device);
      return { kind: 'unlocked' };
    });
  }

  signOut({ everywhere = false, keepUnsynced = false }: SignOutOptions = {}, idle = false): Promise<SignOutOutcome> {
    return this.serially(async () => {
      const keyring = browserKeyring();
      const record = await keyring.record(this.options.userId).catch(() => null);
      let wipe = false;
      if (isSharedDevice(record)) {
        const work = await unsyncedWorkOf(this.db);
        const synced = isAllSynced(work);
        // Offline work is never lost: with anything not on the server, the person chooses (nobody
        // is there to choose at the idle timeout: it stays, encrypted).
        if (!synced && !keepUnsynced && !idle) {
          return { kind: 'unsynced', work };
        }
        wipe = synced;
      }
      const db = this.detach();
      this.setState(locked(idle ? 'idle' : 'signing_out', record));
      this.forgetRows();
      if (db !== null) {
        this.options.onKeyDropped();
      }
      if (wipe && db !== null) {
        await this.wipeDevice(db);
      } else {
        await db?.close();
      }
      await clearOfflinePages().catch(() => undefined);
      if (await signOutOnServer(everywhere)) {
        return { kind: 'signed_out' };
      }
      this.setState(await this.lockedState(idle ? 'idle' : 'signed_out_offline'));
      return { kind: 'offline' };
    });
  }

  async lockForIdle(): Promise<void> {
    if ((await this.signOut({}, true)).kind === 'signed_out') {
      leaveTo('/sign-in?reason=idle');
    }
  }

  /**
   * "Remove this browser's data" (account security page): under the same rule as the shared-computer
   * sign-out (nothing unsynced is deleted: pending changes get a chance to sync, then anything left
   * is answered, not wiped), revokes this device on the server, deletes its database and record and
   * the offline copies of pages, and signs out of this browser.
   *
   * The revocation comes first and must succeed (otherwise nothing changes): once the server has it,
   * the device secret opens nothing, and should the local wipe fail the record stays so that the next
   * open of the app meets DEVICE_REVOKED and wipes the file then — never an orphan nobody can remove.
   * Signing out (rather than reloading into a fresh device) is deliberate: the person asked for the
   * data to be gone from this browser, and a session left open would download it all again on the
   * next page load, e.g. by whoever uses this computer next. Signing in again starts a new device.
   */
  removeThisDevice(): Promise<RemoveDeviceOutcome> {
    return this.serially(async () => {
      const record = await browserKeyring()
        .record(this.options.userId)
        .catch(() => null);
      if (record === null) {
        return { kind: 'failed', message: "This browser's device could not be found. Reload the page and try again." };
      }
      const work = await unsyncedWorkOf(this.db);
      if (!isAllSynced(work)) {
        return { kind: 'unsynced', work };
      }
      const revoked = await revokeDevice(record.deviceId);
      if (!revoked.ok) {
        return { kind: 'failed', message: revoked.error.message };
      }
      const db = this.detach();
      this.setState(locked('signing_out', record));
      this.forgetRows();
      if (db !== null) {
        this.options.onKeyDropped();
        await this.wipeDevice(db);
      }
      await clearOfflinePages().catch(() => undefined);
      if (await signOutOnServer(false)) {
        return { kind: 'removed', signedOut: true };
      }
      this.setState(await this.lockedState('signed_out_offline'));
      return { kind: 'removed', signedOut: false };
    });
  }

  private readonly onOnline = () => {
    const { state } = this;
    if (state.kind !== 'locked') {
      return;
    }
    switch (state.reason) {
      case 'offline':
        // Opened offline: now the server can unlock it, and nobody needs to type a password.
        void this.serially(() => this.openOnline({ retry: true }));
        return;
      case 'idle':
      case 'signed_out_offline':
        // The sign-out the server has not heard of yet.
        void signOutOnServer(false).then((reached) => {
          if (reached && !this.stopped && this.state.kind === 'locked') {
            leaveTo(state.reason === 'idle' ? '/sign-in?reason=idle' : '/sign-in');
          }
        });
        return;
      case 'signing_out':
        return;
    }
  };

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private setState(state: LocalDataState): void {
    this.state = state;
    if (!this.stopped) {
      this.options.onState(state);
    }
  }

  private async lockedState(reason: LockReason): Promise<LocalDataState> {
    const record = await browserKeyring()
      .record(this.options.userId)
      .catch(() => null);
    return locked(reason, record);
  }

  /** No row and no query function holding the old handle stays in memory. */
  private forgetRows(): void {
    this.options.queryClient.clear();
    this.options.onSyncStatus(null);
  }

  /** Stops listening to the open database and forgets it; answers it for the caller to close or wipe. */
  private detach(): LocalDatabase | null {
    const { db } = this;
    this.db = null;
    for (const stop of this.unsubscribe) {
      stop();
    }
    this.unsubscribe = [];
    return db;
  }

  private async openOnline({ retry }: { retry: boolean }): Promise<void> {
    if (this.stopped || this.state.kind === 'ready') {
      return;
    }
    let device: UnlockedDevice;
    try {
      ({ device } = await browserKeyring().openOnline({ userId: this.options.userId, label: browserDeviceLabel() }));
    } catch (error) {
      if (this.stopped) {
        return;
      }
      if (error instanceof DeviceRevokedError) {
        // The keyring already forgot the device; its file goes too.
        await this.revoked(() => wipeLocalDatabase({ fileName: error.record.fileName }));
        return;
      }
      const reason = failureOf(error);
      if (reason === 'offline') {
        if (!retry) {
          this.setState(await this.lockedState('offline'));
        }
        return;
      }
      // A retry that meets a failing server keeps the unlock screen: the password still works.
      if (!retry || reason === 'signed_out') {
        this.setState({ kind: 'failed', reason });
      }
      return;
    }
    await this.connect(device);
  }

  private async connect(device: UnlockedDevice): Promise<void> {
    const { userId, queryClient } = this.options;
    let opened: LocalDatabase;
    try {
      // The device id is the replica's sync client id: revoking the device stops its sync.
      opened = await connectLocalDatabase({ fileName: device.fileName, key: device.keyHex, sync: { userId, clientId: device.deviceId } });
    } catch {
      this.setState({ kind: 'failed', reason: 'unavailable' });
      return;
    }
    if (this.stopped) {
      await opened.close();
      return;
    }
    this.db = opened;
    let wiping = false;
    let statusSeen = false;
    this.unsubscribe.push(
      opened.onTablesChanged((tables) => {
        void queryClient.invalidateQueries({ predicate: (query: Query) => tablesOfQuery(query).some((table) => tables.includes(table)) });
      }),
      opened.onSyncStatus((status) => {
        statusSeen = true;
        this.options.onSyncStatus(status);
        if (status.error?.kind === 'revoked' && !wiping) {
          wiping = true;
          // Unless the page let go of this database meanwhile (a removal that revoked it itself, a
          // sign-out): whoever detached it also wiped or closed it.
          void this.serially(() => (this.db === opened ? this.revoked(() => opened.wipe()) : Promise.resolve()));
        }
      }),
    );
    this.setState({ kind: 'ready', db: opened });
    // Later statuses arrive through onSyncStatus; a failure here shows as no status until then.
    const status = await opened.getSyncStatus().catch(() => null);
    if (status !== null && !statusSeen && this.db === opened) {
      this.options.onSyncStatus(status);
    }
  }

  private async revoked(wipe: () => Promise<void>): Promise<void> {
    this.detach();
    try {
      await wipe();
    } finally {
      await browserKeyring().forget(this.options.userId);
      this.options.queryClient.clear();
      this.setState({ kind: 'revoked' });
    }
  }

  /**
   * Deletes the device's database (every tab's hold on it, OPFS file and IndexedDB copy) and its
   * record (shared-computer sign-out, removal). A wipe that fails keeps the record, so the encrypted
   * file stays openable and the next sign-out tries again (a removed device: the next open meets the
   * revocation and wipes it), rather than leaving an orphan nobody can remove.
   */
  private async wipeDevice(db: LocalDatabase): Promise<void> {
    try {
      await db.wipe();
    } catch {
      return;
    }
    await browserKeyring().forget(this.options.userId);
  }
}
