module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'buyer',
  moduleNameMapper: {
    ...require('../jest.preset.cjs').moduleNameMapper,
    '^@/(.*)$': '<rootDir>/src/$1',
  },
};
