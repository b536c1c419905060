// Puts the active language around the app. A remembered language other than Japanese is fetched
// before anything is drawn (a blank moment rather than a flash of Japanese); Japanese is
// already in the bundle and draws at once.
import { I18nProvider } from '@lingui/react';
import { useEffect, useState, type ReactNode } from 'react';
import { i18n, startLocale } from './i18n.js';

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [starting] = useState(startLocale);
  const [ready, setReady] = useState(starting === null);
  useEffect(() => {
    if (starting) void starting.then(() => setReady(true));
  }, [starting]);
  if (!ready) return null;
  return <I18nProvider i18n={i18n}>{children}</I18nProvider>;
}
