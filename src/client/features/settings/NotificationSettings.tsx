// 通知: turn Web Push on or off for this phone. Shown to every role: nurses' phones get new
// consultations of their station, and the phones of whoever sent a consultation get the nurse's
// answer (the server decides), so the text says both.
import { useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';
import {
  PushSetupError,
  refreshPushSubscription,
  subscribeToPush,
  unsubscribeFromPush,
  type PushProblem,
  type PushState,
} from '../../pwa/push.js';

export function NotificationSettings() {
  const { t } = useLingui();
  const [state, setState] = useState<PushState | 'loading'>('loading');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const stateText: Record<PushState | 'loading', string> = {
    loading: t`通知の状態を確認しています…`,
    on: t`この端末で通知を受け取っています。`,
    off: t`この端末では通知を受け取っていません。`,
    denied: t`通知がブラウザの設定で止められています。ブラウザ（またはスマートフォン）の設定で、このサイトの通知を許可してください。`,
    unsupported: t`このブラウザでは通知を受け取れません。iPhone では、ホーム画面に追加したアプリから開くと使えます。`,
  };

  const problemText = (e: PushSetupError): string => {
    const status = e.status ?? '';
    const texts: Record<PushProblem, string> = {
      offline: t`インターネットにつながっていないため設定できません。電波のある所でもう一度お試しください。`,
      no_push_here: t`このサーバーでは通知を使えません。`,
      failed: t`通知の設定に失敗しました（${status}）。`,
      register_failed: t`この端末の通知サービスに登録できませんでした。時間をおいてもう一度お試しください。`,
      unsupported_service: t`このブラウザの通知サービスには対応していません。`,
      sign_in_again: t`ログインし直してから、もう一度お試しください。`,
    };
    return texts[e.problem];
  };

  useEffect(() => {
    let live = true;
    void refreshPushSubscription()
      .catch(() => 'off' as const)
      .then((s) => {
        if (live) setState(s);
      });
    return () => {
      live = false;
    };
  }, []);

  const run = async (action: () => Promise<PushState>) => {
    setBusy(true);
    setError('');
    try {
      setState(await action());
    } catch (e) {
      setError(e instanceof PushSetupError ? problemText(e) : t`通知の設定に失敗しました。時間をおいてもう一度お試しください。`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="notifications-h">
      <h2 id="notifications-h">{t`通知`}</h2>
      <p>
        {t`看護師のアカウントでは、ステーションに新しい相談が届いたとき、アプリを閉じていてもこの端末に通知が届きます。至急の相談はすぐに知らせます。急ぎでない相談は、端末の状態によって少し遅れて届くことがあります。`}
      </p>
      <p>{t`相談を送った人のアカウントでは、看護師から返事があったとき、この端末に通知が届きます。`}</p>
      <p role="status">{stateText[state]}</p>
      {state === 'off' && (
        <button type="button" className="primary" disabled={busy} onClick={() => void run(subscribeToPush)}>
          {t`通知を受け取る`}
        </button>
      )}
      {state === 'on' && (
        <button type="button" disabled={busy} onClick={() => void run(unsubscribeFromPush)}>
          {t`通知を止める`}
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
