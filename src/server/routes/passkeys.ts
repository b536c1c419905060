// Passkeys (WebAuthn, @simplewebauthn/server): a signed-in user registers one
// (「パスキーを登録」), anyone signs in with one (「パスキーでログイン」, a discoverable
// credential: no login id typed). The relying party is this site: its ID is the host name of
// the page's Origin, which the CSRF check in app.ts has already matched against Host.
// A nurse or admin whose organization requires a second factor (second-factor.ts) completes a
// password sign-in here too: by registering a first passkey, or by confirming with one
// (/api/passkeys/verify). A passkey sign-in is complete by itself.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { PasskeyCeremonySchema } from '../../shared/schemas.js';
import type { AppEnv } from '../http.js';
import { json, problem, readJson } from '../http.js';
import { mustUseSecondFactor } from '../second-factor.js';
import type { Db } from '../store/db.js';
import { getUser } from '../store/directory.js';
import { getPasskey, insertPasskey, markPasskeyUsed, passkeysOf, saveChallenge, takeChallenge, type PasskeyRow } from '../store/passkeys.js';
import { markSessionSecondFactor } from '../store/second-factor.js';
import { tokenHash } from '../store/sessions.js';
import { SESSION_COOKIE, currentSessionBody, startSession } from './session.js';

const RP_NAME = '気づき';

// The browser's answer is checked by @simplewebauthn; here only its envelope.
const CeremonySchema = PasskeyCeremonySchema;

function relyingParty(c: Context<AppEnv>): { origin: string; rpID: string } | null {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return null;
  try {
    return { origin, rpID: new URL(origin).hostname };
  } catch {
    return null;
  }
}

const noOrigin = () => problem(400, 'パスキーはこのアプリの画面からだけ使えます。');

/** The session of this request (its cookie) now has its second factor. */
async function completeSession(c: Context<AppEnv>, token = getCookie(c, SESSION_COOKIE)): Promise<void> {
  if (token) await markSessionSecondFactor(c.get('db'), tokenHash(token), c.get('now')().toISOString());
}

/** Checks an assertion against a stored passkey and moves its counter; null when it fails. */
async function verifyAssertion(
  c: Context<AppEnv>,
  rp: { origin: string; rpID: string },
  passkey: PasskeyRow,
  response: unknown,
  expectedChallenge: string,
): Promise<{ userVerified: boolean } | null> {
  try {
    const v = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.public_key),
        counter: passkey.counter,
        transports: JSON.parse(passkey.transports ?? '[]') as never,
      },
      requireUserVerification: false,
    });
    if (!v.verified) return null;
    if (!(await markPasskeyUsed(c.get('db'), passkey.id, v.authenticationInfo.newCounter, c.get('now')().toISOString()))) return null;
    return { userVerified: v.authenticationInfo.userVerified };
  } catch {
    return null;
  }
}
const publicList = async (db: Db, userId: string) =>
  (await passkeysOf(db, userId)).map((p) => ({ id: p.id, createdAt: p.created_at, lastUsedAt: p.last_used_at }));

/** Routes under /api/passkeys that need a session. */
/**
 * Options for an assertion and the stored challenge they carry: for a signed-in user's second
 * step (`userId`, their passkeys allowed) or for a sign-in with any of this site's passkeys.
 */
async function assertionChallenge(
  c: Context<AppEnv>,
  rp: { rpID: string },
  userId: string | null,
  allowCredentials: NonNullable<Parameters<typeof generateAuthenticationOptions>[0]['allowCredentials']>,
) {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred', allowCredentials });
  const challengeId = await saveChallenge(c.get('db'), 'login', userId, options.challenge, c.get('now')().getTime());
  return { challengeId, options };
}

