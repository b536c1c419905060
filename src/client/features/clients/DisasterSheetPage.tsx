// 災害時シート: one printable page per client, from this phone's data only, so it opens with no
// network (and follows the data as it syncs): the emergency plan, the usual values, the latest
// observation, and the serving station with how to reach it. Print CSS: disaster-sheet.css.
import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import { vitalLabel, vitalNumber, vitalUnit } from '../../i18n/clinical.js';
import { aside } from '../../i18n/locales.js';
import { formatDayTime } from '../../ui/format.js';
import { VitalsSummary } from '../../ui/VitalsSummary.js';
import { useDisasterSheetQuery } from './disaster-queries.js';
import './disaster-sheet.css';


const USUAL_KEYS = ['temperature', 'systolic', 'diastolic', 'pulse', 'spo2'] as const;

export function DisasterSheetPage({ clientId }: { clientId: string }) {
  const { t, i18n } = useLingui();
  const data = useDisasterSheetQuery(clientId);
  // On paper 「昨日」 means nothing: the sheet says the date, with its year (in the reader's language, Japan time).
  const at = (iso: string) => formatDayTime(iso, i18n.locale, true);
  if (data === undefined) return <main className="page">{t`読み込み中…`}</main>;
  if (data === null) {
    return (
      <main className="page">
        <p>{t`この利用者は見つかりません。`}</p>
      </main>
    );
  }
  const { client, latest, owner, stations } = data;
  const usual = client.usual;
  const name = client.name;
  const ownerName = owner?.name ?? '';
  const printedAt = at(new Date().toISOString());
  const usualRows = USUAL_KEYS.flatMap((k) => {
    const v = usual?.[k];
    return v === undefined ? [] : [{ label: vitalLabel(k, i18n), value: `${vitalNumber(k, v, i18n.locale)}${vitalUnit(k, i18n)}` }];
  });
  return (
    <main className="page sheet">
      <p className="no-print">
        <Link href={`/clients/${clientId}`}>{t`← ${name}さんのページ`}</Link>
      </p>
      <h1>{t`災害時シート`}</h1>
      <p>
        <strong>{client.name}</strong>
        {client.kana ? aside(i18n.locale, client.kana) : ''}
      </p>

      <section aria-labelledby="plan-h">
        <h2 id="plan-h">{t`急変時・災害時の対応`}</h2>
        <p className="plan">{client.emergencyPlan ?? t`（登録されていません。事業所の管理者に確認してください）`}</p>
      </section>

      <section aria-labelledby="station-h">
        <h2 id="station-h">{t`担当の訪問看護ステーション`}</h2>
        {stations.length === 0 ? (
          <p>{t`担当ステーションは登録されていません。`}</p>
        ) : (
          <dl>
            {stations.map((s) => (
              <div key={s.id}>
                <dt>{s.name}</dt>
                <dd>
                  {t`電話`} <span className="write-in" />
                </dd>
              </div>
            ))}
          </dl>
        )}
        <p>{t`つながるときは、このアプリの「看護師に相談する」からも連絡できます。`}</p>
        {owner && <p>{t`担当事業所: ${ownerName}`}</p>}
      </section>

      <section aria-labelledby="usual-h">
        <h2 id="usual-h">{t`いつもの値`}</h2>
        {usualRows.length === 0 ? (
          <p>{t`いつもの値はまだ設定されていません。`}</p>
        ) : (
          <dl>
            {usualRows.map((r) => (
              <div key={r.label}>
                <dt>{r.label}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
            <dt>{t`SpO2 の基準`}</dt>
            <dd>{client.spo2Scale === 2 ? t`スケール2（慢性呼吸不全などで低めが普段の値）` : t`スケール1`}</dd>
          </dl>
        )}
      </section>

      <section aria-labelledby="latest-h">
        <h2 id="latest-h">{t`最新の記録`}</h2>
        {latest ? (
          <>
            <p>{at(latest.observedAt)}</p>
            <VitalsSummary vitals={latest.vitals} news2={latest.news2} />
          </>
        ) : (
          <p>{t`まだ記録はありません。`}</p>
        )}
      </section>

      <p className="printed-at">{t`この端末のデータから作成（${printedAt}）`}</p>
      <p className="no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t`印刷する`}
        </button>
      </p>
    </main>
  );
}
