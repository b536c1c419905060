// 職員の管理: create staff accounts with a temporary password (changed at next sign-in),
// disable them, reset a password.
import { useLingui } from '@lingui/react/macro';
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useId, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../shared/codes.js';
import { PASSWORD_MIN, type Staff } from '../../../shared/schemas.js';
import { aside, listed } from '../../i18n/locales.js';
import { useResetPasswordMutation, useSaveStaffMutation, useStaffQuery } from './queries.js';

const ROLE_MESSAGES: Record<Role, MessageDescriptor> = {
  carer: msg({ context: 'role', message: '介護職員・支援員' }),
  nurse: msg({ context: 'role', message: '看護師' }),
  admin: msg({ context: 'role', message: '管理者' }),
};

export function StaffPage() {
  const { t } = useLingui();
  const staff = useStaffQuery();
  return (
    <main className="page">
      <h1>{t`職員の管理`}</h1>
      <NewStaffForm />
      <h2>{t`職員一覧`}</h2>
      {staff.error && <p role="alert" className="error">{staff.error.message}</p>}
      {staff.data && (
        <ul className="list">
          {staff.data.map((s) => (
            <StaffRow key={s.id} staff={s} />
          ))}
        </ul>
      )}
    </main>
  );
}

function NewStaffForm() {
  const { t, i18n } = useLingui();
  const save = useSaveStaffMutation();
  const [loginId, setLoginId] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('carer');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { input: { loginId: loginId.trim(), name: name.trim(), role, password } },
      {
        onSuccess: () => {
          setLoginId('');
          setName('');
          setPassword('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="form card">
      <h2>{t`職員を追加`}</h2>
      <label className="field">
        <span>{t`職員の名前`}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label className="field">
        <span>{t`新しいログインID`}</span>
        <input value={loginId} onChange={(e) => setLoginId(e.target.value)} autoCapitalize="none" required />
      </label>
      <label className="field">
        <span>{t`役割`}</span>
        <select value={role} onChange={(e) => setRole(ROLES.find((r) => r === e.target.value) ?? 'carer')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {i18n._(ROLE_MESSAGES[r])}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t`仮のパスワード（10文字以上）`}</span>
        <input value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" minLength={PASSWORD_MIN} required />
      </label>
      {save.error && <p role="alert" className="error">{save.error.message}</p>}
      {save.isSuccess && <p role="status">{t`追加しました。最初のログインでパスワードを変えてもらいます。`}</p>}
      <button type="submit" className="primary" disabled={save.isPending}>
        {t`職員を追加`}
      </button>
    </form>
  );
}

function StaffRow({ staff }: { staff: Staff }) {
  const { t, i18n } = useLingui();
  const save = useSaveStaffMutation();
  const reset = useResetPasswordMutation();
  const [password, setPassword] = useState('');
  const fieldId = useId();
  return (
    <li className="card">
      <p>
        <strong>{staff.name}</strong>
        {aside(i18n.locale, listed(i18n.locale, [staff.loginId, i18n._(ROLE_MESSAGES[staff.role])]))}
        {staff.disabled && <span className="status"> {t`無効`}</span>}
        {staff.mustChangePassword && <span className="muted"> {t`次回ログイン時にパスワード変更`}</span>}
      </p>
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            save.mutate({ id: staff.id, input: { loginId: staff.loginId, name: staff.name, role: staff.role, disabled: !staff.disabled } })
          }
        >
          {staff.disabled ? t`${staff.name}を有効にする` : t`${staff.name}を無効にする`}
        </button>
      </div>
      {/* A label one can see, not only one a screen reader hears: the field is otherwise an empty
          box beside 再設定. The staff member's name in it tells one row's field from the next. */}
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          reset.mutate({ id: staff.id, password }, { onSuccess: () => setPassword('') });
        }}
      >
        <label htmlFor={fieldId}>{t`${staff.name}の仮のパスワード`}</label>
        <div className="field-button">
          <input
            id={fieldId}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            minLength={PASSWORD_MIN}
            required
          />
          <button type="submit">{t`再設定`}</button>
        </div>
      </form>
      {(save.error ?? reset.error) && <p role="alert" className="error">{(save.error ?? reset.error)?.message}</p>}
      {reset.isSuccess && <p role="status">{t`パスワードを再設定しました。`}</p>}
    </li>
  );
}
