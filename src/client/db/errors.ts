// IndexedDB failures a person can act on, in plain Japanese, and the one we retry ourselves.
import { Dexie } from 'dexie';
import type { KizukiDb } from './db.js';

export class StorageProblem extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'StorageProblem';
  }
}

const QUOTA_MESSAGE =
  '端末の空き容量が足りないため、保存できませんでした。入力した内容はこの画面に残っています。' +
  '不要な写真やアプリを削除して空きを作ってから、もう一度「保存」を押してください。';

function isQuota(err: unknown): boolean {
  return err instanceof Error && (err.name === 'QuotaExceededError' || (err as { inner?: Error }).inner?.name === 'QuotaExceededError');
}

/**
 * Runs a database operation; when iOS closed the database while the app was in the background
 * ("database closed"), reopens it and tries once more. Quota errors become a StorageProblem.
 */
export async function withDb<T>(db: KizukiDb, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof Dexie.DatabaseClosedError || (err as Error | undefined)?.name === 'InvalidStateError') {
      if (!db.isOpen()) await db.open();
      try {
        return await op();
      } catch (again) {
        if (isQuota(again)) throw new StorageProblem(QUOTA_MESSAGE, again);
        throw again;
      }
    }
    if (isQuota(err)) throw new StorageProblem(QUOTA_MESSAGE, err);
    throw err;
  }
}
