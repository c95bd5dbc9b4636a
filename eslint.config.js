// Lint: typescript-eslint's strict, type-checked rules on every TypeScript file (API, libraries, web app, tests),
// the React hooks rules on the web app, and the recommended rules on the plain-JavaScript scripts and benchmark.
// Formatting is Prettier's (`npm run format`); `npm test` runs both checks.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'apps/web/public/**', 'test-results/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.strictTypeChecked, ...tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: {
        project: ['test/tsconfig.json', 'apps/web/tsconfig.json', 'apps/web/tsconfig.sw.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // House style: types over interfaces.
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      // `noUncheckedIndexedAccess` is on, so `rows[0]!` after an INSERT … RETURNING or a lookup that was just checked is
      // how this codebase says "present by construction"; the rule would force a runtime check per such line instead.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `(e) => void promise` and `() => setState(x)` as arrow shorthands are clear and common in handlers.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidOperator: true }],
      // Numbers in messages (`${count} pings`) are fine; objects and nullish values are not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `const { secret: _secret, ...rest } = value` drops a field on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Nest and TypeORM declare option shapes as classes (NestApplicationContextOptions) that callers pass as literals.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Nest modules are classes that exist for their decorator.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
    },
  },
  {
    // Tests read HTTP and socket payloads as the untyped JSON they are and assert on them field by field; typing every
    // response would restate the contracts the tests exist to check. Everything else stays strict in tests.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Browser specs take `test` from driver.ts, whose `newContext` closes every screen a test opens: the browser lives as
    // long as the worker, and a page left open keeps drawing its map and receiving every event for the rest of the run.
    files: ['test/browser/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@playwright/test', importNames: ['test'], message: "Use `test` from './driver.js'." }] }],
      'no-restricted-properties': [
        'error',
        { object: 'browser', property: 'newContext', message: "Use the `newContext` fixture of './driver.js', which closes it." },
        { object: 'browser', property: 'newPage', message: "Use the `newContext` fixture of './driver.js', which closes it." },
      ],
    },
  },
  {
    // House style: a feature module uses another module's service, never its repository, so each table's SQL has one
    // owner and every write goes through the rules around it. (Shared SQL fragments, which are not classes, may be imported.)
    files: ['apps/api/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[^/]+/[^/]+\\.repository\\.js$',
              importNamePattern: 'Repository$',
              message: "Use that module's service: a repository is private to its module.",
            },
          ],
        },
      ],
    },
  },
  {
    // Issue 9's code health: the API reads the time from the injected clock (common/clock.ts), so tests can move it and
    // every rule sees the same "now". These files keep the wall clock on purpose: provider pacing (slots are real
    // seconds at the provider); sessions, access tokens and their sockets (expiry is real time, as the JWT library
    // checks it); idempotency leases and cluster attachments (housekeeping between processes); day keys (a key's UTC
    // day is the real one); files' ages on disk; a temporary file's name; the demo data, made for the real present.
    files: ['apps/api/src/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      'apps/api/src/alerts/alert-sender.ts',
      'apps/api/src/auth/token.service.ts',
      'apps/api/src/auth/auth.service.ts',
      'apps/api/src/realtime/realtime.gateway.ts',
      'apps/api/src/idempotency/idempotency.service.ts',
      'apps/api/src/cluster/cluster-channel.ts',
      'apps/api/src/crypto/key-ring.ts',
      'apps/api/src/media/media-retention.ts',
      'apps/api/src/database/embedded-postgres.ts',
      'apps/api/src/demo/demo-seed.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected clock (CLOCK): this.clock.now().' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected clock (CLOCK): new Date(this.clock.now()).' },
      ],
    },
  },
  {
    // Issue 9's code health: no file of the product over 300 lines — past that, a file holds more than one thing.
    files: ['apps/*/src/**/*.ts', 'apps/*/src/**/*.tsx', 'libs/*/src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    files: ['apps/web/src/**/*.tsx', 'apps/web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    // The Rules of Hooks and exhaustive dependencies. The plugin's React-Compiler rules (refs, purity,
    // set-state-in-effect) describe what the compiler can optimise; this app does not use the compiler.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        setImmediate: 'readonly',
      },
    },
  },
);
