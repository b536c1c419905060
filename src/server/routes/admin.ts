// Administration of one's own organization: staff accounts, clients and their care teams, and
// the audit log. Admins only; everything else answers 403.
import { Hono } from 'hono';
import { CONSULTABLE_KINDS } from '../../shared/codes.js';
import {
  CareTeamSchema,
  ClientRegistrationSchema,
  IdSchema,
  PasswordResetSchema,
  StaffInputSchema,
  issuesToErrors,
  type StaffInput,
} from '../../shared/schemas.js';
import { mayManageClient, relationToClient, type Actor } from '../access.js';
import { auditFor } from '../audit.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { hashPassword } from '../passwords.js';
import {
  countEnabledAdmins,
  createStaff,
  deleteSessionsOf,
  getStaff,
  getStaffRow,
  isConstraintError,
  listStaff,
  loginIdTaken,
  setCareTeam,
  setPassword,
  updateStaff,
  upsertClient,
  type StaffRow,
} from '../store/admin.js';
import type { Db } from '../store/db.js';
import { deletePasskeysOf } from '../store/passkeys.js';
import { getClient, getClientRow, getOrganization, listClientsFor } from '../store/directory.js';

const STAFF_NOT_FOUND = 'この職員は見つかりません。';
const CLIENT_NOT_FOUND = 'この利用者は見つかりません。';

const invalid = (issues: Parameters<typeof issuesToErrors>[0]) => problem(400, '入力内容に誤りがあります。', issuesToErrors(issues));

/**
 * Runs one admin write as a single IMMEDIATE transaction: its checks and its write see the same
 * database. A unique or primary-key constraint that still trips (a write that raced past the
 * checks) is a conflict, 409 — never a 500. A refusal returned by `op` rolls nothing back
 * because nothing was written before it.
 */
async function writeOnce(db: Db, op: () => Promise<Response>): Promise<Response> {
  try {
    return await db.transaction(op);
  } catch (err) {
    if (isConstraintError(err)) return problem(409, '同じ内容がすでに登録されています。画面を読み込み直してください。');
    throw err;
  }
}

/** 404 for a client the actor cannot see, 403 for one it may see but not manage; null when allowed or new. */
async function clientRefusal(db: Db, actor: Actor, id: string, mustExist = false): Promise<Response | null> {
  if (!mustExist && !await getClientRow(db, id)) return null;
  const relation = await relationToClient(db, actor, id);
  if (relation === 'none') return problem(404, CLIENT_NOT_FOUND);
  if (!mayManageClient(actor, relation)) {
    return problem(403, '利用者や担当ステーションを登録・変更できるのは、利用者を登録した事業所の管理者です。');
  }
  return null;
}

/**
 * An organization must keep an enabled admin who can sign in: nobody disables or demotes
 * themselves, nor the last enabled admin (two admins demoting each other at once: the second
 * is refused, because this runs inside the write's transaction).
 */
async function lockOutRefusal(db: Db, actorId: string, existing: StaffRow, input: StaffInput): Promise<Response | null> {
  const losesAdmin = input.disabled === true || input.role !== 'admin';
  if (existing.role !== 'admin' || existing.disabled || !losesAdmin) return null;
  const path = input.disabled ? 'disabled' : 'role';
  if (existing.id === actorId) {
    return problem(409, '自分自身を無効にしたり、管理者でなくしたりはできません。ほかの管理者に依頼してください。', [
      { path, message: '自分自身は変更できません' },
    ]);
  }
  if (await countEnabledAdmins(db, existing.org_id, existing.id) === 0) {
    return problem(409, 'この事業所の最後の管理者です。先にほかの職員を管理者にしてください。', [
      { path, message: '最後の管理者は変更できません' },
    ]);
  }
  return null;
}

