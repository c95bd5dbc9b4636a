// Jest runs in ESM mode (Nest 12 is ES-modules only): `node --experimental-vm-modules`.
// TypeScript is compiled by @swc/jest with decorator metadata, as tsc does for the build.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@centinela/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@centinela/geo$': '<rootDir>/libs/geo/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};

export default {
  // Global (Jest ignores it per project): starting a whole app on a busy 2-core machine can take more than 5 s.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/apps/api/src/**/*.spec.ts',
        '<rootDir>/apps/web/src/**/*.spec.ts',
        '<rootDir>/test/support/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
    {
      // Services against the real database, no HTTP (test/medium/medium-app.ts): the tier between unit and integration.
      ...common,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.test.ts'],
    },
  ],
};
