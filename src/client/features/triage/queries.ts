import type { I18n } from '@lingui/core';
import { useLiveQuery } from '../../hooks/use-live-query.js';
import type { SoftSign } from '../../../shared/codes.js';
import { urgencyRank } from '../../../shared/urgency.js';
import { getDb, type LocalConsultation, type LocalObservation } from '../../db/db.js';
import { decidingLine } from '../../ui/deviation.js';

export interface TriageRow {
  consultation: LocalConsultation;
  score: number | null;
  redFlag: boolean;
  signs: SoftSign[];
  /** The one line that decides: the vital sign furthest from the client's usual value, or the signs. */
  deciding: { text: string; from: 'vital' | 'signs' } | null;
}

/** 未対応: nobody has answered yet; 対応中: answered, waiting for the carer; すべて: including closed. */
export type TriageFilter = 'waiting' | 'answered' | 'all';
const FILTERS: Record<TriageFilter, (k: LocalConsultation) => boolean> = {
  waiting: (k) => k.status === 'open' || k.status === 'acknowledged',
  answered: (k) => k.status === 'answered',
  all: () => true,
};

/** Most urgent first: urgency, then NEWS2 and red flag, then who has waited longest. */
export function compareTriage(a: TriageRow, b: TriageRow): number {
  return (
    urgencyRank(a.consultation.urgency) - urgencyRank(b.consultation.urgency) ||
    (b.score ?? -1) - (a.score ?? -1) ||
    Number(b.redFlag) - Number(a.redFlag) ||
    a.consultation.createdAt.localeCompare(b.consultation.createdAt)
  );
}

/** `i18n`: the deciding line is in the reader's language (it is redrawn when the language changes). */
export function useTriageQuery(orgId: string, filter: TriageFilter, i18n: I18n) {
  return useLiveQuery(
    async () => {
      const db = getDb();
      const all = await db.consultations.where('toOrgId').equals(orgId).toArray();
      // Before the first sync has answered, an empty queue means "not known yet", not "nothing".
      if (all.length === 0 && !(await db.meta.get('cursor'))) return undefined;
      const shown = all.filter(FILTERS[filter]);
      const obsIds = [...new Set(shown.flatMap((k) => k.observationIds))];
      const obs = new Map(
        (await db.observations.bulkGet(obsIds)).filter((o): o is LocalObservation => !!o).map((o) => [o.id, o]),
      );
      const clientIds = [...new Set(shown.map((k) => k.clientId))];
      const usual = new Map(
        (await db.clients.bulkGet(clientIds)).flatMap((c) => (c ? [[c.id, c.usual] as const] : [])),
      );
      return shown
        .map((k): TriageRow => {
          const cited = k.observationIds.map((id) => obs.get(id)).filter((o) => o !== undefined);
          return {
            consultation: k,
            score: cited.length ? Math.max(...cited.map((o) => o.news2.score)) : null,
            redFlag: cited.some((o) => o.news2.redFlag),
            signs: [...new Set(cited.flatMap((o) => o.softSigns))],
            deciding: decidingLine(cited, usual.get(k.clientId), i18n),
          };
        })
        .sort(compareTriage);
    },
    [orgId, filter, i18n, i18n.locale],
    undefined,
  );
}
