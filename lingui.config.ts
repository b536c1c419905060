// Lingui (docs/decisions/0011-i18n.md): Japanese is the source language; one PO catalog per
// language under src/client/i18n/locales, compiled by @lingui/vite-plugin when imported.
// `npm run i18n:extract` adds new messages to every catalog (empty for the translators).
import { defineConfig } from '@lingui/cli';

export default defineConfig({
  sourceLocale: 'ja',
  locales: ['ja', 'ja-x-easy', 'en', 'vi', 'id', 'fil', 'my', 'ne'],
  // A message a catalog still lacks shows in Japanese; tests/unit/i18n-catalogs.test.ts fails first.
  fallbackLocales: { default: 'ja' },
  catalogs: [
    {
      path: '<rootDir>/src/client/i18n/locales/{locale}',
      include: ['<rootDir>/src/client'],
    },
  ],
  orderBy: 'messageId',
});
