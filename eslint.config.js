import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.venv/', 'data/', 'db/migrations/', 'bench/results/', 'chaos/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The product never depends on its harnesses: tests, bench, chaos and their support library sit on
    // top of it. The typescript-eslint twin of no-restricted-imports, so that this block and the
    // per-layer blocks (core rule) apply together instead of the later one replacing the earlier.
    files: ['{api,workflows,activities,db,domain,runtime,bin,scripts}/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/bench', '**/bench/**', '**/chaos', '**/chaos/**', '**/test', '**/test/**'],
              message: 'Production code must not import the benchmark, the chaos harness or the tests.',
            },
            {
              group: ['**/support', '**/support/**'],
              message: 'support/ is the library of tests, bench and chaos: production code must not import it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code is replayed deterministically: no Node built-ins, no I/O libraries.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'net', 'child_process', 'os'],
              message: 'Workflow code must be deterministic: no Node built-ins.',
            },
            {
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
              message: 'Workflow code must not import I/O or heavy libraries.',
            },
          ],
        },
      ],
    },
  },
);
