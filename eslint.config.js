import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import boundaries. The rule cores know nothing of the server, the web framework, the database
// or the file system; inside server/ each layer imports only the layers below it:
//   storage and the leaf modules < witness key < services < auth < errors < witness < witnessing < integrity < compose.ts < http < pages < app.ts
//   < demo < cli
// Relative specifiers are matched by the name of the directory or file they reach. Those names
// are unique under server/ (no subdirectory is called auth, http, pages, ...), so a match can only
// be the layer it names.
const CORE_MESSAGE = 'The rule cores (pki/, approvals/, audit/) import neither server/ nor express, knex or the file system.';
const CORE_IMPORTS = {
  paths: ['express', 'knex', 'pg', 'sqlite3', 'fs', 'fs/promises', 'node:fs', 'node:fs/promises'].map((name) => ({ name, message: CORE_MESSAGE })),
  patterns: [
    { regex: '^(\\.\\./)+server(/|$)', message: CORE_MESSAGE },
    { regex: '^(express|knex)/', message: CORE_MESSAGE },
  ],
};

const dir = (name) => `^(\\./|(\\.\\./)+)${name}/`;
const file = (name) => `^(\\./|(\\.\\./)+)${name.replace('.', '\\.')}$`;

/** The server layers, lowest first, each with the specifiers that reach it. */
const SERVER_LAYERS = [
  { name: 'storage', files: ['server/storage/**/*.ts', 'server/config.ts', 'server/logger.ts', 'server/metrics.ts', 'server/log-key.ts', 'server/log-export.ts', 'server/signer-key.ts'], reachedBy: null },
  // The witness key's error is a row of the error table, so the key module sits below it.
  { name: 'witness-key', files: ['server/witness/witness-key.ts'], reachedBy: '^(\\./|(\\.\\./)+)(witness/)?witness-key\\.ts$' },
  { name: 'services', files: ['server/services/**/*.ts'], reachedBy: dir('services') },
  { name: 'auth', files: ['server/auth/**/*.ts'], reachedBy: dir('auth') },
  { name: 'errors', files: ['server/errors/**/*.ts'], reachedBy: dir('errors') },
  { name: 'witness', files: ['server/witness/**/*.ts'], ignores: ['server/witness/witness-key.ts'], reachedBy: '^(\\./|(\\.\\./)+)witness/(?!witness-key\\.ts$)' },
  { name: 'witnessing', files: ['server/witnessing/**/*.ts'], reachedBy: dir('witnessing') },
  { name: 'integrity', files: ['server/integrity/**/*.ts'], reachedBy: dir('integrity') },
  { name: 'compose', files: ['server/compose.ts'], reachedBy: file('compose.ts') },
  { name: 'http', files: ['server/http/**/*.ts'], reachedBy: dir('http') },
  { name: 'pages', files: ['server/pages/**/*.ts'], reachedBy: dir('pages') },
  { name: 'app', files: ['server/app.ts'], reachedBy: file('app.ts') },
  { name: 'demo', files: ['server/demo/**/*.ts'], reachedBy: dir('demo') },
  { name: 'cli', files: ['server/cli/**/*.ts'], reachedBy: dir('cli') },
];

function layerBoundaries() {
  return SERVER_LAYERS.map((layer, index) => {
    const above = SERVER_LAYERS.slice(index + 1);
    const patterns = above.map((upper) => ({
      regex: upper.reachedBy,
      message: `server/${layer.name} sits below ${upper.name} and must not import it (pass what it needs in, or move the shared piece down).`,
    }));
    return { files: layer.files, ...(layer.ignores === undefined ? {} : { ignores: layer.ignores }), rules: { 'no-restricted-imports': ['error', { patterns }] } };
  });
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'test/artifacts/**', 'coverage/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', crypto: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['pki/**/*.ts', 'approvals/**/*.ts', 'audit/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', CORE_IMPORTS] },
  },
  ...layerBoundaries(),
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // The pages' scripts run in the browser, as classic scripts.
    files: ['server/pages/static/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(['window', 'document', 'fetch', 'btoa', 'URLSearchParams', 'FormData'].map((name) => [name, 'readonly'])),
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
