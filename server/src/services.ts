import type { Logger } from 'pino';
import { ApiKeyService } from './auth/api-keys.service';
import { AuthService } from './auth/auth.service';
import { createPasswordHasher } from './auth/passwords';
import type { Config } from './config';
import type { Database } from './db/pool';
import { PostgresPubSub } from './events/pubsub';

/** The service graph, built once per process. Each service is the only writer of its area's tables. */
export interface Services {
  config: Config;
  database: Database;
  pubsub: PostgresPubSub;
  log: Logger;
  auth: AuthService;
  apiKeys: ApiKeyService;
}

export async function createServices(config: Config, database: Database, databaseUrl: string, log: Logger): Promise<Services> {
  const pubsub = new PostgresPubSub(databaseUrl, (error) => log.error({ err: error }, 'pubsub listener error'));
  await pubsub.start();
  const hasher = createPasswordHasher(config.auth.passwordHashMemoryKib);
  return {
    config,
    database,
    pubsub,
    log,
    auth: new AuthService(database, config, hasher),
    apiKeys: new ApiKeyService(database, config, pubsub),
  };
}

export async function closeServices(services: Services): Promise<void> {
  await services.pubsub.close();
  await services.database.$client.end();
}
