// Always visible: the network state and the unsent count, in words (never only a colour).
import { useOnline } from '../ui/use-online.js';
import { useOutboxCounts, useSyncState } from './queries.js';

export function StatusBar() {
  const online = useOnline();
  const { pending, rejected } = useOutboxCounts();
  const sync = useSyncState();
  return (
    <div className="statusbar">
      <span role="status" className={online ? 'net online' : 'net offline'}>
        {online ? 'オンライン' : 'オフライン'}
      </span>
      <span role="status" className={pending ? 'unsent has' : 'unsent'}>{`未送信 ${pending}件`}</span>
      {rejected > 0 && <span className="rejected">{`送信できなかった記録 ${rejected}件`}</span>}
      {sync.authRequired && <span className="auth-needed">再ログインが必要です</span>}
    </div>
  );
}
