// 送信の状況: last successful sync, what is still on this phone, what the server refused and
// why — with a way to send again or discard — and whether the browser keeps our data.
import { Link } from 'wouter';
import type { OutboxEntry } from '../../db/db.js';
import { formatWhen } from '../../ui/format.js';
import { useOnline } from '../../ui/use-online.js';
import { NotificationSettings } from './NotificationSettings.js';
import { discardEntry, retryEntry, useSyncNowMutation, useSyncOverviewQuery } from './queries.js';

const KIND_TEXT = { observation: '観察記録', consultation: '相談', message: '相談へのメッセージ', usual: 'いつもの値', photo: '写真' } as const;

export function SyncPage() {
  const data = useSyncOverviewQuery();
  const online = useOnline();
  const sync = useSyncNowMutation();
  if (!data) return <main className="page">読み込み中…</main>;
  return (
    <main className="page">
      <h1>送信の状況</h1>
      <dl className="facts">
        <dt>最後に送受信できた時刻</dt>
        <dd>{data.state.lastSuccessAt ? formatWhen(data.state.lastSuccessAt) : 'まだありません'}</dd>
        <dt>この端末にある未送信</dt>
        <dd>{data.pending}件</dd>
        <dt>送信できなかったもの</dt>
        <dd>{data.rejected.length}件</dd>
        <dt>データの保護</dt>
        <dd>
          {data.persisted === true
            ? 'この端末のデータは消されないよう保護されています。'
            : data.persisted === false
              ? 'ブラウザがデータの保護を許可していません。ホーム画面に追加すると保護されやすくなります。'
              : '最初の記録を保存したときに確認します。'}
        </dd>
      </dl>
      <p>
        <Link href="/install">ホーム画面に追加する方法</Link>
      </p>
      <button type="button" className="primary" disabled={!online || sync.isPending} onClick={() => sync.mutate()}>
        今すぐ送信
      </button>
      {!online && <p className="muted">オフラインのため、電波が戻ると自動で送信します。</p>}
      {data.rejected.length > 0 && (
        <section aria-labelledby="rejected-h">
          <h2 id="rejected-h">送信できなかったもの</h2>
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
function summaryOf(entry: OutboxEntry): string | undefined {
  const body = (typeof entry.body === 'object' && entry.body !== null ? entry.body : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const sbar = (typeof body.sbar === 'object' && body.sbar !== null ? body.sbar : {}) as Record<string, unknown>;
  const summary =
    entry.entityType === 'message'
      ? (text(body.body) ?? (body.kind === 'close' ? '完了にする' : body.kind === 'acknowledge' ? '既読にする' : undefined))
      : entry.entityType === 'observation'
        ? text(body.note)
        : entry.entityType === 'consultation'
          ? text(sbar.situation)
          : entry.entityType === 'usual' && typeof body.temperature === 'number'
            ? `体温 ${body.temperature.toFixed(1)}℃`
            : undefined;
  return summary && summary.length > 60 ? `${summary.slice(0, 60)}…` : summary;
}

function RejectedItem({ entry }: { entry: OutboxEntry }) {
  const reason = entry.error?.errors?.map((x) => `${x.path}: ${x.message}`).join('、');
  const summary = summaryOf(entry);
  return (
    <li className="card">
      <p>
        <strong>{KIND_TEXT[entry.entityType]}</strong>（{formatWhen(entry.createdAt)}）
      </p>
      {summary && <p className="muted">「{summary}」</p>}
      <p className="error">
        {entry.error?.detail}
        {reason ? `（${reason}）` : ''}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void retryEntry(entry)}>
          もう一度送る
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm('この記録をこの端末から削除します。よろしいですか？')) void discardEntry(entry);
          }}
        >
          削除する
        </button>
      </div>
    </li>
  );
}
