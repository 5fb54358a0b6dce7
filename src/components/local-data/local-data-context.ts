'use client';

import { createContext, useContext } from 'react';

import type { LocalDatabase, LocalSyncStatus } from '@/lib/local/browser/local-database';
import type { OfflineUnlock } from '@/lib/local/device-keyring';
import type { PasskeyUnlockFailure } from '@/lib/local/passkey-unlock';

/**
 * Why the device database is locked (its key is not in this page's memory):
 * - `offline`: the page opened without a network, so the server could not unlock it;
 * - `idle`: the idle timeout passed (the sign-out could not reach the server yet);
 * - `signing_out`: a sign-out is closing (or wiping) it;
 * - `signed_out_offline`: the person signed out while offline; the server hears of it when the
 *   network returns.
 */
export type LockReason = 'offline' | 'idle' | 'signing_out' | 'signed_out_offline';

/** Where the device database is, as the screens see it. */
export type LocalDataState =
  | { kind: 'opening' }
  | { kind: 'ready'; db: LocalDatabase }
  /**
   * Not open: the password (offline unlock) opens it, where `offlineUnlock` says this browser can;
   * `passkeyUnlock`: a passkey copy of the key is here too (a passkey opens it).
   */
  | { kind: 'locked'; reason: LockReason; offlineUnlock: OfflineUnlock; passkeyUnlock: boolean }
  /** The server revoked this device: its database was wiped. */
  | { kind: 'revoked' }
  /** It could not be opened; `reason` picks what to tell the person. */
  | { kind: 'failed'; reason: 'offline' | 'signed_out' | 'unavailable' };

/** The answer to an offline unlock attempt. */
export type UnlockOutcome =
  | { kind: 'unlocked' }
  /** The password does not open this device's copy of the key. */
  | { kind: 'wrong_password' }
  /** This browser has no password copy of the key (or no device) for the person. */
  | { kind: 'unavailable' }
  /** Something else failed (the browser's storage); nothing was counted against the person. */
  | { kind: 'error' };

/** The answer to an offline unlock attempt with a passkey. */
export type PasskeyUnlockOutcome =
  | { kind: 'unlocked' }
  /** Cancelled, no PRF result, a passkey that does not open this device, none set up here. */
  | { kind: 'failed'; reason: PasskeyUnlockFailure }
  /** Something else failed (the browser's storage). */
  | { kind: 'error' };

/** Work on this device that a wipe would destroy: not yet on the server, or refused by it and awaiting review. */
export type UnsyncedWork = { pending: number; rejected: number } | 'unknown';

/** What a sign-out did. */
export type SignOutOutcome =
  /** Signed out on the server too: the caller leaves for the sign-in page. */
  | { kind: 'signed_out' }
  /** The server could not be reached: the data is locked, and the sign-out completes when the network returns. */
  | { kind: 'offline' }
  /** A shared device with work not on the server: nothing was done, the person chooses. */
  | { kind: 'unsynced'; work: UnsyncedWork };

/** What "Remove this browser's data" did. */
export type RemoveDeviceOutcome =
  /** Revoked, wiped and forgotten; `signedOut` false when the sign-out could not reach the server yet (it completes when the network returns). */
  | { kind: 'removed'; signedOut: boolean }
  /** Work not on the server (or not checkable): nothing was done. */
  | { kind: 'unsynced'; work: UnsyncedWork }
  /** The server could not revoke the device (unreachable, refused): nothing was done. */
  | { kind: 'failed'; message: string };

export type SignOutOptions = {
  /** Ends every session of the person, not only this browser's. */
  everywhere?: boolean;
  /** On a shared device with unsynced work: sign out and keep the (encrypted) data instead of asking. */
  keepUnsynced?: boolean;
};

export type LocalDataContextValue = {
  state: LocalDataState;
  /** The leader's sync status, once known. */
  syncStatus: LocalSyncStatus | null;
  userId: string;
  /** The practice the shell shows (the top bar's), whose data the screens read. */
  practiceId: string | null;
  /** Opens the locked database with the person's password (no server needed). */
  unlock: (password: string) => Promise<UnlockOutcome>;
  /** Opens the locked database with a passkey set up for offline unlock here (WebAuthn PRF). */
  unlockWithPasskey: () => Promise<PasskeyUnlockOutcome>;
  /**
   * The idle timeout passed: drops the key from this page (database closed, cached rows cleared),
   * wipes a shared device whose work is all on the server, and signs out. Online the page then
   * goes to the sign-in page; offline it stays locked.
   */
  lockForIdle: () => Promise<void>;
  /** Signs out of this browser (or everywhere), wiping a shared device first; see SignOutOutcome. */
  signOut: (options?: SignOutOptions) => Promise<SignOutOutcome>;
  /**
   * Deletes this browser's copy of the data once nothing is unsynced: revokes the device on the
   * server, wipes database and record, clears offline pages and signs out; see RemoveDeviceOutcome.
   */
  removeThisDevice: () => Promise<RemoveDeviceOutcome>;
};

export const LocalDataContext = createContext<LocalDataContextValue | null>(null);

export const useLocalData = (): LocalDataContextValue => {
  const value = useContext(LocalDataContext);
  if (value === null) {
    throw new Error('useLocalData outside LocalDataProvider');
  }
  return value;
};
