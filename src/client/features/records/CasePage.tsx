// 事例として書き出す: a closed consultation as a de-identified, printable case for 事例検討会
// (no names, ids or dates; the server does the de-identification — decision 0010).
import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import { useCaseQuery } from './queries.js';
import './case.css';

export function CasePage({ consultationId }: { consultationId: string }) {
  const { t } = useLingui();
  const q = useCaseQuery(consultationId);
  if (q.isPending) return <main className="page">{t`読み込み中…`}</main>;
  if (q.isError) {
    return (
      <main className="page">
        <p role="alert" className="error">
          {q.error.message}
        </p>
        <p>
          <Link href={`/consultations/${consultationId}`}>{t`← 相談に戻る`}</Link>
        </p>
      </main>
    );
  }
  const c = q.data;
  return (
    <main className="page case">
      <p className="no-print">
        <Link href={`/consultations/${consultationId}`}>{t`← 相談に戻る`}</Link>
      </p>
      <h1>{c.title}</h1>
      <p>
        {c.client} · {t`緊急度 ${c.urgency}`} · {t`相談 ${c.opened}`}
        {c.closed ? ` · ${t`完了 ${c.closed}`}` : ''}
      </p>
      <p className="muted">{t`氏名・ID・日付は除いてあります（日時は最初の記録の日を1日目とした日数です）。`}</p>

      <section aria-labelledby="trend-h">
        <h2 id="trend-h">{t`バイタルと様子の経過`}</h2>
        {c.trend.length === 0 ? (
          <p>{t`記録はありません。`}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t`日時`}</th>
                <th scope="col">{t`バイタル`}</th>
                <th scope="col">NEWS2</th>
                <th scope="col">{t`様子・メモ`}</th>
              </tr>
            </thead>
            <tbody>
              {c.trend.map((e, i) => (
                <tr key={i} className={e.cited ? 'cited' : undefined}>
                  <td className="when">
                    {e.when}
                    {e.cited ? t`（相談で引用）` : ''}
                  </td>
                  <td>{e.vitalsText}</td>
                  <td>{e.news2 ? `${t`${e.news2.score}点`}${e.news2.measured < 7 ? t`（7項目中${e.news2.measured}）` : ''}` : ''}</td>
                  <td>{[e.signs.join('、'), e.note ?? ''].filter(Boolean).join(' / ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="sbar-h">
        <h2 id="sbar-h">{t`相談（I-SBAR-C）`}</h2>
        <dl>
          {c.sbar.map((s) => (
            <div key={s.label}>
              <dt>{s.label}</dt>
              <dd>{s.text}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="replies-h">
        <h2 id="replies-h">{t`やりとり`}</h2>
        <ol>
          {c.messages.map((m, i) => (
            <li key={i}>
              <span className="when">{m.when}</span> {m.who}: {m.text.join(' ')}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="feedback-h">
        <h2 id="feedback-h">{t`看護師からのフィードバック`}</h2>
        {c.feedback.length ? (
          <ul>
            {c.feedback.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        ) : (
          <p>{t`なし`}</p>
        )}
        {c.helped !== null && <p>{t`相談した事業所の評価:`} {c.helped ? t`役に立った` : t`役に立たなかった`}</p>}
      </section>

      <p className="no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t`印刷する`}
        </button>
      </p>
    </main>
  );
}
