// Whether this phone holds a session, mirrored outside IndexedDB so that the first screen can
// choose between sign-in and the app before Dexie has loaded (a signed-out phone shows the
// sign-in form at once). IndexedDB stays the truth: the shell rewrites the mirror from every
// answer of the stored session, and a wrong mirror costs one re-render, never access.
const KEY = 'kizuki.signedIn';

/**
 * False when the phone signed out last, or never signed in here (a fresh phone, or the first
 * start of this version after an update: then a kept session replaces the sign-in form as soon
 * as IndexedDB answers). True when storage is unreadable: the shell waits for IndexedDB.
 */
export function mayHoldSession(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return true;
  }
}

export function rememberHoldsSession(holds: boolean): void {
  try {
    localStorage.setItem(KEY, holds ? '1' : '0');
  } catch {
    // Storage refused (private mode): the shell waits for IndexedDB on every start instead.
  }
}
