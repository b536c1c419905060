// Before the organization's second-factor day: a nurse or admin without a passkey is told the
// day, with the way to the account page where 「パスキーを登録」 is.
import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import type { Session } from '../../../shared/schemas.js';
import { formatSecondFactorDay } from './second-factor-date.js';

export function SecondFactorReminder({ session }: { session: Session }) {
  const { t, i18n } = useLingui();
  if (session.secondFactor?.state !== 'reminder') return null;
  const day = formatSecondFactorDay(session.secondFactor.requiredFrom, i18n.locale);
  return (
    <aside className="saved-notice" aria-label={t`パスキーのお知らせ`}>
      <p>
        {t`${day}から、看護師と管理者はパスキーの登録が必要になります。それまでに登録してください。`}{' '}
        <Link href="/account">{t`パスキーの登録へ`}</Link>
      </p>
    </aside>
  );
}
