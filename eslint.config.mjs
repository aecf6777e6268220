// ESLint: typescript-eslint's recommended rules plus the promise rules that catch a turn
// that forgets to await its work. Findings are errors; Prettier owns formatting.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which top-level folders each folder must not import (docs/architecture.md): dependencies point
 * inward, so the domain (nlu/, kb/) and the database (store/) never reach out to the wiring.
 */
const BOUNDARIES = {
  common: ['bot', 'dialogs', 'nlu', 'store', 'kb', 'manifest', 'bench', 'test'],
  nlu: ['bot', 'dialogs', 'store'],
  kb: ['bot', 'dialogs', 'store'],
  store: ['bot', 'dialogs', 'nlu'],
  dialogs: ['bot'],
  manifest: ['bot'],
  bench: ['test'],
};

/**
 * One config per folder of BOUNDARIES. The typescript-eslint rule also checks `import type`;
 * the regex matches relative paths of any depth ('../bot/x', '../../bot').
 */
const boundaryConfigs = Object.entries(BOUNDARIES).map(([from, forbidden]) => ({
  files: [`${from}/**/*.ts`],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((to) => ({
          regex: `^(\\.\\./)+${to}(/|$)`,
          message: `${from}/ must not import ${to}/: dependencies point inward (docs/architecture.md)`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  // embed.js is a template ({{placeholders}} filled in at run time), not JavaScript yet.
  { ignores: ['dist/', 'data/', 'coverage/', 'node_modules/', 'bot/webchat/public/embed.js', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  ...boundaryConfigs,
  {
    // The pages' own scripts run in the browser as classic scripts.
    files: ['bot/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    // Tests read free-form JSON (activities, API answers) field by field as the server sent it;
    // the fake connector they share with bench/ records such JSON for them.
    files: ['test/**/*.ts', 'bench/lib/fake-connector.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
