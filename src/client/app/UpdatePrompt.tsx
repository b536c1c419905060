// A new version waits until no form holds unsaved input; then the user chooses when: we send
// the outbox first, then let the new service worker take over (the page reloads).
import { useLingui } from '@lingui/react/macro';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { applyUpdate, onUpdateWaiting } from '../pwa/register.js';
import { syncNow } from '../pwa/sync-triggers.js';
import { hasUnsavedInput, subscribeUnsaved } from '../ui/unsaved.js';

export function UpdatePrompt() {
  const { t } = useLingui();
  const [waiting, setWaiting] = useState(false);
  const [busy, setBusy] = useState(false);
  const unsaved = useSyncExternalStore(subscribeUnsaved, hasUnsavedInput, () => false);
  useEffect(() => onUpdateWaiting(setWaiting), []);
  if (!waiting || unsaved) return null;
  return (
    <div className="banner" role="status">
      {t`新しいバージョンがあります。`}
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void syncNow().finally(applyUpdate);
        }}
      >
        {t`更新する`}
      </button>
    </div>
  );
}
