// The API's field messages (problem+json `errors[].message`) where a schema gives none of its own:
// plain Japanese, said the way a person is asked to fix a form. zod's own Japanese locale said
// 「無効な入力: stringが期待されましたが、numberが入力されました」 — type names in English, a
// reader never meant to know them (a carer reads a refused item's reason; docs/product.md
// lists these words). Installed with z.config({ localeError: fieldMessage }) (server/app.ts).
import type * as z from 'zod/mini';

export const FIELD_MESSAGES = {
  required: 'この項目は必要です',
  empty: '入力してください',
  text: '文字で入力してください',
  number: '数で入力してください',
  integer: '整数で入力してください',
  yesNo: '「はい」か「いいえ」で答えてください',
  list: '一覧の形で送ってください',
  group: '項目をまとめた形で送ってください',
  choice: '選べる値のどれかにしてください',
  shape: '形が正しくありません',
  id: 'ID の形になっていません',
  dateTime: '日時の形になっていません',
  date: '日付の形になっていません',
  inner: '中に正しくない値があります',
  value: '正しくない値です',
  big: '大きすぎます',
  small: '小さすぎます',
} as const;

const M = FIELD_MESSAGES;

/** What each expected type asks for; a type not named here is 「形が正しくありません」. */
const BY_TYPE: Record<string, string> = {
  string: M.text,
  number: M.number,
  int: M.integer,
  bigint: M.integer,
  boolean: M.yesNo,
  array: M.list,
  tuple: M.list,
  set: M.list,
  object: M.group,
  record: M.group,
  map: M.group,
};

const BY_FORMAT: Record<string, string> = {
  uuid: M.id,
  uuidv4: M.id,
  uuidv6: M.id,
  uuidv7: M.id,
  guid: M.id,
  datetime: M.dateTime,
  date: M.date,
  time: '時刻の形になっていません',
  email: 'メールアドレスの形になっていません',
};

type Issue = Parameters<z.core.$ZodErrorMap>[0];

/** How many of what, for a size limit: 「100文字」, 「50個」; a number is itself. */
function amount(origin: string | undefined, n: number | bigint | Date): string | null {
  if (n instanceof Date) return null;
  if (origin === 'string') return `${n}文字`;
  if (origin === 'array' || origin === 'set') return `${n}個`;
  if (origin === 'file') return `${n}バイト`;
  if (origin === 'number' || origin === 'int' || origin === 'bigint') return String(n);
  return null;
}

export function fieldMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return M.required;
      return BY_TYPE[issue.expected] ?? M.shape;
    case 'invalid_value':
      return M.choice;
    case 'too_big': {
      const n = amount(issue.origin, issue.maximum);
      if (n === null) return M.big;
      if (issue.exact) return `${n}にしてください`;
      return issue.inclusive === false ? `${n}より小さくしてください` : `${n}${issue.origin === 'number' || issue.origin === 'int' ? '以下' : 'まで'}にしてください`;
    }
    case 'too_small': {
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return M.empty;
      const n = amount(issue.origin, issue.minimum);
      if (n === null) return M.small;
      if (issue.exact) return `${n}にしてください`;
      return issue.inclusive === false ? `${n}より大きくしてください` : `${n}以上にしてください`;
    }
    case 'invalid_format':
      return BY_FORMAT[issue.format] ?? M.shape;
    case 'not_multiple_of':
      return `${String(issue.divisor)}刻みの値にしてください`;
    case 'unrecognized_keys':
      return `この項目は使えません: ${issue.keys.join('、')}`;
    case 'invalid_union':
      return M.shape;
    case 'invalid_key':
    case 'invalid_element':
      return M.inner;
    default:
      return M.value;
  }
}
