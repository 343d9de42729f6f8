import { dataAccessConfig } from './lint/data-access.mjs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundariesConfig } from './lint/boundaries.mjs';

export default tseslint.config(
  // test/lint/fixtures: deliberately bad imports, linted by test/lint/boundaries.test.ts only
  { ignores: ['node_modules/', 'dist/', 'generated/', '.data/', 'tmp/', 'test/lint/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // no Prisma outside libs/db (lint/data-access.mjs)
  dataAccessConfig,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Plain CommonJS launchers that must run before any dependency is installed.
    files: ['scripts/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        module: 'writable',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  boundariesConfig,
);
