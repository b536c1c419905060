// Always visible: the network state and the unsent count, in words (never only a colour). While
// the phone is offline or cannot sync, also when it last could (hazard H8: what is on screen
// may be that old).
import { useLingui } from '@lingui/react/macro';
import { useMinuteClock } from '../hooks/use-minute-clock.js';
import { formatWhen } from '../ui/format.js';
import { useOnline } from '../ui/use-online.js';
import { useOutboxCounts, useSyncState } from './queries.js';

export function StatusBar() {
  const { t } = useLingui();
  const online = useOnline();
  const { pending, rejected } = useOutboxCounts();
  const sync = useSyncState();
  const cannotSync = !online || !!sync.lastError || sync.authRequired === true;
  return (
    <div className="statusbar">
      <span role="status" className={online ? 'net online' : 'net offline'}>
        {online ? t`オンライン` : t`オフライン`}
      </span>
      <span role="status" className={pending ? 'unsent has' : 'unsent'}>{t`未送信 ${pending}件`}</span>
      {cannotSync && sync.lastSuccessAt && <LastSync at={sync.lastSuccessAt} />}
      {rejected > 0 && <span className="rejected">{t`送信できなかった記録 ${rejected}件`}</span>}
      {sync.authRequired && <span className="auth-needed">{t`再ログインが必要です`}</span>}
    </div>
  );
}

/** 「最終同期 12分前」: kept current while shown (not a live region: it changes every minute). */
function LastSync({ at }: { at: string }) {
  const { t, i18n } = useLingui();
  const when = formatWhen(at, useMinuteClock(), i18n.locale);
  return <span className="last-sync">{t`最終同期 ${when}`}</span>;
}
