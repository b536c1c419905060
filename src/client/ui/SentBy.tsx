// 「送った人: 高橋 ヘルパー（ひまわり訪問介護）」: who asked, worded once for every screen that
// says it (the nurse's consultation page and 相談一覧, the carers' feedback page).
import { useLingui } from '@lingui/react/macro';
import { aside } from '../i18n/locales.js';

/**
 * `orgName`: the asker's provider, where the reader is not of it (the feedback page lists the
 * reader's own organization and leaves it out). Nothing is drawn when neither is known.
 */
export function SentBy({ authorName, orgName }: { authorName?: string | undefined; orgName?: string | undefined }) {
  const { t, i18n } = useLingui();
  const sender = authorName ? `${authorName}${orgName ? aside(i18n.locale, orgName) : ''}` : orgName;
  if (!sender) return null;
  return <p className="from">{t`送った人: ${sender}`}</p>;
}
