import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.crisis-desk/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // What runs never reaches up into where it runs: handlers and adapters take their contracts from lambdas/contracts.
    files: ['lambdas/**/*.ts'],
    ignores: ['lambdas/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: String.raw`^(?:(?:\.\./)+lib/|#lib/)`, message: 'lambdas/ does not import from lib/: put shared contracts in lambdas/contracts.' },
      ] }],
    },
  },
  {
    files: ['lambdas/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', 'node:fs', 'node:fs/*', 'fs'], message: 'core/ is pure: no AWS SDK, no I/O.' },
        { group: ['../adapters/*', '../sources/*', '../handlers/*', '../contracts/*', '#adapters/*', '#sources/*', '#handlers/*', '#lib/*'], message: 'core/ depends on nothing outside it.' },
        { regex: String.raw`^(?:\.\./)+lib/`, message: 'core/ depends on nothing outside it.' },
      ] }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Take a Clock.' },
        { object: 'Math', property: 'random', message: 'Take randomness as a parameter.' },
        { object: 'process', property: 'env', message: 'core/ reads no environment.' },
      ],
    },
  },
);
