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
} from '../../shared/schemas.js';
import { mayManageClient, relationToClient } from '../access.js';
import { auditFor } from '../audit.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { hashPassword } from '../passwords.js';
import { createStaff, deleteSessionsOf, getStaff, getStaffRow, listStaff, loginIdTaken, setCareTeam, setPassword, updateStaff, upsertClient } from '../store/admin.js';
import { getClient, getClientRow, getOrganization, listClientsFor } from '../store/directory.js';

const invalid = (issues: Parameters<typeof issuesToErrors>[0]) => problem(400, '入力内容に誤りがあります。', issuesToErrors(issues));

export function adminRoutes() {
  const r = new Hono<AppEnv>();

  r.use('*', async (c, next) => {
    if (c.get('actor').role !== 'admin') return problem(403, '管理者だけが使える機能です。');
    return next();
  });

  r.get('/users', (c) => json(c, listStaff(c.get('db'), c.get('actor').orgId)));

  r.put('/users/:id', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    if (!IdSchema.safeParse(id).success) return problem(400, 'id must be a UUID.', [{ path: 'id', message: 'UUID ではありません' }]);
    const existing = getStaffRow(db, id);
    if (existing && existing.org_id !== actor.orgId) return problem(404, 'この職員は見つかりません。');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = StaffInputSchema.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error.issues);
    const input = parsed.data;
    if (loginIdTaken(db, input.loginId, id)) {
      return problem(409, 'このログインIDは使われています。', [{ path: 'loginId', message: '使われています' }]);
    }
    if (existing && existing.id === actor.id && (input.disabled || input.role !== 'admin')) {
      return problem(400, '自分自身を無効にしたり、管理者でなくしたりはできません。', [{ path: 'role', message: '自分自身は変更できません' }]);
    }
    if (!existing && !input.password) {
      return problem(400, '仮のパスワードを入力してください。', [{ path: 'password', message: '必須です' }]);
    }
    const hash = input.password ? await hashPassword(input.password) : null;
    const now = c.get('now')().toISOString();
    db.transaction(() => {
      if (existing) updateStaff(db, id, input, hash);
      else createStaff(db, id, actor.orgId, input, hash ?? '', now);
    })();
    return json(c, getStaff(db, id), existing ? 200 : 201);
  });

  r.post('/users/:id/password', async (c) => {
    const db = c.get('db');
    const existing = getStaffRow(db, c.req.param('id'));
    if (!existing || existing.org_id !== c.get('actor').orgId) return problem(404, 'この職員は見つかりません。');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = PasswordResetSchema.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error.issues);
    const hash = await hashPassword(parsed.data.password);
    db.transaction(() => {
      setPassword(db, existing.id, hash, true);
      deleteSessionsOf(db, existing.id);
    })();
    return json(c, getStaff(db, existing.id));
  });

  r.get('/clients', (c) => {
    const db = c.get('db');
    return json(c, listClientsFor(db, c.get('actor').orgId).filter((x) => x.ownerOrgId === c.get('actor').orgId));
  });

  r.put('/clients/:id', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    if (!IdSchema.safeParse(id).success) return problem(400, 'id must be a UUID.', [{ path: 'id', message: 'UUID ではありません' }]);
    const existing = getClientRow(db, id);
    if (existing) {
      const relation = relationToClient(db, actor, id);
      if (relation === 'none') return problem(404, 'この利用者は見つかりません。');
      if (!mayManageClient(actor, relation)) return problem(403, '利用者を登録・変更できるのは、登録した事業所の管理者です。');
    }
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = ClientRegistrationSchema.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error.issues);
    db.transaction(() => upsertClient(db, id, actor.orgId, parsed.data, c.get('now')().toISOString()))();
    return json(c, getClient(db, id), existing ? 200 : 201);
  });

  r.put('/clients/:id/stations', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = c.req.param('id');
    const relation = IdSchema.safeParse(id).success ? relationToClient(db, actor, id) : 'none';
    if (relation === 'none') return problem(404, 'この利用者は見つかりません。');
    if (!mayManageClient(actor, relation)) return problem(403, '担当ステーションを設定できるのは、利用者を登録した事業所の管理者です。');
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = CareTeamSchema.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error.issues);
    const bad = parsed.data.stationIds.flatMap((s, i) => {
      const org = getOrganization(db, s);
      return org && CONSULTABLE_KINDS.includes(org.kind) ? [] : [{ path: `stationIds.${i}`, message: '訪問看護ステーションではありません' }];
    });
    if (bad.length) return problem(400, '入力内容に誤りがあります。', bad);
    db.transaction(() => setCareTeam(db, id, parsed.data.stationIds, c.get('now')().toISOString()))();
    return json(c, getClient(db, id));
  });

  r.get('/audit', (c) => {
    const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 200) || 200));
    return json(c, auditFor(c.get('db'), c.get('actor').orgId, limit));
  });

  return r;
}
