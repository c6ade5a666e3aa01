import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'test/e2e/fakeK8sExtension/dist/**', 'out/**', 'node_modules/**', 'media/**', 'test-output/**', '.vscode-test/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/mesh/**/*.ts', 'src/sim/**/*.ts', 'src/kube/**/*.ts', 'src/upgrade/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The core stays free of vscode (docs/architecture.md, section 3).' }] }],
    },
  },
  {
    files: ['src/mesh/**/*.ts', 'src/sim/**/*.ts', 'src/views/**/*.ts', 'src/commands/**/*.ts', 'src/webview/**/*.ts', 'src/upgrade/**/*.ts', 'src/cli.ts', 'src/extension.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: '@kubernetes/client-node', message: 'Only src/kube talks to client-node (docs/architecture.md, section 3).' },
        ],
      }],
    },
  },
  {
    files: ['src/mesh/**/*.ts', 'src/sim/**/*.ts', 'src/upgrade/**/*.ts', 'src/plan/**/*.ts', 'src/planRun/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'The core stays free of vscode (docs/architecture.md, section 3).' },
          { name: '@kubernetes/client-node', message: 'Only src/kube talks to client-node (docs/architecture.md, section 3).' },
        ],
      }],
    },
  },
);
