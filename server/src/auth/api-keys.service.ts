import crypto from 'node:crypto';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { closeAccountGate } from '../db/account-gate';
import { withTransaction, type Tx } from '../db/transaction';
import { recordAudit } from '../audit/audit.service';
import type { PostgresPubSub } from '../events/pubsub';
import type { RequestMeta } from '../shared/request-meta';
import type { KeysetCursor } from '../shared/keyset-cursor';
import { userError, type UserErrorValue } from '../shared/user-error';
import { apiKeys, sessions, users } from './auth.tables';
import { sessionsRevokedTopic, type SessionsRevoked } from './session-events';
import { assert } from '../shared/assert';
import { hitRateLimit } from './rate-limit';
import { ApiKeyScope, hasRole, Role, type Viewer } from './roles';
import { hashToken } from './tokens';
import { viewerEventsTopic, type ViewerEventPayload } from './viewer-events';
import { isReadableLine } from '../shared/display-text';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export enum CreateApiKeyErrorCode {
  INVALID_NAME = 'INVALID_NAME',
  INVALID_SCOPES = 'INVALID_SCOPES',
  TOO_MANY_KEYS = 'TOO_MANY_KEYS',
}

export enum RevokeApiKeyErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
}

/** Key format: `cs_<prefix: 16 hex>_<secret: 64 hex>`. Only the prefix is stored in clear. */
const keyPattern = /^cs_([0-9a-f]{16})_([0-9a-f]{64})$/;
export const maxActiveKeysPerUser = 25;

export type ApiKeyAuthentication =
  | { viewer: Viewer }
  | { failure: 'INVALID' }
  | { failure: 'OWNER_NOT_SELLER' }
  | { failure: 'RATE_LIMITED'; retryAfterSeconds: number };

/**
 * The owner's row lock that orders key creation against revocations of all the owner's keys (a
 * password change, a ban): whoever comes second sees what the first committed.
 */
export async function lockKeyOwner(tx: Tx, userId: string): Promise<void> {
  // NO KEY UPDATE, as an update of the row's other columns takes it: it excludes the others that
  // take it, and not the KEY SHARE locks of foreign keys (an order's buyer), so a purchase holding
  // its session (openSessionCondition) never waits for a revocation that waits for it.
  await tx.execute(sql`select 1 from users where id = ${userId} for no key update`);
}

export class ApiKeyService {
  constructor(
    private readonly database: Database,
    private readonly config: Config,
    private readonly pubsub: PostgresPubSub,
  ) {}

