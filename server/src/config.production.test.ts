import crypto from 'node:crypto';
import { ConfigError, loadConfig } from './config';
import { productionEnvironment } from '../test/production-env';

/** The development secrets as published in this repository (config.ts, catalog/code-keys.ts). */
const publicDevelopmentSecrets = {
  JWT_SECRET: 'codesale-development-secret-not-for-production-use-0001',
  ATTACHMENT_SIGNING_KEY: 'codesale-development-attachment-key-not-for-production',
};

describe('production refuses the public development secrets', () => {
  it('given production with fresh secrets, then the configuration loads', () => {
    expect(loadConfig(productionEnvironment()).production).toBe(true);
  });

  test.each(Object.entries(publicDevelopmentSecrets))(
    'given production with %s set to its public development value, then the configuration is refused, naming it',
    (name, value) => {
      const env = productionEnvironment({ [name]: value });
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(`${name}.*development`));
    },
  );

  test.each(Object.entries(publicDevelopmentSecrets))(
    'given development with %s set to its public development value, then it is accepted',
    (name, value) => {
      expect(() => loadConfig({ [name]: value })).not.toThrow();
    },
  );

  it('given production with the development code keys, then the configuration is refused (as before)', () => {
    const developmentKey = (label: string) => crypto.createHash('sha256').update(label).digest('base64');
    expect(() =>
      loadConfig(
        productionEnvironment({
          CODE_ENCRYPTION_KEYS: `dev-1:${developmentKey('codesale-development-code-encryption-key-not-for-production')}`,
        }),
      ),
    ).toThrow(/CODE_ENCRYPTION_KEYS holds the development key/);
    expect(() =>
      loadConfig(
        productionEnvironment({
          FINGERPRINT_KEY: developmentKey('codesale-development-fingerprint-key-not-for-production'),
        }),
      ),
    ).toThrow(/FINGERPRINT_KEY is the development key/);
  });
});
