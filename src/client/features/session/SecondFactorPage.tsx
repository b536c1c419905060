// After the organization's second-factor day, a nurse or admin signed in with a password alone
// sees only this (server/second-factor.ts refuses everything else): register a first passkey
// (「パスキーを登録」), or confirm with the one they have. Then the app opens as usual.
import { useLingui } from '@lingui/react/macro';
import { useMutation } from '@tanstack/react-query';
import type { Session } from '../../../shared/schemas.js';
import { formatSecondFactorDay } from './second-factor-date.js';

export function SecondFactorPage({ session }: { session: Session }) {
  const { t, i18n } = useLingui();
  const step = session.secondFactor?.state === 'verify' ? 'verify' : 'register';
  const day = formatSecondFactorDay(session.secondFactor?.requiredFrom ?? '', i18n.locale);
  const org = session.org.name;
  const done = useMutation({
    mutationFn: async () => {
      const m = await import('./passkey-queries.js');
      if (step === 'verify') await m.verifyPasskey();
      else await m.registerPasskey();
    },
  });
  return (
    <main className="page narrow">
      {step === 'register' ? (
        <>
          <h1>{t`パスキーの登録が必要です`}</h1>
          <p>{t`${org}では、${day}から、看護師と管理者はパスワードだけではこのアプリを使えなくなりました。この端末にパスキーを登録してください。`}</p>
          <p>{t`パスキーは、指紋・顔認証・画面ロックで本人であることを確かめる、この端末の中の「鍵」です。登録が終わると、いつもどおりすべての機能が使えます。`}</p>
        </>
      ) : (
        <>
          <h1>{t`パスキーで確認してください`}</h1>
          <p>{t`${org}では、看護師と管理者はパスワードのあとにパスキーでの確認が必要です。登録したパスキーで確認すると、すべての機能が使えます。`}</p>
          <p>{t`次からは「パスキーでログイン」を使うと、パスワードは要りません。`}</p>
        </>
      )}
      {done.error && (
        <p role="alert" className="error">
          {done.error.message}
        </p>
      )}
      <button type="button" className="primary" disabled={done.isPending} onClick={() => done.mutate()}>
        {step === 'register' ? t`パスキーを登録` : t`パスキーで確認`}
      </button>
      <p className="hint">
        {step === 'register'
          ? t`この端末でパスキーを使えないときは、事業所の管理者に相談してください。`
          : t`パスキーを登録した端末をなくしたときは、事業所の管理者にパスキーの解除を頼んでください。解除のあと、新しい端末で登録し直せます。`}
      </p>
    </main>
  );
}