  async create(
    viewer: Viewer,
    input: { name: string; scopes: ApiKeyScope[] },
    meta: RequestMeta,
  ): Promise<
    | { apiKey: ApiKeyRow; secret: string }
    | { errors: UserErrorValue<CreateApiKeyErrorCode>[] }
    | { sessionEnded: true }
  > {
    // The resolver admits sellers only; a key of anyone else could never authenticate.
    assert(hasRole(viewer, Role.SELLER), 'API keys are created by sellers only');
    // Keys are made from a session only (the resolver refuses keys): the session is re-read below.
    const sessionId = viewer.sessionId;
    assert(sessionId, 'API keys are created from a session');
    const name = input.name.trim();
    const scopes = [...new Set(input.scopes)];
    const errors: UserErrorValue<CreateApiKeyErrorCode>[] = [];
    if (name.length < 1 || name.length > 80 || !isReadableLine(name)) {
      errors.push(
        userError(CreateApiKeyErrorCode.INVALID_NAME, 'Key names are 1 to 80 printable characters.', 'name'),
      );
    }
    if (scopes.length === 0) {
      errors.push(
        userError(CreateApiKeyErrorCode.INVALID_SCOPES, 'A key needs at least one scope.', 'scopes'),
      );
    }
    if (errors.length > 0) return { errors };

    return withTransaction(this.database, async (tx) => {
      // Serialise key creation per owner so the cap on active keys holds under concurrency. A
      // password change (its update of this row) and a ban (AuthService.revokeAllCredentials) take
      // the same row lock before they revoke the sessions and then every key: either they committed
      // first and the session read below (a statement after the lock, so it sees their commit) is
      // revoked, or they wait for this key to commit and revoke it with the others. The request's
      // own check of the session came earlier, and a revocation may have committed since.
      await lockKeyOwner(tx, viewer.userId);
      const [session] = await tx
        .select({ revokedAt: sessions.revokedAt })
        .from(sessions)
        .where(eq(sessions.id, sessionId));
      if (!session || session.revokedAt) return { sessionEnded: true as const };
      const [active] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(apiKeys)
        .where(and(eq(apiKeys.ownerUserId, viewer.userId), isNull(apiKeys.revokedAt)));
      if ((active?.count ?? 0) >= maxActiveKeysPerUser) {
        return {
          errors: [
            userError(
              CreateApiKeyErrorCode.TOO_MANY_KEYS,
              `At most ${maxActiveKeysPerUser} active keys; revoke one first.`,
            ),
          ],
        };
      }
      const prefix = crypto.randomBytes(8).toString('hex');
      const secretPart = crypto.randomBytes(32).toString('hex');
      const secret = `cs_${prefix}_${secretPart}`;
      const [apiKey] = await tx
        .insert(apiKeys)
        .values({ ownerUserId: viewer.userId, name, prefix, secretHash: hashToken(secret), scopes })
        .returning();
      if (!apiKey) throw new Error('api key insert returned no row');
      await recordAudit(tx, {
        actorUserId: viewer.userId,
        action: 'api_key.created',
        subjectType: 'ApiKey',
        subjectId: apiKey.id,
        details: { scopes },
        requestId: meta.requestId,
        address: meta.address,
      });
      await this.pubsub.publish(
        tx,
        viewerEventsTopic,
        { kind: 'API_KEY_CREATED', subjectId: apiKey.id } satisfies ViewerEventPayload,
        viewer.userId,
      );
      return { apiKey, secret };
    });
  }

  async revoke(
    viewer: Viewer,
    apiKeyId: string | null,
    meta: RequestMeta,
  ): Promise<{ apiKey: ApiKeyRow } | { errors: UserErrorValue<RevokeApiKeyErrorCode>[] }> {
    const notFound = { errors: [userError(RevokeApiKeyErrorCode.NOT_FOUND, 'No such API key.', 'apiKeyId')] };
    if (!apiKeyId) return notFound;
    return withTransaction(this.database, async (tx) => {
      // The writes a key authorises hold it share-locked behind its owner's gate (auth.queries
      // holdCredentialOpen): the gate first, found by the key, unlocked, so that a stream of the
      // key's writes cannot keep the row share-locked and this revocation waiting.
      const [owner] = await tx
        .select({ userId: apiKeys.ownerUserId })
        .from(apiKeys)
        .where(eq(apiKeys.id, apiKeyId));
      // Another user's key is reported as missing: its existence is not the viewer's business.
      if (!owner || (owner.userId !== viewer.userId && !hasRole(viewer, Role.ADMIN))) return notFound;
      await closeAccountGate(tx, owner.userId);
      const [existing] = await tx.select().from(apiKeys).where(eq(apiKeys.id, apiKeyId)).for('update');
      // Another user's key is reported as missing: its existence is not the viewer's business.
      if (!existing || (existing.ownerUserId !== viewer.userId && !hasRole(viewer, Role.ADMIN)))
        return notFound;
      if (existing.revokedAt) {
        return {
          errors: [
            userError(RevokeApiKeyErrorCode.ALREADY_REVOKED, 'This key is already revoked.', 'apiKeyId'),
          ],
        };
      }
      const [apiKey] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(eq(apiKeys.id, apiKeyId))
        .returning();
      if (!apiKey) throw new Error('api key update returned no row');
      await this.announceRevoked(tx, apiKey, {
        actorUserId: viewer.userId,
        requestId: meta.requestId,
        address: meta.address,
        reason: null,
      });
      return { apiKey };
    });
  }

