// Dexie's class, from a database, for modules that must not import 'dexie' themselves: that
// would load it with the module, and a test's fake IndexedDB must be in place before Dexie loads
// (it looks for IndexedDB then).
import type { Dexie } from 'dexie';
import type { KizukiDb } from './db.js';

export function dexieOf(db: KizukiDb): typeof Dexie {
  return db.constructor as typeof Dexie;
}
