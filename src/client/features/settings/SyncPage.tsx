// 送信の状況: last successful sync, what is still on this phone, what the server refused and
// why — with a way to send again or discard — and whether the browser keeps our data.
import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import type { OutboxEntry } from '../../db/db.js';
import { aside, quoted } from '../../i18n/locales.js';
import { formatDecimal } from '../../i18n/numbers.js';
import { problemText } from '../../i18n/problems.js';
import { formatWhen } from '../../ui/format.js';
import { useOnline } from '../../ui/use-online.js';
import { NotificationSettings } from './NotificationSettings.js';
import { discardEntry, retryEntry, useSyncNowMutation, useSyncOverviewQuery } from './queries.js';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

export function SyncPage() {
  const { t } = useLingui();
  const now = useMinuteClock();
  const data = useSyncOverviewQuery();
  const online = useOnline();
  const sync = useSyncNowMutation();
  if (!data) return <main className="page">{t`読み込み中…`}</main>;
  return (
    <main className="page">
      <h1>{t`送信の状況`}</h1>
      <dl className="facts">
        <dt>{t`最後に送受信できた時刻`}</dt>
        <dd>{data.state.lastSuccessAt ? formatWhen(data.state.lastSuccessAt, now) : t`まだありません`}</dd>
        <dt>{t`この端末にある未送信`}</dt>
        <dd>{t`${data.pending}件`}</dd>
        <dt>{t`送信できなかったもの`}</dt>
        <dd>{t`${data.rejected.length}件`}</dd>
        <dt>{t`データの保護`}</dt>
        <dd>
          {data.persisted === true
            ? t`この端末のデータは消されないよう保護されています。`
            : data.persisted === false
              ? t`ブラウザがデータの保護を許可していません。ホーム画面に追加すると保護されやすくなります。`
              : t`最初の記録を保存したときに確認します。`}
        </dd>
      </dl>
      <p>
        <Link href="/install">{t`ホーム画面に追加する方法`}</Link>
      </p>
      <button type="button" className="primary" disabled={!online || sync.isPending} onClick={() => sync.mutate()}>
        {t`今すぐ送信`}
      </button>
      {!online && <p className="muted">{t`オフラインのため、電波が戻ると自動で送信します。`}</p>}
      {data.rejected.length > 0 && (
        <section aria-labelledby="rejected-h">
          <h2 id="rejected-h">{t`送信できなかったもの`}</h2>
          <ul className="list">
            {data.rejected.map((e) => (
              <RejectedItem key={e.seq} entry={e} />
            ))}
          </ul>
        </section>
      )}
      <NotificationSettings />
    </main>
  );
}

/** What the refused item said, in a few words: the record itself shows the server's copy now. */
function summaryOf(
  entry: OutboxEntry,
  words: { close: string; acknowledge: string; temperature: (value: number) => string },
): string | undefined {
  const body = (typeof entry.body === 'object' && entry.body !== null ? entry.body : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const sbar = (typeof body.sbar === 'object' && body.sbar !== null ? body.sbar : {}) as Record<string, unknown>;
  const summary =
    entry.entityType === 'message'
      ? (text(body.body) ?? (body.kind === 'close' ? words.close : body.kind === 'acknowledge' ? words.acknowledge : undefined))
      : entry.entityType === 'observation'
        ? text(body.note)
        : entry.entityType === 'consultation'
          ? text(sbar.situation)
          : entry.entityType === 'usual' && typeof body.temperature === 'number'
            ? words.temperature(body.temperature)
            : undefined;
  return summary && summary.length > 60 ? `${summary.slice(0, 60)}…` : summary;
}

function RejectedItem({ entry }: { entry: OutboxEntry }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const summary = summaryOf(entry, {
    close: t`完了にする`,
    acknowledge: t`既読にする`,
    temperature: (n) => {
      const value = formatDecimal(n, 1, i18n.locale);
      return t`体温 ${value}℃`;
    },
  });
  const kindText = { observation: t`観察記録`, consultation: t`相談`, message: t`相談へのメッセージ`, usual: t`いつもの値`, photo: t`写真` } as const;
  return (
    <li className="card">
      <p>
        <strong>{kindText[entry.entityType]}</strong>
        {aside(i18n.locale, formatWhen(entry.createdAt, now))}
      </p>
      {summary && <p className="muted">{quoted(i18n.locale, summary)}</p>}
      <p className="error">
        {entry.error && problemText(entry.error, i18n)}
      </p>
      {entry.entityType === 'usual' && (
        // The reason asks her to look at the values in effect before choosing: they are on the client's page.
        <p>
          <Link href={`/clients/${entry.entityId}`}>{t`利用者のページで今の値を見る`}</Link>
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void retryEntry(entry)}>
          {t`もう一度送る`}
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(t`この記録をこの端末から削除します。よろしいですか？`)) void discardEntry(entry);
          }}
        >
          {t`削除する`}
        </button>
      </div>
    </li>
  );
}