export function passkeyRoutes() {
  const r = new Hono<AppEnv>();

  r.get('/', async (c) => json(c, await publicList(c.get('db'), c.get('actor').id)));

  r.post('/register/options', async (c) => {
    const db = c.get('db');
    const rp = relyingParty(c);
    if (!rp) return noOrigin();
    const user = await getUser(db, c.get('actor').id);
    if (!user) return problem(401, 'ログインしてください。');
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: rp.rpID,
      userName: user.login_id,
      userDisplayName: user.name,
      userID: Uint8Array.from(Buffer.from(user.id, 'utf8')),
      attestationType: 'none',
      excludeCredentials: (await passkeysOf(db, user.id)).map((p) => ({ id: p.id })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    const challengeId = await saveChallenge(db, 'register', user.id, options.challenge, c.get('now')().getTime());
    return json(c, { challengeId, options });
  });

  r.post('/register', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const rp = relyingParty(c);
    if (!rp) return noOrigin();
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = CeremonySchema.safeParse(body.value);
    if (!parsed.success) return problem(400, 'パスキーの登録内容が正しくありません。');
    const expectedChallenge = await takeChallenge(db, parsed.data.challengeId, 'register', actor.id, c.get('now')().getTime());
    if (!expectedChallenge) return problem(400, 'パスキーの登録に時間がかかりすぎました。もう一度お試しください。');
    let info;
    try {
      const v = await verifyRegistrationResponse({
        response: parsed.data.response as unknown as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: false,
      });
      if (!v.verified) return problem(400, 'パスキーを確認できませんでした。');
      info = v.registrationInfo;
    } catch {
      return problem(400, 'パスキーを確認できませんでした。');
    }
    const { credential } = info;
    if (await getPasskey(db, credential.id)) return problem(409, 'このパスキーは登録済みです。');
    await insertPasskey(db, {
      id: credential.id,
      userId: actor.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ?? [],
      now: c.get('now')().toISOString(),
    });
    // A password sign-in plus a passkey made just now: the session has its second factor.
    await completeSession(c);
    return json(c, await publicList(db, actor.id), 201);
  });

  // The second step after a password, for a nurse or admin who has a passkey: an assertion
  // with one of *their* passkeys (allowCredentials), on the challenge of this user.
  r.post('/verify/options', async (c) => {
    const db = c.get('db');
    const rp = relyingParty(c);
    if (!rp) return noOrigin();
    const actor = c.get('actor');
    const mine = await passkeysOf(db, actor.id);
    if (mine.length === 0) return problem(409, 'パスキーが登録されていません。先に「パスキーを登録」してください。');
    const allow = mine.map((p) => ({ id: p.id, transports: JSON.parse(p.transports ?? '[]') as never }));
    return json(c, await assertionChallenge(c, rp, actor.id, allow));
  });

  r.post('/verify', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const rp = relyingParty(c);
    if (!rp) return noOrigin();
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = CeremonySchema.safeParse(body.value);
    if (!parsed.success) return problem(400, 'パスキーの応答が正しくありません。');
    const failed = () => problem(401, 'パスキーで確認できませんでした。もう一度お試しください。');
    const expectedChallenge = await takeChallenge(db, parsed.data.challengeId, 'login', actor.id, c.get('now')().getTime());
    if (!expectedChallenge) return failed();
    const passkey = await getPasskey(db, parsed.data.response.id);
    // Someone else's passkey does not complete this session.
    if (!passkey || passkey.user_id !== actor.id) return failed();
    if (!(await verifyAssertion(c, rp, passkey, parsed.data.response, expectedChallenge))) return failed();
    const user = await getUser(db, actor.id);
    if (!user || user.disabled) return failed();
    await completeSession(c);
    return json(c, await currentSessionBody(c, user));
  });

  return r;
}

/** Sign-in with a passkey: public routes (no session yet), /api/passkeys/login[/options]. */
export function passkeyLoginRoutes() {
  const r = new Hono<AppEnv>();

  r.post('/options', async (c) => {
    const rp = relyingParty(c);
    if (!rp) return noOrigin();
    // Discoverable credentials: the authenticator offers this site's passkeys, no id is typed.
    return json(c, await assertionChallenge(c, rp, null, []));
  });

  r.post('/', async (c) => {
    const db = c.get('db');
    const rp = relyingParty(c);
    if (!rp) return noOrigin();
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = CeremonySchema.safeParse(body.value);
    if (!parsed.success) return problem(400, 'パスキーの応答が正しくありません。');
    const expectedChallenge = await takeChallenge(db, parsed.data.challengeId, 'login', null, c.get('now')().getTime());
    const failed = () => problem(401, 'パスキーでログインできませんでした。');
    if (!expectedChallenge) return failed();
    const passkey = await getPasskey(db, parsed.data.response.id);
    const user = passkey ? await getUser(db, passkey.user_id) : undefined;
    if (!passkey || !user || user.disabled) return failed();
    const checked = await verifyAssertion(c, rp, passkey, parsed.data.response, expectedChallenge);
    if (!checked) return failed();
    // Checked again after the await: the account may have been disabled meanwhile.
    const current = await getUser(db, user.id);
    if (!current || current.disabled) return failed();
    // Alone, a passkey is two factors only when the authenticator verified the person (device
    // unlock: fingerprint, face, PIN). Where the second factor is required, a passkey that did
    // not is refused; the password and then this passkey still work.
    if (!checked.userVerified && (await mustUseSecondFactor(db, current, c.get('now')().getTime()))) {
      return problem(401, 'この端末のロック解除（指紋・顔・暗証番号）ができるパスキーが必要です。パスワードでログインしてください。');
    }
    const token = await startSession(c, current.id);
    await completeSession(c, token);
    return json(c, await currentSessionBody(c, current, token));
  });

  return r;
}
