// 「言語 / Language」: the same bilingual label in every language, so anyone can find it; each
// language is named in its own script and marked with its `lang` for fonts and screen readers.
import { useLingui } from '@lingui/react';
import { useId, useState } from 'react';
import { shareLocaleWithWorker } from '../pwa/phone-locale.js';
import { chooseLocale } from './i18n.js';
import { isLocale, LOCALES } from './locales.js';
import './i18n.css';

/**
 * `compact`: label and choice on one line (the top bar of the sign-in screen). `onChosen` runs
 * once the new language is active (the menu tells the server, for notifications).
 */
export function LanguagePicker({ compact = false, onChosen }: { compact?: boolean; onChosen?: () => void }) {
  const { i18n } = useLingui();
  const id = useId();
  const [busy, setBusy] = useState(false);
  return (
    <div className={compact ? 'field language-picker compact' : 'field language-picker'}>
      <label htmlFor={id}>言語 / Language</label>
      <select
        id={id}
        value={i18n.locale}
        disabled={busy}
        onChange={(e) => {
          const next = e.target.value;
          if (!isLocale(next)) return;
          setBusy(true);
          void chooseLocale(next)
            .then(() => {
              shareLocaleWithWorker(next);
              onChosen?.();
            })
            .finally(() => setBusy(false));
        }}
      >
        {LOCALES.map((l) => (
          <option key={l.tag} value={l.tag} lang={l.tag}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