export function adminRoutes() {
  const r = new Hono<AppEnv>();

  r.use('*', async (c, next) => {
    if (c.get('actor').role !== 'admin') return problem(403, '管理者だけが使える機能です。');
    return next();
  });

  r.get('/users', async (c) => json(c, await listStaff(c.get('db'), c.get('actor').orgId)));

  r.put('/users/:id', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    if (!IdSchema.safeParse(id).success) return problem(400, 'id が UUID ではありません。', [{ path: 'id', message: 'UUID ではありません' }]);
    const before = await getStaffRow(db, id);
    if (before && before.org_id !== actor.orgId) return problem(404, STAFF_NOT_FOUND);
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = StaffInputSchema.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error.issues);
    const input = parsed.data;
    if (!before && !input.password) {
      return problem(400, '仮のパスワードを入力してください。', [{ path: 'password', message: '必須です' }]);
    }
    const hash = input.password ? await hashPassword(input.password) : null;
    const now = c.get('now')().toISOString();
    // Everything read before the awaits may have changed: decide again inside the write.
    return writeOnce(db, async () => {
      const existing = await getStaffRow(db, id);
      if (existing && existing.org_id !== actor.orgId) return problem(404, STAFF_NOT_FOUND);
      if (await loginIdTaken(db, input.loginId, id)) {
        return problem(409, 'このログインIDは使われています。', [{ path: 'loginId', message: '使われています' }]);
      }
      if (existing) {
        const refusal = await lockOutRefusal(db, actor.id, existing, input);
        if (refusal) return refusal;
        await updateStaff(db, id, input, hash);
      } else if (hash) {
        await createStaff(db, id, actor.orgId, input, hash, now);
      } else {
        return problem(400, '仮のパスワードを入力してください。', [{ path: 'password', message: '必須です' }]);
      }
      return json(c, await getStaff(db, id), existing ? 200 : 201);
    });
  });

  r.post('/users/:id/password', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const before = await getStaffRow(db, id);
    if (!before || before.org_id !== actor.orgId) return problem(404, STAFF_NOT_FOUND);
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = PasswordResetSchema.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error.issues);
    const hash = await hashPassword(parsed.data.password);
    return writeOnce(db, async () => {
      const existing = await getStaffRow(db, id);
      if (!existing || existing.org_id !== actor.orgId) return problem(404, STAFF_NOT_FOUND);
      await setPassword(db, existing.id, hash, true);
      await deleteSessionsOf(db, existing.id);
      return json(c, await getStaff(db, existing.id));
    });
  });

  // Recovery of a lost phone or passkey: an admin of the same organization removes the
  // person's passkeys (they sign in with their password and register a new one). Audited like
  // every admin request ("admin.users.passkeys", naming the staff member). Their sessions end
  // too (the lost phone's among them), so the second-factor requirement starts over: where it
  // applies, their next password sign-in can only register a new passkey (second-factor.ts).
  r.delete('/users/:id/passkeys', async (c) => {
    const db = c.get('db');
    const existing = await getStaffRow(db, c.req.param('id'));
    if (!existing || existing.org_id !== c.get('actor').orgId) return problem(404, STAFF_NOT_FOUND);
    const removed = await db.transaction(async () => {
      await deleteSessionsOf(db, existing.id);
      return deletePasskeysOf(db, existing.id);
    });
    return json(c, { removed });
  });

  r.get('/clients', async (c) => {
    const db = c.get('db');
    return json(c, (await listClientsFor(db, c.get('actor').orgId)).filter((x) => x.ownerOrgId === c.get('actor').orgId));
  });

  r.put('/clients/:id', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    if (!IdSchema.safeParse(id).success) return problem(400, 'id が UUID ではありません。', [{ path: 'id', message: 'UUID ではありません' }]);
    const early = await clientRefusal(db, actor, id);
    if (early) return early;
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = ClientRegistrationSchema.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error.issues);
    return writeOnce(db, async () => {
      // Another organization may have registered this id while the body was read.
      const refusal = await clientRefusal(db, actor, id);
      if (refusal) return refusal;
      const existed = !!await getClientRow(db, id);
      // The upsert itself refuses to touch another owner's row (changes 0 rows): a second line
      // of defence behind the check above.
      if (!await upsertClient(db, id, actor.orgId, parsed.data, c.get('now')().toISOString())) return problem(404, CLIENT_NOT_FOUND);
      return json(c, await getClient(db, id), existed ? 200 : 201);
    });
  });

  r.put('/clients/:id/stations', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const early = IdSchema.safeParse(id).success ? await clientRefusal(db, actor, id, true) : problem(404, CLIENT_NOT_FOUND);
    if (early) return early;
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = CareTeamSchema.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error.issues);
    const bad = (
      await Promise.all(
        parsed.data.stationIds.map(async (s, i) => {
      const org = await getOrganization(db, s);
      return org && CONSULTABLE_KINDS.includes(org.kind) ? [] : [{ path: `stationIds.${i}`, message: '訪問看護ステーションではありません' }];
        }),
      )
    ).flat();
    if (bad.length) return problem(400, '入力内容に誤りがあります。', bad);
    return writeOnce(db, async () => {
      const refusal = await clientRefusal(db, actor, id, true);
      if (refusal) return refusal;
      await setCareTeam(db, id, parsed.data.stationIds, c.get('now')().toISOString());
      return json(c, await getClient(db, id));
    });
  });

  r.get('/audit', async (c) => {
    const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 200) || 200));
    return json(c, await auditFor(c.get('db'), c.get('actor').orgId, limit));
  });

  return r;
}
