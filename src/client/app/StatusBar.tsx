// Always visible: the network state and the unsent count, in words (never only a colour).
import { useLingui } from '@lingui/react/macro';
import { useOnline } from '../ui/use-online.js';
import { useOutboxCounts, useSyncState } from './queries.js';

export function StatusBar() {
  const { t } = useLingui();
  const online = useOnline();
  const { pending, rejected } = useOutboxCounts();
  const sync = useSyncState();
  return (
    <div className="statusbar">
      <span role="status" className={online ? 'net online' : 'net offline'}>
        {online ? t`オンライン` : t`オフライン`}
      </span>
      <span role="status" className={pending ? 'unsent has' : 'unsent'}>{t`未送信 ${pending}件`}</span>
      {rejected > 0 && <span className="rejected">{t`送信できなかった記録 ${rejected}件`}</span>}
      {sync.authRequired && <span className="auth-needed">{t`再ログインが必要です`}</span>}
    </div>
  );
}
