// A server problem (RFC 9457 problem+json) as a person reads it, in their language (issue 15).
// The API's `detail` and field messages stay Japanese (PRODUCT.md: the contract); the client
// knows the ones people meet and says them in the reader's language, matched by their exact
// Japanese text. Anything else: the status said plainly in the reader's language (a Japanese
// reader reads the server's own words).
import type { I18n, MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { ProblemError } from '../../shared/schemas.js';
import { VITAL_SIGNS } from '../../shared/codes.js';
import { VITAL_MESSAGES } from './clinical.js';
import { aside, writesJapanese } from './locales.js';

export interface ProblemLike {
  status: number;
  detail?: string | undefined;
  errors?: readonly ProblemError[] | undefined;
}

const GENERAL = '入力内容に誤りがあります。';

/** The server's `detail`s people meet, by their exact Japanese (src/server/routes). */
export const KNOWN_DETAILS: Record<string, MessageDescriptor> = {
  '入力内容に誤りがあります。': msg`入力内容に誤りがあります。`,
  'ログインしてください。': msg`ログインしてください。`,
  '一定時間操作がなかったため、ログインし直してください。': msg`一定時間操作がなかったため、ログインし直してください。`,
  'ログインIDまたはパスワードが違います。': msg`ログインIDまたはパスワードが違います。`,
  'この相談は見つかりません。': msg`この相談は見つかりません。`,
  'この利用者は見つかりません。': msg`この利用者は見つかりません。`,
  'この記録は見つかりません。': msg`この記録は見つかりません。`,
  '観察日時が未来になっています。': msg`観察日時が未来になっています。`,
  'この相談は完了しています。新しい相談を作成してください。': msg`この相談は完了しています。新しい相談を作成してください。`,
  'この利用者の記録を作成する権限がありません。': msg`この利用者の記録を作成する権限がありません。`,
  'この利用者について相談する権限がありません。': msg`この利用者について相談する権限がありません。`,
  'この相談に書き込む権限がありません。': msg`この相談に書き込む権限がありません。`,
  'この id の記録は別の内容で保存済みです。': msg`この id の記録は別の内容で保存済みです。`,
  'この id の相談は別の内容で保存済みです。': msg`この id の相談は別の内容で保存済みです。`,
  'この id のメッセージは別の内容で保存済みです。': msg`この id のメッセージは別の内容で保存済みです。`,
  '写真の形式が正しくありません（JPEG、400KB まで）。': msg`写真の形式が正しくありません（JPEG、400KB まで）。`,
  'この記録には別の写真が保存済みです。': msg`この記録には別の写真が保存済みです。`,
  '今のパスワードが違います。': msg`今のパスワードが違います。`,
  'ほかの看護師が先にいつもの値を変更していました。今の値を確かめてから、もう一度送るか削除してください。': msg`ほかの看護師が先にいつもの値を変更していました。今の値を確かめてから、もう一度送るか削除してください。`,
  '同じアカウントで、別の端末から先にいつもの値が変更されていました。今の値を確かめてから、もう一度送るか削除してください。': msg`同じアカウントで、別の端末から先にいつもの値が変更されていました。今の値を確かめてから、もう一度送るか削除してください。`,
  '新しいパスワードは10文字以上にしてください。': msg`新しいパスワードは10文字以上にしてください。`,
  // The staff page's 無効にする on one's own row (src/server/routes/admin.ts): known, so that it
  // is not read as 「ほかの変更と重なった…読み込み直して」 (409) in another language.
  '自分自身を無効にしたり、管理者でなくしたりはできません。ほかの管理者に依頼してください。': msg`自分自身を無効にしたり、管理者でなくしたりはできません。ほかの管理者に依頼してください。`,
  'この事業所の最後の管理者です。先にほかの職員を管理者にしてください。': msg`この事業所の最後の管理者です。先にほかの職員を管理者にしてください。`,
};

/** Field messages people meet (src/shared/schemas.ts, src/server/routes), by their exact Japanese. */
export const KNOWN_FIELD_MESSAGES: Record<string, MessageDescriptor> = {
  '本文を入力してください': msg`本文を入力してください`,
  '5分以上先の日時です': msg`5分以上先の日時です`,
  '血圧（下）は血圧（上）より低い値にしてください': msg`血圧（下）は血圧（上）より低い値にしてください`,
  'この利用者の記録ではありません': msg`この利用者の記録ではありません`,
  '訪問看護ステーションまたは療養通所介護事業所を選んでください': msg`訪問看護ステーションまたは療養通所介護事業所を選んでください`,
  'JPEG ではないか、大きすぎます': msg`JPEG ではないか、大きすぎます`,
  // The staff form's login id (shared/schemas.ts) and the commonest of shared/field-messages.ts.
  '半角の英小文字・数字と「._-」で、3〜64文字にしてください': msg`半角の英小文字・数字と「._-」で、3〜64文字にしてください`,
  'この項目は必要です': msg`この項目は必要です`,
  '入力してください': msg`入力してください`,
  '文字で入力してください': msg`文字で入力してください`,
  '数で入力してください': msg`数で入力してください`,
  '整数で入力してください': msg`整数で入力してください`,
  '選べる値のどれかにしてください': msg`選べる値のどれかにしてください`,
};

/**
 * The fields people fill in, by the API's path, named as their screens name them (the same
 * Japanese, so the same translation): 「新しいログインID: …」, not 「loginId: …」. Another path is
 * shown as it is.
 */
export const FIELD_LABELS: Record<string, MessageDescriptor> = {
  loginId: msg`新しいログインID`,
  name: msg`職員の名前`,
  password: msg`仮のパスワード（10文字以上）`,
  role: msg`役割`,
  note: msg`メモ`,
  ...Object.fromEntries(VITAL_SIGNS.map((v) => [`vitals.${v.key}`, VITAL_MESSAGES[v.key]])),
};

/** The status in plain words, for a detail the client does not know. */
function byStatus(status: number): MessageDescriptor {
  if (status === 0) return msg`ネットワークにつながっていません。電波の届く所でもう一度お試しください。`;
  if (status === 400 || status === 422) return msg`入力内容に誤りがあります。`;
  if (status === 401) return msg`ログインしてください。`;
  if (status === 403) return msg`この操作をする権限がありません。`;
  if (status === 404) return msg`見つかりません。`;
  if (status === 409) return msg`ほかの変更と重なったため保存できませんでした。画面を読み込み直してください。`;
  if (status === 413) return msg`データが大きすぎます。`;
  if (status === 429) return msg`しばらく待ってからもう一度お試しください。`;
  return msg`サーバーでエラーが発生しました。時間をおいて再度お試しください。`;
}

/** 「入力内容に誤りがあります。（body: 本文を入力してください）」 in the reader's language. */
export function problemText(p: ProblemLike, i18n: I18n): string {
  const japanese = i18n.locale === 'ja';
  const known = p.detail !== undefined ? KNOWN_DETAILS[p.detail] : undefined;
  const detail = known ? i18n._(known) : japanese && p.detail ? p.detail : i18n._(byStatus(p.status));
  // A known detail other than the general one already says what was wrong (「今のパスワードが
  // 違います。」): the API's field names beside it would only put English on the screen.
  const specific = known !== undefined && p.detail !== GENERAL;
  const fields = (specific ? [] : (p.errors ?? []))
    .map((e) => {
      const m = KNOWN_FIELD_MESSAGES[e.message];
      const label = FIELD_LABELS[e.path];
      const field = label ? i18n._(label) : e.path;
      if (m) return `${field}: ${i18n._(m)}`;
      return japanese ? `${field}: ${e.message}` : field;
    })
    .join(writesJapanese(i18n.locale) ? '、' : ', ');
  return fields ? detail + aside(i18n.locale, fields) : detail;
}
