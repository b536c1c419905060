// Start-up: the only module with side effects.
import { onlineManager } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { setOnUpgradeElsewhere } from './db/db.js';
import { registerServiceWorker } from './pwa/register.js';
import { startSyncTriggers } from './pwa/sync-triggers.js';
import './app/styles.css';

// A page loaded offline otherwise never refetches on reconnect (TOOLCHAIN.md).
onlineManager.setOnline(navigator.onLine);
setOnUpgradeElsewhere(() => window.location.reload());
registerServiceWorker();
startSyncTriggers();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
