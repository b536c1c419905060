// The one-time setup URL (/setup#token), printed by the server on its first start.
import { useLingui } from '@lingui/react/macro';
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ORG_KINDS, type OrgKind } from '../../../shared/codes.js';
import { PASSWORD_MIN } from '../../../shared/schemas.js';
import { useSetupMutation } from './account-queries.js';

const KIND_MESSAGES: Record<OrgKind, MessageDescriptor> = {
  visiting_nursing: msg({ context: 'org-kind', message: '訪問看護ステーション' }),
  medical_daycare: msg({ context: 'org-kind', message: '療養通所介護' }),
  home_care: msg({ context: 'org-kind', message: '訪問介護' }),
  disability_service: msg({ context: 'org-kind', message: '障害福祉サービス' }),
  care_management: msg({ context: 'org-kind', message: '居宅介護支援' }),
  other: msg({ context: 'org-kind', message: 'その他' }),
};

export function SetupPage() {
  const { t, i18n } = useLingui();
  const [, navigate] = useLocation();
  const token = typeof window === 'undefined' ? '' : window.location.hash.slice(1);
  const setup = useSetupMutation();
  const [orgName, setOrgName] = useState('');
  const [kind, setKind] = useState<OrgKind>('home_care');
  const [name, setName] = useState('');
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setup.mutate(
      { token, organization: { name: orgName.trim(), kind }, admin: { name: name.trim(), loginId: loginId.trim(), password } },
      { onSuccess: () => navigate('/') },
    );
  };
  return (
    <main className="page narrow">
      <h1>{t`はじめの設定`}</h1>
      {!token && <p role="alert" className="error">{t`サーバーが表示したセットアップ用URLから開いてください。`}</p>}
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>{t`事業所の名前`}</span>
          <input value={orgName} onChange={(e) => setOrgName(e.target.value)} required />
        </label>
        <label className="field">
          <span>{t`事業所の種類`}</span>
          <select value={kind} onChange={(e) => setKind(ORG_KINDS.find((k) => k === e.target.value) ?? 'other')}>
            {ORG_KINDS.map((k) => (
              <option key={k} value={k}>
                {i18n._(KIND_MESSAGES[k])}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t`管理者の名前`}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label className="field">
          <span>{t`管理者のログインID`}</span>
          <input value={loginId} onChange={(e) => setLoginId(e.target.value)} autoCapitalize="none" required />
        </label>
        <label className="field">
          <span>{t`管理者のパスワード（10文字以上）`}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" minLength={PASSWORD_MIN} required />
        </label>
        {setup.error && <p role="alert" className="error">{setup.error.message}</p>}
        <button type="submit" className="primary" disabled={setup.isPending || !token}>
          {t`事業所と管理者を作成`}
        </button>
      </form>
    </main>
  );
}
