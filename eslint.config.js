import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * The layers, enforced: console → api → (Temporal client) → workflows → domain; activities → projections →
 * db → domain.
 * Each folder lists what it may not import; everything else (its own folder, the layers below) is allowed.
 * One rule per file (typescript-eslint's no-restricted-imports, for type-only exceptions), so the blocks
 * never replace one another.
 */
const ours = (...folders) => folders.flatMap((f) => [`**/${f}`, `**/${f}/**`, `../${f}`, `../${f}/**`]);
/**
 * The project's folders as a console/src/ file `depth` folders down names them (a page folder's components
 * sit three down), so console/src/api, the console's own HTTP client, is never mistaken for the project's api/.
 */
const fromConsole = (depth, ...folders) => {
  const up = '../'.repeat(depth + 2);
  return folders.flatMap((f) => [`${up}${f}`, `${up}${f}/**`]);
};
/** console/src/ files at each depth, down to a page folder's components and hooks (pages/admin/<screen>/components). */
const CONSOLE_DEPTHS = [0, 1, 2, 3, 4];

/** The product never depends on its harnesses: tests, bench, chaos and their support library sit on top of it. */
const HARNESSES = {
  group: ours('bench', 'chaos', 'test', 'support'),
  message: 'Production code must not import the benchmark, the chaos harness, the tests or support/.',
};
/**
 * Workflow code is replayed deterministically: no Node built-ins (as the Temporal samples ban them). Exact
 * names, not patterns: built-ins called `domain` or `events` must not match our own folders.
 */
const DETERMINISTIC = 'Workflow and domain code must be deterministic: no Node built-ins.';
const NODE_BUILTINS = builtinModules.map((name) => ({ name, message: DETERMINISTIC }));
const NODE_PREFIXED = { group: ['node:*'], message: DETERMINISTIC };
const IO_LIBRARIES = {
  group: [
    'postgres',
    'drizzle-orm*',
    'express',
    'pino',
    'zod',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
  ],
  message: 'Workflow and domain code must not import I/O or heavy libraries.',
};

const LAYERS = [
  {
    files: ['domain/**/*.ts'],
    paths: NODE_BUILTINS,
    patterns: [
      NODE_PREFIXED,
      IO_LIBRARIES,
      {
        group: ours('api', 'workflows', 'activities', 'projections', 'db', 'runtime', 'bin', 'scripts'),
        message: 'domain/ holds the pure rules every layer uses: it imports only domain/.',
      },
    ],
  },
  {
    files: ['workflows/**/*.ts'],
    paths: NODE_BUILTINS,
    patterns: [
      NODE_PREFIXED,
      IO_LIBRARIES,
      {
        group: ours('api', 'db', 'projections', 'runtime', 'bin', 'scripts'),
        message: 'workflows/ decide on domain/ rules only.',
      },
      // The workflow names its activities' types (proxyActivities<…>), never their code.
      {
        group: ours('activities'),
        message: 'workflows/ may import activities/ for types only.',
        allowTypeImports: true,
      },
    ],
  },
  {
    files: ['activities/**/*.ts'],
    patterns: [
      {
        group: ours('api', 'workflows', 'runtime', 'bin', 'scripts'),
        message: 'activities/ write through db/ with domain/ rules.',
      },
    ],
  },
  {
    files: ['projections/**/*.ts'],
    patterns: [
      {
        group: ours('api', 'workflows', 'activities', 'runtime', 'bin', 'scripts'),
        message: 'projections/ derive views of the trail through db/ with domain/ rules.',
      },
    ],
  },
  {
    files: ['db/**/*.ts'],
    patterns: [
      {
        group: ours('api', 'workflows', 'activities', 'projections', 'runtime', 'bin', 'scripts'),
        message: 'db/ builds on domain/ only.',
      },
    ],
  },
  {
    files: ['api/**/*.ts'],
    patterns: [
      {
        group: ours('activities', 'bin', 'scripts'),
        message: 'api/ reaches orders through the Temporal client, never activities.',
      },
      // The process wiring builds the API, never the other way round; its types (a config's shape) are shared.
      {
        group: ours('runtime', 'jobs'),
        message: 'api/ may import runtime/ and jobs/ for types only.',
        allowTypeImports: true,
      },
      // The workflow function is named for typed handles only; its code runs in the worker.
      {
        group: ['**/workflows/order', '../workflows/order'],
        message: 'api/ may import the workflow for its type only.',
        allowTypeImports: true,
      },
    ],
  },
  ...CONSOLE_DEPTHS.map((depth) => ({
    files: [`console/src/${'*/'.repeat(depth)}*.{ts,tsx}`],
    patterns: [
      {
        group: fromConsole(depth, 'api', 'db', 'activities', 'runtime', 'bin', 'scripts'),
        message: 'console/ reaches the system over HTTP only; it shares the vocabulary of domain/.',
      },
      {
        group: fromConsole(depth, 'workflows'),
        message: 'console/ may import workflows/ for types only.',
        allowTypeImports: true,
      },
    ],
  })),
  { files: ['runtime/**/*.ts', 'bin/**/*.ts', 'scripts/**/*.ts'], patterns: [] },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.venv/',
      'data/',
      'db/migrations/',
      'bench/results/',
      'chaos/results/',
      'console/dist/',
      'test-results/',
      'console/src/api/openapi.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['console/src/**/*.tsx', 'console/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...LAYERS.map(({ files, paths = [], patterns }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns: [HARNESSES, ...patterns] }] },
  })),
);
