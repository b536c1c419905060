// Lint rules, including the import boundaries of ARCHITECTURE.md: shared is pure, the client
// and the server never import each other, features do not import other features, and
// components reach Dexie and fetch only through a feature's queries.ts.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name=/^(only|skip)$/][callee.object.name=/^(it|test|describe)$/]', message: 'No focused or skipped tests.' },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/client/**', '**/server/**', 'node:*', 'dexie', 'react', 'hono', 'better-sqlite3'], message: 'src/shared is pure: no DOM, no Node, no I/O.' },
      ]),
      'no-restricted-globals': ['error', 'window', 'document', 'fetch', 'localStorage', 'indexedDB', 'process'],
    },
  },
  {
    files: ['src/server/**'],
    rules: { 'no-restricted-imports': restrict([{ group: ['**/client/**', '**/sw', 'react', 'dexie'], message: 'The server never imports client code.' }]) },
  },
  {
    // The routes talk to the store port (store/db.ts), never to an engine (ADR 0012).
    files: ['src/server/routes/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/client/**', '**/sw', 'react', 'dexie'], message: 'The server never imports client code.' },
        { group: ['better-sqlite3', 'pg', '**/store/sqlite', '**/store/sqlite.js', '**/store/postgres', '**/store/postgres.js'], message: 'Routes use the store port (store/db.ts), not an engine.' },
      ]),
    },
  },
  {
    files: ['src/client/**', 'src/sw.ts'],
    rules: { 'no-restricted-imports': restrict([{ group: ['**/server/**', 'node:*', 'better-sqlite3', 'hono'], message: 'The client never imports server code.' }]) },
  },
  {
    files: ['src/client/db/**', 'src/client/sync/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/features/**', '**/app/**', '**/pwa/**', '**/ui/**', 'react', 'react-dom'], message: 'db and sync run in the service worker too: no UI imports.' },
        { group: ['**/server/**'], message: 'The client never imports server code.' },
      ]),
    },
  },
  {
    files: ['src/client/**/*.ts', 'src/client/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    // The two rules of hooks only: react-hooks 7's recommended set adds the React Compiler's
    // checks, which compiled every component and took two thirds of the lint time (the suite
    // must finish in 8 minutes on 2 cores; docs/decisions/0013-test-suite-time.md).
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['src/client/**/*.tsx'],
    rules: { 'no-restricted-globals': ['error', { name: 'fetch', message: 'Components fetch through a queries.ts.' }] },
  },
  // Per client area, one combined import rule (a later rule entry would replace an earlier one).
  ...['app', 'ui', 'pwa', 'hooks', 'net', 'features'].flatMap((area) =>
    ['ts', 'tsx'].map((ext) => ({
      files: [`src/client/${area}/**/*.${ext}`],
      rules: {
        'no-restricted-imports': restrict([
          { group: ['**/server/**', 'node:*', 'better-sqlite3', 'hono'], message: 'The client never imports server code.' },
          ...(area === 'features'
            ? [{ regex: '^\\.\\./(?!\\.\\.)[^/]+/', message: 'A feature does not import another feature.' }]
            : []),
          ...(ext === 'tsx'
            ? [{ group: ['dexie', '**/db/db', '**/db/db.js'], importNames: ['getDb', 'Dexie'], message: 'Components reach Dexie through a queries.ts.' }]
            : []),
        ]),
      },
    })),
  ),
);
