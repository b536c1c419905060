// Which language the UI speaks. Japanese ships in the first download; every other catalog is
// its own chunk, fetched when chosen (the service worker precaches them all, so a choice made
// offline still works). `<html lang>` follows the active language.
import { i18n, type Messages } from '@lingui/core';
import { messages as ja } from './locales/ja.po';
import { followLanguage } from './easy-ruby.js';
import { DEFAULT_LOCALE, storedLocale, storeLocale, type Locale } from './locales.js';

// Each import() is written out so the bundler makes one chunk per language.
const loaders: Record<Exclude<Locale, 'ja'>, () => Promise<{ messages: Messages }>> = {
  'ja-x-easy': () => import('./locales/ja-x-easy.po'),
  en: () => import('./locales/en.po'),
  vi: () => import('./locales/vi.po'),
  id: () => import('./locales/id.po'),
  fil: () => import('./locales/fil.po'),
  my: () => import('./locales/my.po'),
  ne: () => import('./locales/ne.po'),
};

const loaded = new Set<Locale>();

function switchTo(locale: Locale): void {
  i18n.activate(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  followLanguage(locale);
}

/** True when the catalog is here and the language is active (no waiting needed). */
export function activateLoaded(locale: Locale): boolean {
  if (locale === 'ja' && !loaded.has('ja')) {
    i18n.load('ja', ja);
    loaded.add('ja');
  }
  if (!loaded.has(locale)) return false;
  if (i18n.locale !== locale) switchTo(locale);
  return true;
}

/** Loads the catalog if needed, then switches. A catalog that cannot load leaves the language as it was. */
export async function activateLocale(locale: Locale): Promise<void> {
  if (activateLoaded(locale)) return;
  if (locale === 'ja') return;
  const { messages } = await loaders[locale]();
  i18n.load(locale, messages);
  loaded.add(locale);
  switchTo(locale);
}

/** The user's choice: switch and remember it on this phone. */
export async function chooseLocale(locale: Locale): Promise<void> {
  await activateLocale(locale);
  storeLocale(locale);
}

/**
 * At start: the remembered language, synchronously when it is Japanese. Returns a promise only
 * when a catalog must be fetched first; if that fails (it should not: precached), Japanese.
 */
export function startLocale(): Promise<void> | null {
  const wanted = storedLocale();
  if (activateLoaded(wanted)) return null;
  return activateLocale(wanted).catch(() => {
    activateLoaded(DEFAULT_LOCALE);
  });
}

export { i18n };
