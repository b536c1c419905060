// Web Push subscriptions: one row per browser endpoint, owned by whoever subscribed last from
// that browser. Who gets a push is decided at send time: a station's nurses for a new
// consultation, the carer who asked for a nurse's answer (enabled accounts only).
import type { PushSubscriptionInput } from '../../shared/push.js';
import type { Db } from './db.js';
import { sql } from './sql.js';

export interface PushSubscriptionRow {
  endpoint: string;
  user_id: string;
  org_id: string;
  p256dh: string;
  auth: string;
  /** The UI language the phone subscribed with (BCP 47), or null when it did not say. */
  lang: string | null;
  created_at: string;
}

/**
 * Stores or re-owns a subscription; true when the endpoint was new. 'signed-out' when the owner
 * has no session left: ending all of a person's sessions deletes their subscriptions
 * (deleteSessionsOf), and a subscription arriving on a session ended meanwhile must not survive
 * it — the check and the write are one transaction, and on PostgreSQL the session row read stays
 * locked until the commit, so the ending waits for it and then deletes what it wrote.
 */
export async function savePushSubscription(
  db: Db,
  s: PushSubscriptionInput,
  owner: { userId: string; orgId: string },
  now: string,
): Promise<boolean | 'signed-out'> {
  return db.transaction(async () => {
    const live = await sql(db, `SELECT 1 AS one FROM sessions WHERE user_id = ? LIMIT 1${db.engine === 'postgres' ? ' FOR SHARE' : ''}`).get(owner.userId);
    if (!live) return 'signed-out' as const;
    const existed = !!await sql(db, 'SELECT 1 FROM push_subscriptions WHERE endpoint = ?').get(s.endpoint);
    await sql(
      db,
      `INSERT INTO push_subscriptions (endpoint, user_id, org_id, p256dh, auth, created_at, lang)
       VALUES (@endpoint, @userId, @orgId, @p256dh, @auth, @now, @lang)
       ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, org_id = excluded.org_id,
         p256dh = excluded.p256dh, auth = excluded.auth, lang = excluded.lang`,
    ).run({
      endpoint: s.endpoint,
      userId: owner.userId,
      orgId: owner.orgId,
      p256dh: s.keys.p256dh,
      auth: s.keys.auth,
      now,
      lang: s.lang ?? null,
    });
    return !existed;
  });
}

export async function deletePushSubscription(db: Db, endpoint: string): Promise<void> {
  await sql(db, 'DELETE FROM push_subscriptions WHERE endpoint = ?').run(endpoint);
}

/** Every subscription one person made (their sessions were all ended). */
export async function deletePushSubscriptionsOf(db: Db, userId: string): Promise<void> {
  await sql(db, 'DELETE FROM push_subscriptions WHERE user_id = ?').run(userId);
}

/** The subscriptions of the nurses (enabled accounts) of an organization. */
export async function nurseSubscriptionsOf(db: Db, orgId: string): Promise<PushSubscriptionRow[]> {
  return await sql(
    db,
    `SELECT s.endpoint, s.user_id, s.org_id, s.p256dh, s.auth, s.lang, s.created_at
     FROM push_subscriptions s JOIN users u ON u.id = s.user_id
     WHERE u.org_id = @org AND s.org_id = @org AND u.role = 'nurse' AND u.disabled = 0`,
  ).all({ org: orgId }) as PushSubscriptionRow[];
}

/** The subscriptions of one person (an enabled account), on phones they subscribed in their organization. */
export async function userSubscriptionsOf(db: Db, userId: string): Promise<PushSubscriptionRow[]> {
  return await sql(
    db,
    `SELECT s.endpoint, s.user_id, s.org_id, s.p256dh, s.auth, s.lang, s.created_at
     FROM push_subscriptions s JOIN users u ON u.id = s.user_id
     WHERE u.id = @user AND s.org_id = u.org_id AND u.disabled = 0`,
  ).all({ user: userId }) as PushSubscriptionRow[];
}
