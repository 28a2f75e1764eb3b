/** Jest for the clients' units: jsdom, TypeScript and JSX through SWC, CSS imports ignored. */
const swcOptions = {
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
  transform: { '^.+\\.(ts|tsx)$': ['@swc/jest', swcOptions] },
  moduleNameMapper: { '\\.css$': '<rootDir>/../style-stub.cjs' },
  testTimeout: 20_000,
};
