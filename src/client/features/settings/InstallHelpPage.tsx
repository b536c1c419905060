// How to put Kizuki on the home screen, for Android Chrome and iPhone Safari, and why it matters.
import { useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';
import { aside } from '../../i18n/locales.js';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

export function InstallHelpPage() {
  const { t, i18n } = useLingui();
  const [deferred, setDeferred] = useState<BeforeInstallPromptEvent | null>(null);
  const standalone = typeof window !== 'undefined' && window.matchMedia('(display-mode: standalone)').matches;
  useEffect(() => {
    const onPrompt = (e: Event) => {
      e.preventDefault();
      setDeferred(e as BeforeInstallPromptEvent);
    };
    window.addEventListener('beforeinstallprompt', onPrompt);
    return () => window.removeEventListener('beforeinstallprompt', onPrompt);
  }, []);
  return (
    <main className="page">
      <h1>{t`ホーム画面に追加する`}</h1>
      {standalone ? (
        <p>{t`このアプリはホーム画面から開かれています。準備はできています。`}</p>
      ) : (
        <p>{t`ホーム画面に追加すると、電波がない所でもすぐに開けて、記録も端末に安全に残ります。`}</p>
      )}
      {deferred && (
        <button type="button" className="primary" onClick={() => void deferred.prompt()}>
          {t`この端末にインストール`}
        </button>
      )}
      <section aria-labelledby="android-h">
        <h2 id="android-h">Android{aside(i18n.locale, 'Chrome')}</h2>
        <ol>
          <li>{t`Chrome でこのページを開きます。`}</li>
          <li>{t`右上の「︙」（メニュー）を押します。`}</li>
          <li>{t`「ホーム画面に追加」または「アプリをインストール」を押します。`}</li>
          <li>{t`ホーム画面の「気づき」アイコンから開きます。`}</li>
        </ol>
      </section>
      <section aria-labelledby="iphone-h">
        <h2 id="iphone-h">iPhone{aside(i18n.locale, 'Safari')}</h2>
        <ol>
          <li>{t`Safari でこのページを開きます。`}</li>
          <li>{t`画面下の共有ボタン（四角から上向きの矢印）を押します。`}</li>
          <li>{t`「ホーム画面に追加」を選び、「追加」を押します。`}</li>
          <li>{t`ホーム画面の「気づき」アイコンから開きます。`}</li>
        </ol>
        <p>
          {t`iPhone では、Safari のタブで使っているだけだと、しばらく開かないうちに端末のデータが消されることがあります。ホーム画面に追加したアプリではデータが保たれやすく、未送信の記録を守れます。`}
        </p>
      </section>
    </main>
  );
}