  /**
   * Revokes every active key of `userId`, in the caller's transaction: a password change (a stolen
   * session's keys must not outlive it) and a ban (a banned seller's integrations stop with their
   * sessions). Each key is audited and announced as a revocation by its owner is. Returns how many.
   */
  async revokeAllOf(tx: Tx, userId: string, reason: string, actorUserId: string | null): Promise<number> {
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.ownerUserId, userId), isNull(apiKeys.revokedAt)))
      .returning();
    for (const apiKey of revoked) {
      await this.announceRevoked(tx, apiKey, { actorUserId, requestId: null, address: null, reason });
    }
    return revoked.length;
  }

  /** A revoked key's audit entry and events: its owner's clients hear of it, its sockets close. */
  private async announceRevoked(
    tx: Tx,
    apiKey: ApiKeyRow,
    by: {
      actorUserId: string | null;
      requestId: string | null;
      address: string | null;
      reason: string | null;
    },
  ): Promise<void> {
    await recordAudit(tx, {
      actorUserId: by.actorUserId,
      action: 'api_key.revoked',
      subjectType: 'ApiKey',
      subjectId: apiKey.id,
      details: by.reason ? { reason: by.reason } : undefined,
      requestId: by.requestId,
      address: by.address,
    });
    await this.pubsub.publish(
      tx,
      viewerEventsTopic,
      { kind: 'API_KEY_REVOKED', subjectId: apiKey.id } satisfies ViewerEventPayload,
      apiKey.ownerUserId,
    );
    // Every instance closes the sockets opened with this key (see http/session-sockets.ts).
    await this.pubsub.publish(tx, sessionsRevokedTopic, {
      userId: apiKey.ownerUserId,
      sessionId: null,
      apiKeyId: apiKey.id,
    } satisfies SessionsRevoked);
  }

  /** The viewer's keys, newest first, after the keyset cursor; `limit` rows at most. */
  async listOwn(viewer: Viewer, limit: number, after: KeysetCursor | null): Promise<ApiKeyRow[]> {
    return this.database
      .select()
      .from(apiKeys)
      .where(
        and(
          eq(apiKeys.ownerUserId, viewer.userId),
          after
            ? or(
                lt(apiKeys.createdAt, new Date(after.createdAt)),
                and(eq(apiKeys.createdAt, new Date(after.createdAt)), lt(apiKeys.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
      .limit(limit);
  }

  /**
   * Authenticates the `x-api-key` header and counts the request's `operations` (a batched HTTP
   * request's each, as graphql-ws counts each operation) against the key's rate limit. A key acts as its owner in the SELLER role only, whatever other roles the owner holds, and
   * its scopes narrow that further: staff powers stay with staff sessions. A key whose owner is no
   * longer a seller is refused.
   */
  async authenticate(header: string, operations = 1): Promise<ApiKeyAuthentication> {
    const match = keyPattern.exec(header);
    if (!match) return { failure: 'INVALID' };
    const [row] = await this.database
      .select({ key: apiKeys, roles: users.roles, status: users.status })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.ownerUserId))
      .where(eq(apiKeys.prefix, match[1] as string));
    if (
      !row ||
      row.key.revokedAt ||
      row.status !== 'ACTIVE' ||
      !crypto.timingSafeEqual(row.key.secretHash, hashToken(header))
    ) {
      return { failure: 'INVALID' };
    }
    if (!(row.roles as Role[]).includes(Role.SELLER)) return { failure: 'OWNER_NOT_SELLER' };
    const limit = await hitRateLimit(
      this.database,
      `api-key:${row.key.id}`,
      this.config.auth.apiKeyRequestsPerMinute,
      60,
      operations,
    );
    if (!limit.allowed) return { failure: 'RATE_LIMITED', retryAfterSeconds: limit.retryAfterSeconds };
    // Touch last_used_at at most once a minute, not on every request.
    await this.database
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(
        and(
          eq(apiKeys.id, row.key.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(Date.now() - 60_000))),
        ),
      );
    return {
      viewer: {
        userId: row.key.ownerUserId,
        roles: [Role.SELLER],
        via: 'apiKey',
        sessionId: null,
        apiKeyId: row.key.id,
        scopes: row.key.scopes as ApiKeyScope[],
      },
    };
  }
}
