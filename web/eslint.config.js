// ESLint (flat config), run by `npm run lint` and so by `npm run check`: any error or
// warning fails the README's test command.
//
// - typescript-eslint, recommended and type-checked (the project's tsconfig.json);
// - react-hooks, recommended, with exhaustive-deps an error;
// - boundaries (as in bulletproof-react): src/app → src/features/<area> → shared
//   (src/api, src/components, src/lib, src/i18n). A feature imports no other feature,
//   shared code imports neither a feature nor the app, and only src/api touches the network.

import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Every folder under src/features is a feature, so a new one is fenced in without editing this.
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const shared = ['./src/api', './src/components', './src/lib', './src/i18n'];

const boundaries = [
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`],
    message: 'A feature imports no other feature: move what both need to src/components or src/lib.',
  })),
  {
    target: './src/features',
    from: './src/app',
    message: 'Features do not import the app (src/app composes the features, not the other way).',
  },
  {
    target: shared,
    from: ['./src/features', './src/app', './src/main.tsx'],
    message: 'Shared code (src/api, src/components, src/lib, src/i18n) imports no feature and not the app.',
  },
];

// The browser's ways to reach the network, allowed in src/api only.
const network = [
  { name: 'fetch', message: 'Only src/api talks to the network: use the client in src/api/client.ts.' },
  { name: 'EventSource', message: 'Only src/api talks to the network (the live stream is src/api/live.ts).' },
  { name: 'XMLHttpRequest', message: 'Only src/api talks to the network.' },
  { name: 'WebSocket', message: 'Only src/api talks to the network.' },
];
const networkProperties = ['window', 'globalThis', 'self'].flatMap((object) =>
  network.map(({ name, message }) => ({ object, property: name, message })),
);

export default defineConfig(
  globalIgnores(['dist/', 'test-results/', 'playwright-report/', 'src/api/schema.ts']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // The console: browser code, React hooks, the boundaries.
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/api/**'],
    rules: {
      'no-restricted-globals': ['error', ...network],
      'no-restricted-properties': ['error', ...networkProperties],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'openapi-fetch', message: 'Only src/api talks to the network: use src/api/client.ts.' }] },
      ],
    },
  },

  // Node: the end-to-end tests, the build and test configs, the scripts.
  {
    files: ['e2e/**/*.ts', '*.config.{ts,js}', 'scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
