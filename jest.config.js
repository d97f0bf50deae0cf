// Jest runs the TypeScript sources directly (ts-jest, ESM mode). Type checking is
// `npm run typecheck`; here ts-jest only transpiles, which keeps the suite fast.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }]
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  // The end-to-end, CLI and demo tests run dist/: rebuild it first when it is not the build of this source.
  globalSetup: '<rootDir>/__tests__/fresh-dist.mjs',
  // An end-to-end test runs the built action several times; on a busy 2-core machine one can pass a minute.
  testTimeout: 120000,
  verbose: false
}
