// 「保存しました」 after an observation is saved, shown on the client's page the carer returns
// to — and, when the record is worrying (a suggested urgency above 共有のみ, or a vital far
// from the client's usual value), why, pointing at 「看護師に相談する」 right below it.
import { useLingui } from '@lingui/react/macro';
import { useEffect, useSyncExternalStore } from 'react';
import { useLocation } from 'wouter';
import { sentenceGap } from '../i18n/locales.js';

export interface SavedNoticeValue {
  /** The page the notice belongs to; it disappears once the carer leaves it. */
  path: string;
  /** The page that saved (the notice is announced just before leaving it). */
  from: string;
  /**
   * Shown at `from` too, until the URL is `path`: the page under a form is shown a frame before
   * its URL (hooks/form-exit.ts). Dropped once the URL is `path`, so that going back to the
   * form does not show the notice there.
   */
  leaving?: boolean;
  offline: boolean;
  /** 「今日中」 when the suggestion is above 共有のみ. */
  urgencyLabel?: string;
  /** 「体温 いつもより +1.6」 … */
  reasons: string[];
}

let current: SavedNoticeValue | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function announceSaved(v: SavedNoticeValue | null): void {
  current = v;
  emit();
}

function subscribe(cb: () => void) {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/**
 * Closes the notice and gives the focus to the page's heading, right under it: the button goes
 * with the notice, and the focus would fall to the page's start (the third walk, by keyboard).
 */
function closeToHeading() {
  const heading = document.querySelector<HTMLElement>('main h1');
  announceSaved(null);
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

export function SavedNotice() {
  const [location] = useLocation();
  const { t, i18n } = useLingui();
  const v = useSyncExternalStore(subscribe, () => current);
  useEffect(() => {
    if (!v) return;
    // Left the page: the notice has done its job.
    if (location !== v.path && location !== v.from) announceSaved(null);
    // Arrived: from now on it belongs to its page only.
    else if (v.leaving && location === v.path) announceSaved({ ...v, leaving: false });
  }, [v, location]);
  if (!v || (v.path !== location && !(v.leaving && v.from === location))) return null;
  const worrying = v.urgencyLabel !== undefined || v.reasons.length > 0;
  const urgency = v.urgencyLabel;
  const reasons = v.reasons.join(t`、`);
  // The sentences are separate messages: a language written with spaces needs one between them.
  const gap = sentenceGap(i18n.locale);
  return (
    <div role="status" className={`saved-notice${worrying ? ' worrying' : ''}`}>
      <p>
        <strong>{v.offline ? t`保存しました（未送信）` : t`保存しました`}</strong>
        {v.offline && <span>{gap + t`電波が戻ると自動で送ります。`}</span>}
      </p>
      {worrying && (
        <p>
          {[urgency && t`記録からの目安は「${urgency}」です。`, reasons && t`${reasons}。`, t`すぐ下の「看護師に相談する」から、この記録について相談できます。`]
            .filter(Boolean)
            .join(gap)}
        </p>
      )}
      <button type="button" className="link" onClick={closeToHeading}>
        {t`お知らせを閉じる`}
      </button>
    </div>
  );
}
