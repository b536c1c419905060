import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import { SecondFactorSetting } from './SecondFactorSetting.js';

export function AdminPage() {
  const { t } = useLingui();
  return (
    <main className="page">
      <h1>{t`管理`}</h1>
      <ul className="list">
        <li>
          <Link href="/admin/staff" className="row-link">{t`職員の管理`}</Link>
        </li>
        <li>
          <Link href="/admin/clients" className="row-link">{t`利用者の登録と担当ステーション`}</Link>
        </li>
        <li>
          <Link href="/admin/audit" className="row-link">{t`監査ログ`}</Link>
        </li>
      </ul>
      <SecondFactorSetting />
    </main>
  );
}
