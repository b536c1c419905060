// Errors a person reads, in their language. The phone's own failures come as Error objects whose
// Japanese text is for logs and Japanese readers; the known ones are recognised by name here
// (no import of db/: this runs in components) and said in the reader's language.
import type { I18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

/** Same words as db/errors.ts QUOTA_MESSAGE (the Japanese source of this message). */
const QUOTA = msg`端末の空き容量が足りないため、保存できませんでした。入力した内容はこの画面に残っています。不要な写真やアプリを削除して空きを作ってから、もう一度「保存」を押してください。`;

/** 「保存できませんでした: …」 with the reason in the reader's language when it is a known one. */
export function saveErrorText(err: Error, i18n: I18n): string {
  const reason = err.name === 'StorageProblem' ? i18n._(QUOTA) : err.message;
  return i18n._(msg`保存できませんでした: ${reason}`);
}
