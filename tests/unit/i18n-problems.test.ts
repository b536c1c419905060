// Issue 15: a server problem reaches the reader in their language. The API's Japanese `detail`
// stays the contract; the client says the ones it knows in the reader's words, and any other
// as its status in plain words — never the server's Japanese to someone who does not read it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupI18n } from '@lingui/core';
import { describe, expect, it } from 'vitest';
import { messages as ja } from '../../src/client/i18n/locales/ja.po';
import { messages as vi } from '../../src/client/i18n/locales/vi.po';
import { KNOWN_DETAILS, KNOWN_FIELD_MESSAGES, problemText } from '../../src/client/i18n/problems.js';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const ROOT = join(import.meta.dirname, '../..');
const sources = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(ROOT, dir, f), 'utf8'));
const serverText = [...sources('src/server/routes'), ...sources('src/server'), ...sources('src/shared')].join('\n');
/** Every Japanese string literal the server side can put in a problem (and a few more: harmless). */
const serverJapanese = [...serverText.matchAll(/'([^'\n]*)'/g)].map((m) => m[1] ?? '').filter((s) => JAPANESE.test(s));

const reader = (locale: 'ja' | 'vi') => setupI18n({ locale, messages: { ja, vi } });

describe('problem details in the reader\'s language', () => {
  it('knows the server\'s words exactly (a reworded server message fails here)', () => {
    for (const [text, descriptor] of Object.entries({ ...KNOWN_DETAILS, ...KNOWN_FIELD_MESSAGES })) {
      expect(descriptor.message).toBe(text);
      expect(serverJapanese, text).toContain(text);
    }
  });

  it('a field is named as its screen names it, in the reader\'s words (the staff form\'s login id)', () => {
    const p = { status: 400, detail: '入力内容に誤りがあります。', errors: [{ path: 'loginId', message: '半角の英小文字・数字と「._-」で、3〜64文字にしてください' }] };
    expect(problemText(p, reader('ja'))).toBe('入力内容に誤りがあります。（新しいログインID: 半角の英小文字・数字と「._-」で、3〜64文字にしてください）');
    const vietnamese = problemText(p, reader('vi'));
    expect(vietnamese).not.toMatch(JAPANESE);
    expect(vietnamese).not.toContain('loginId');
    expect(vietnamese).toContain('a–z');
    // A path no screen names stays as it is.
    expect(problemText({ status: 400, detail: '入力内容に誤りがあります。', errors: [{ path: 'sbar.lang', message: 'x' }] }, reader('ja'))).toContain('sbar.lang: x');
  });

  it('a Japanese reader reads the server\'s words as they are', () => {
    const i18n = reader('ja');
    expect(problemText({ status: 409, detail: 'この相談は完了しています。新しい相談を作成してください。' }, i18n)).toBe(
      'この相談は完了しています。新しい相談を作成してください。',
    );
    expect(problemText({ status: 400, detail: '入力内容に誤りがあります。', errors: [{ path: 'body', message: '本文を入力してください' }] }, i18n)).toBe(
      '入力内容に誤りがあります。（body: 本文を入力してください）',
    );
  });

  it('a detail that itself says what was wrong stands alone: no API field name beside it', () => {
    const wrong = { status: 400, detail: '今のパスワードが違います。', errors: [{ path: 'currentPassword', message: '違います' }] };
    expect(problemText(wrong, reader('ja'))).toBe('今のパスワードが違います。');
    expect(problemText(wrong, reader('vi'))).toBe('Mật khẩu hiện tại không đúng.');
  });

  it('an admin refused 無効にする on their own row reads why, not 「reload」 (the third walk)', () => {
    const self = { status: 409, detail: '自分自身を無効にしたり、管理者でなくしたりはできません。ほかの管理者に依頼してください。', errors: [{ path: 'disabled', message: '自分自身は変更できません' }] };
    expect(problemText(self, reader('ja'))).toBe('自分自身を無効にしたり、管理者でなくしたりはできません。ほかの管理者に依頼してください。');
    expect(problemText(self, reader('vi'))).toBe(
      'Bạn không thể tự vô hiệu hóa tài khoản của mình hoặc tự bỏ vai trò quản trị viên. Hãy nhờ một quản trị viên khác.',
    );
  });

  it('a Vietnamese reader never reads the server\'s Japanese: known words translated, the rest by status', () => {
    const i18n = reader('vi');
    expect(problemText({ status: 409, detail: 'この相談は完了しています。新しい相談を作成してください。' }, i18n)).toBe(
      'Trao đổi này đã hoàn tất. Hãy tạo trao đổi mới.',
    );
    expect(serverJapanese.length).toBeGreaterThan(40);
    for (const status of [0, 400, 401, 403, 404, 409, 413, 429, 500]) {
      for (const detail of serverJapanese) {
        const text = problemText({ status, detail, errors: [{ path: 'x', message: detail }] }, i18n);
        expect(text, detail).not.toMatch(JAPANESE);
      }
    }
  });
});
