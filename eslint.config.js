import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.localnotion/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['src/cli.ts', 'bench/**', 'scripts/**', 'test/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Small files and functions (docs/architecture.md, "Guardrails").
    files: ['src/**'],
    rules: {
      'max-lines': ['error', 500],
      'max-lines-per-function': ['error', 100],
    },
  },
  {
    // Response bodies in tests are arbitrary JSON.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
