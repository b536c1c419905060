// Start-up: the only module with side effects.
import { onlineManager } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { preloadDb, setOnUpgradeElsewhere } from './db/lazy.js';
import { registerServiceWorker } from './pwa/register.js';
import { startSyncTriggers } from './pwa/sync-triggers.js';
import './app/styles.css';

// A page loaded offline otherwise never refetches on reconnect (TOOLCHAIN.md).
onlineManager.setOnline(navigator.onLine);
// A newer version upgrades the schema in another tab: reload into it (everything typed is
// already in the database, drafts included).
setOnUpgradeElsewhere(() => window.location.reload());

let started = false;
/**
 * Once the first screen is on it: the database (Dexie is not in the first download, db/lazy.ts),
 * syncing and the service worker. On a slow phone the first paint then shares neither the
 * network nor the CPU with them (issue 14: LCP ≤ 2.0 s).
 */
function startBehindFirstPaint(): void {
  if (started) return;
  started = true;
  preloadDb();
  startSyncTriggers();
  registerServiceWorker();
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App onFirstPaint={startBehindFirstPaint} />
    </StrictMode>,
  );
} else {
  startBehindFirstPaint();
}
