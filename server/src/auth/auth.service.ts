import { adminReasonRule, isAdminReason } from '../shared/admin-reason';
import { and, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { afterCommit, postgresConstraint, withTransaction, type Tx } from '../db/transaction';
import { recordAudit } from '../audit/audit.service';
import type { PostgresPubSub } from '../events/pubsub';
import { isReadableLine } from '../shared/display-text';
import type { RequestMeta } from '../shared/request-meta';
import { assert } from '../shared/assert';
import { userError, type UserErrorValue } from '../shared/user-error';
import { fixedWindowStart, hitRateLimit, rateLimitHits } from './rate-limit';
import { lockKeyOwner, type ApiKeyService } from './api-keys.service';
import { loginAttempts, refreshTokens, sessions, users } from './auth.tables';
import type { PasswordHasher, PasswordHashing, PasswordWorkRefusal } from './passwords';
import { Role, type Viewer } from './roles';
import { CsrfTokens } from './csrf-tokens';
import { AccessTokens, hashToken, randomToken, type VerifiedAccessClaims } from './tokens';
import {
  SessionCache,
  sessionCacheMaxAgeMs,
  sessionCacheMaxEntries,
  type SessionUser,
} from './session-cache';
import { sessionsRevokedTopic, type SessionsRevoked } from './session-events';
import { maxUserSearchResults, type UserSearch } from './user-search';

import { holdSessionOpen, type UserRow } from './auth.queries';
import { closeAccountGate } from '../db/account-gate';

export type { UserRow };

/** What a successful login or refresh hands to the HTTP layer to set as cookies. */
export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: Date;
  csrfToken: string;
}

export enum SignUpErrorCode {
  INVALID_EMAIL = 'INVALID_EMAIL',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  INVALID_DISPLAY_NAME = 'INVALID_DISPLAY_NAME',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
}

export enum LogInErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  ACCOUNT_BANNED = 'ACCOUNT_BANNED',
  PASSWORD_EXPIRED = 'PASSWORD_EXPIRED',
}

export enum ResetStaffPasswordErrorCode {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  NOT_STAFF = 'NOT_STAFF',
  OWN_ACCOUNT = 'OWN_ACCOUNT',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
}

export enum SetStaffAccountStatusErrorCode {
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  NOT_STAFF = 'NOT_STAFF',
  OWN_ACCOUNT = 'OWN_ACCOUNT',
  INVALID_REASON = 'INVALID_REASON',
}

/** Whether an account may sign in: DISABLED refuses its sign-in, sessions and API keys. */
export enum UserStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}

/** Refuses a login whose password was right: a banned account (services.ts wires RiskEnforcementService.loginRefusal). */
export type LoginRefusal = (tx: Tx, userId: string) => Promise<'ACCOUNT_BANNED' | null>;

/** Who checks a password: someone signing in, or the holder of a session (changePassword). */
type PasswordAsker = 'SIGNED_OUT' | 'SESSION';

export enum CreateStaffUserErrorCode {
  INVALID_EMAIL = 'INVALID_EMAIL',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  INVALID_DISPLAY_NAME = 'INVALID_DISPLAY_NAME',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_ROLES = 'INVALID_ROLES',
}

export enum ChangePasswordErrorCode {
  WRONG_PASSWORD = 'WRONG_PASSWORD',
  INVALID_PASSWORD = 'INVALID_PASSWORD',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
}

export enum RevokeSessionErrorCode {
  SESSION_NOT_FOUND = 'SESSION_NOT_FOUND',
}

export enum OpenSellerAccountErrorCode {
  /** The risk authority banned the account: it may not sell (nor buy). */
  ACCOUNT_BANNED = 'ACCOUNT_BANNED',
  /** Support agents and admins decide disputes and move escrow: they do not sell from that account. */
  STAFF_ACCOUNT = 'STAFF_ACCOUNT',
}

/** A session as its user sees it in their list of active sessions. */
export interface SessionRow {
  id: string;
  createdAt: Date;
  userAgent: string | null;
  address: string | null;
}

/**
 * How long a rotated refresh token is answered RACED instead of ending its session. Two apps of one
 * browser (the console and the buyer app are different origins, so no Web Lock spans them, while
 * the cookies are shared) can send the same token at once. A RACED answer issues nothing, so a
 * thief's copy gains nothing from it; and a client keeps retrying past the window, so when a thief
 * rotated the token first, the owner's retries still end the session (REUSED), a few seconds late.
 */
export const refreshRaceGraceMs = 5_000;

/** Sessions listed per user: at most AUTH_MAX_SESSIONS_PER_USER are open, so one page is all of them. */
const maxListedSessions = 200;

export type RefreshFailure =
  | 'MISSING'
  | 'INVALID'
  | 'EXPIRED'
  | 'REUSED'
  /**
   * The token was rotated less than refreshRaceGraceMs ago: another tab or app of the same browser
   * (they share the cookies) renewed the session at the same moment. Nothing changes and nothing is
   * issued; the client retries with the cookies as they are now.
   */
  | 'RACED'
  | 'CSRF_TOKEN_INVALID'
  /** The account's initial password (set by an admin) expired unchanged: its sessions end too. */
  | 'PASSWORD_EXPIRED';

export interface NewAccount {
  email: string;
  password: string;
  displayName: string;
}

export const passwordMinLength = 10;
export const passwordMaxLength = 256;
/**
 * A local part, then a domain of two or more dot-separated labels, none empty: `a@b.c.` (a
 * trailing dot) and `a@b..c` are refused, as most mail systems refuse them; any script is allowed.
 */
const emailPattern = /^[^\s@]{1,64}@(?=[^\s@]{3,253}$)(?:[^\s@.]{1,63}\.)+[^\s@.]{1,63}$/;

/**
 * Why a new password is refused, or null: 10 to 256 characters, and not one character repeated
 * (ten spaces, `aaaaaaaaaa`), which any guesser tries first.
 */
export function passwordRefusal(password: string): string | null {
  if (password.length < passwordMinLength || password.length > passwordMaxLength) {
    return `Passwords are ${passwordMinLength} to ${passwordMaxLength} characters long.`;
  }
  if (new Set(password).size === 1) {
    return 'A password of one character repeated is guessed first: use different characters.';
  }
  return null;
}

/** An email address as sign-up accepts it (surrounding spaces aside). */
export function isEmailAddress(email: string): boolean {
  const trimmed = email.trim();
  return trimmed.length <= 254 && emailPattern.test(trimmed);
}

type AccountErrorCode = 'INVALID_EMAIL' | 'WEAK_PASSWORD' | 'INVALID_DISPLAY_NAME';

/** Checks the fields every new account has; the caller maps the codes onto its own error enum. */
export function validateNewAccount(input: NewAccount): UserErrorValue<AccountErrorCode>[] {
  const errors: UserErrorValue<AccountErrorCode>[] = [];
  if (!isEmailAddress(input.email)) {
    errors.push(userError('INVALID_EMAIL', 'Enter a valid email address.', 'email'));
  }
  const weakPassword = passwordRefusal(input.password);
  if (weakPassword) errors.push(userError('WEAK_PASSWORD', weakPassword, 'password'));
  const displayName = input.displayName.trim();
  if (displayName.length < 1 || displayName.length > 80 || !isReadableLine(displayName)) {
    errors.push(
      userError(
        'INVALID_DISPLAY_NAME',
        'Display names are 1 to 80 printable characters on one line, without invisible or direction-changing characters.',
        'displayName',
      ),
    );
  }
  return errors;
}

/**
 * The schema defines `email_normalized = lower(email)`, so PostgreSQL's lower() is the definition.
 * JavaScript's toLowerCase() differs from it on some letters (final sigma, dotted capital I), which
 * made such sign-ups fail the check constraint and logins miss the account.
 */
export function normalizedEmailSql(email: string) {
  return sql<string>`lower(${email.trim()}::text)`;
}

async function normalizeEmailInDatabase(tx: Tx, email: string): Promise<string> {
  const result = await tx.execute<{ normalized: string }>(
    sql`select ${normalizedEmailSql(email)} as normalized`,
  );
  const normalized = result.rows[0]?.normalized;
  if (normalized === undefined) throw new Error('lower() returned no row');
  return normalized;
}

/** The rate_limit_windows bucket counting the accounts opened from one client address. */
function accountsBucket(address: string): string {
  return `sign-up-accounts:${address}`;
}

export class AuthService {
  private readonly accessTokens: AccessTokens;
  private readonly csrfTokens: CsrfTokens;
  /** Open sessions as last read, kept fresh by the revocation events (session-cache.ts). */
  private readonly sessionCache = new SessionCache({
    maxEntries: sessionCacheMaxEntries,
    maxAgeMs: sessionCacheMaxAgeMs,
  });

  constructor(
    private readonly database: Database,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    private readonly pubsub: PostgresPubSub,
    private readonly loginRefusal: LoginRefusal,
    /** The account's API keys, revoked with its sessions by a password change and a ban. */
    private readonly apiKeys: Pick<ApiKeyService, 'revokeAllOf'> = { revokeAllOf: async () => 0 },
    /**
     * In the transaction that disables a staff account: its open disputes go back to the queue
     * (DisputeService.returnAssignedToQueue); returns how many.
     */
    private readonly returnAssignedDisputes: (
      tx: Tx,
      staffUserId: string,
      adminUserId: string,
    ) => Promise<number> = async () => 0,
  ) {
    this.accessTokens = new AccessTokens(config.auth.jwtSecret, config.auth.accessTokenTtlSeconds);
    this.csrfTokens = new CsrfTokens(config.auth.jwtSecret);
    pubsub.observeDelivery(this.sessionCache);
  }

  async signUp(
    input: NewAccount & { sellerAccount: boolean },
    meta: RequestMeta,
  ): Promise<
    | { user: UserRow; session: IssuedSession }
    | { errors: UserErrorValue<SignUpErrorCode>[] }
    | { refused: PasswordWorkRefusal }
  > {
    const invalid = validateNewAccount(input);
    if (invalid.length > 0)
      return { errors: invalid.map((error) => ({ ...error, code: SignUpErrorCode[error.code] })) };
    const roles = input.sellerAccount ? [Role.BUYER, Role.SELLER] : [Role.BUYER];
    // Checked before the hash too: an address at its limit costs no password work.
    if ((await this.signUpProbe(this.database, meta.address, input.email)) === 'LIMITED') {
      return this.tooManySignUps();
    }
    if (
      (await this.accountsOpenedFrom(this.database, meta.address)) >=
      this.config.auth.signUpMaxAccountsPerAddress
    ) {
      return this.tooManyAccounts();
    }
    const hashed = await this.hasher.run(meta, (hashing) => hashing.hash(input.password));
    if ('refused' in hashed) return hashed;
    const passwordHash = hashed.value;
    return withTransaction(this.database, async (tx) => {
      // One sign-up at a time per address, so that concurrent ones cannot slip past the count.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${'sign-up-address:' + meta.address}, 0))`,
      );
      const probe = await this.signUpProbe(tx, meta.address, input.email);
      if (probe === 'LIMITED') return this.tooManySignUps();
      if ((await this.accountsOpenedFrom(tx, meta.address)) >= this.config.auth.signUpMaxAccountsPerAddress) {
        return this.tooManyAccounts();
      }
      const user = await this.insertUser(tx, input, roles, passwordHash);
      if (!user) {
        if (probe === 'NEW') {
          // The address's earlier windows are over: dropped as the new one fills.
          await tx.execute(
            sql`delete from sign_up_probes where address = ${meta.address} and window_start < ${this.signUpWindowStart()}`,
          );
          await tx.execute(sql`insert into sign_up_probes (address, window_start, email_normalized)
            values (${meta.address}, ${this.signUpWindowStart()}, ${normalizedEmailSql(input.email)})
            on conflict do nothing`);
        }
        return {
          errors: [userError(SignUpErrorCode.EMAIL_TAKEN, 'An account with this email exists.', 'email')],
        };
      }
      // Counted only when the account is opened (this transaction commits).
      await hitRateLimit(
        tx,
        accountsBucket(meta.address),
        this.config.auth.signUpMaxAccountsPerAddress,
        3600,
      );
      const session = await this.openSession(tx, user.id, meta);
      return { user, session };
    });
  }

  /**
   * Accounts opened from `address` in this hour's window (rate_limit_windows). Each account
   * multiplies every per-user limit (sockets, top-ups, disputes), so one address may not open them
   * without end (attacker probe: 720 accounts in 12 s). One sign-up at a time per address (the
   * advisory lock above), so concurrent ones cannot pass the count together.
   */
  private accountsOpenedFrom(executor: Database | Tx, address: string): Promise<number> {
    return rateLimitHits(executor, accountsBucket(address), 3600);
  }

  private tooManyAccounts(): { errors: UserErrorValue<SignUpErrorCode>[] } {
    const minutesLeft = 60 - new Date().getUTCMinutes();
    return {
      errors: [
        userError(
          SignUpErrorCode.TOO_MANY_ATTEMPTS,
          `Too many accounts were opened from your network this hour. Try again in ${minutesLeft} minutes, or sign in to an account you have.`,
        ),
      ],
    };
  }

  /**
   * EMAIL_TAKEN tells whoever asks that an email has an account. Each distinct email a client
   * address learned that of is recorded (sign_up_probes, migration 0023), in windows of
   * LOGIN_WINDOW_MINUTES; at SIGN_UP_MAX_TAKEN_PER_ADDRESS of them, every sign-up from that address
   * is refused until the window ends (a new account too: its success would tell the same), so that a
   * list of emails cannot be checked at speed. An email already answered in the window is
   * answered again (KNOWN: it tells nothing new), so a crowd racing one email is one probe.
   */
  private async signUpProbe(
    executor: Database | Tx,
    address: string,
    email: string,
  ): Promise<'KNOWN' | 'NEW' | 'LIMITED'> {
    const result = await executor.execute<{ probes: number; known: boolean }>(sql`
      select count(*)::int as probes, coalesce(bool_or(email_normalized = ${normalizedEmailSql(email)}), false) as known
        from sign_up_probes
       where address = ${address} and window_start = ${this.signUpWindowStart()}`);
    const row = result.rows[0];
    if (row?.known) return 'KNOWN';
    return (row?.probes ?? 0) >= this.config.auth.signUpMaxTakenPerAddress ? 'LIMITED' : 'NEW';
  }

  /** The start of the current sign-up probe window (fixed windows of LOGIN_WINDOW_MINUTES). */
  private signUpWindowStart(): SQL {
    return fixedWindowStart(this.config.auth.loginWindowMinutes * 60);
  }

  private tooManySignUps(): { errors: UserErrorValue<SignUpErrorCode>[] } {
    return {
      errors: [
        userError(
          SignUpErrorCode.TOO_MANY_ATTEMPTS,
          `Too many sign-ups with emails that already have an account came from your network. Try again in ${this.config.auth.loginWindowMinutes} minutes, or sign in.`,
        ),
      ],
    };
  }

  async logIn(
    input: { email: string; password: string },
    meta: RequestMeta,
  ): Promise<
    | { user: UserRow; session: IssuedSession }
    | { errors: UserErrorValue<LogInErrorCode>[] }
    | { refused: PasswordWorkRefusal }
  > {
    const password = input.password.slice(0, passwordMaxLength + 1);
    // The hashing slot is held for the whole transaction: waiting for one never holds a connection.
    const outcome = await this.hasher.run(meta, (hashing) =>
      this.logInTransaction(input.email, password, hashing, meta),
    );
    return 'refused' in outcome ? outcome : outcome.value;
  }

  private async logInTransaction(
    email: string,
    password: string,
    hashing: PasswordHashing,
    meta: RequestMeta,
  ): Promise<{ user: UserRow; session: IssuedSession } | { errors: UserErrorValue<LogInErrorCode>[] }> {
    return withTransaction(this.database, async (tx) => {
      const emailNormalized = await normalizeEmailInDatabase(tx, email.trim().slice(0, 254));
      let user: UserRow | undefined;
      const attempt = await this.passwordAttempt(tx, emailNormalized, meta.address, async () => {
        [user] = await tx.select().from(users).where(eq(users.emailNormalized, emailNormalized));
        return user
          ? hashing.verify(user.passwordHash, password)
          : hashing.verifyAgainstNothing(password).then(() => false);
      });
      if (attempt === 'LIMITED') {
        return {
          errors: [
            userError(
              LogInErrorCode.TOO_MANY_ATTEMPTS,
              `Too many failed logins. Try again in ${this.config.auth.loginWindowMinutes} minutes.`,
            ),
          ],
        };
      }
      if (!user || attempt === 'WRONG') {
        return { errors: [userError(LogInErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect.')] };
      }
      // The password matched the row as read before hashing. A reset, a change or a disable that
      // committed since wins: the session opens only if the row, locked now, still holds that hash.
      user = (await credentialsHeld(tx, user, 'share')) ?? undefined;
      if (!user) {
        return { errors: [userError(LogInErrorCode.INVALID_CREDENTIALS, 'Email or password is incorrect.')] };
      }
      if (user.status !== 'ACTIVE') {
        return { errors: [userError(LogInErrorCode.ACCOUNT_DISABLED, 'This account is disabled.')] };
      }
      // Only after the password check: who lacks the password learns nothing of the account's risk tier.
      if ((await this.loginRefusal(tx, user.id)) === 'ACCOUNT_BANNED') {
        return { errors: [userError(LogInErrorCode.ACCOUNT_BANNED, 'This account is banned.')] };
      }
      if (user.passwordExpiresAt && user.passwordExpiresAt <= new Date()) {
        return {
          errors: [
            userError(
              LogInErrorCode.PASSWORD_EXPIRED,
              'This initial password has expired: ask an admin to set a new one, then change it once signed in.',
            ),
          ],
        };
      }
      const session = await this.openSession(tx, user.id, meta);
      return { user, session };
    });
  }

  /**
   * Changes the signed-in user's password, given the current one. A wrong current password counts
   * as a failed login of the account (the same lockout: a stolen session cannot try passwords
   * without end). The new password signs out every other session of the account (a thief's
   * included); this one stays. Both hashes run in one hashing slot, charged once to the request.
   */
  async changePassword(
    viewer: Viewer & { sessionId: string },
    input: { currentPassword: string; newPassword: string },
    meta: RequestMeta,
  ): Promise<
    | { changed: true; signedOutSessions: number; revokedApiKeys: number }
    | { errors: UserErrorValue<ChangePasswordErrorCode>[] }
    | { refused: PasswordWorkRefusal }
  > {
    const { currentPassword, newPassword } = input;
    const weakPassword = passwordRefusal(newPassword);
    if (weakPassword) {
      return { errors: [userError(ChangePasswordErrorCode.INVALID_PASSWORD, weakPassword, 'newPassword')] };
    }
    if (newPassword === currentPassword) {
      return {
        errors: [
          userError(
            ChangePasswordErrorCode.INVALID_PASSWORD,
            'The new password is the current one: choose another.',
            'newPassword',
          ),
        ],
      };
    }
    const outcome = await this.hasher.run(meta, (hashing) =>
      withTransaction(this.database, async (tx) => {
        const [user] = await tx.select().from(users).where(eq(users.id, viewer.userId));
        assert(user, `user ${viewer.userId} has a session but no row`);
        // A password guessed here is counted as a failed login; a session is not locked out by the
        // failures of other addresses (loginLimitReached), so an owner can always change a password.
        const attempt = await this.passwordAttempt(
          tx,
          user.emailNormalized,
          meta.address,
          () => hashing.verify(user.passwordHash, currentPassword.slice(0, passwordMaxLength + 1)),
          'SESSION',
        );
        if (attempt === 'LIMITED') {
          return {
            errors: [
              userError(
                ChangePasswordErrorCode.TOO_MANY_ATTEMPTS,
                `Too many wrong passwords. Try again in ${this.config.auth.loginWindowMinutes} minutes.`,
              ),
            ],
          };
        }
        if (attempt === 'WRONG') {
          return {
            errors: [
              userError(
                ChangePasswordErrorCode.WRONG_PASSWORD,
                'The current password is not right.',
                'currentPassword',
              ),
            ],
          };
        }
        // Checked against the row as read before hashing: a reset or another change, or a sign-out
        // of this session, that committed since wins. The row first, then the session (whose check
        // takes the account's gate shared): a reset holds the row when it closes the gate.
        if (!(await credentialsHeld(tx, user, 'no key update'))) {
          return {
            errors: [
              userError(
                ChangePasswordErrorCode.WRONG_PASSWORD,
                'The current password is not right: it was changed or reset meanwhile.',
                'currentPassword',
              ),
            ],
          };
        }
        await holdSessionOpen(tx, viewer.sessionId, user.id);
        const passwordHash = await hashing.hash(newPassword);
        await tx
          .update(users)
          .set({ passwordHash, passwordExpiresAt: null, updatedAt: new Date() })
          .where(eq(users.id, user.id));
        const signedOut = await this.revokeSessionsOf(
          tx,
          user.id,
          sql`${sessions.id} <> ${viewer.sessionId}`,
          'PASSWORD_CHANGED',
        );
        // A key created from a stolen session would outlive it: every key goes with the old password.
        const revokedApiKeys = await this.apiKeys.revokeAllOf(tx, user.id, 'PASSWORD_CHANGED', user.id);
        await recordAudit(tx, {
          actorUserId: user.id,
          action: 'user.password_changed',
          subjectType: 'User',
          subjectId: user.id,
          details: { signedOutSessions: signedOut, revokedApiKeys },
          requestId: meta.requestId,
          address: meta.address,
        });
        return { changed: true as const, signedOutSessions: signedOut, revokedApiKeys };
      }),
    );
    return 'refused' in outcome ? outcome : outcome.value;
  }

  /**
   * Exchanges a refresh token for a new one (rotation). A token that was already rotated means it
   * was stolen or replayed: the whole session is revoked, and that revocation commits. The CSRF
   * token must be the refresh token's session's, checked first: a forged refresh changes nothing.
   */
  async refresh(
    rawToken: string | undefined,
    csrfToken: string | undefined,
    meta: RequestMeta,
  ): Promise<{ session: IssuedSession } | { failure: RefreshFailure }> {
    if (!csrfToken) return { failure: 'CSRF_TOKEN_INVALID' };
    if (!rawToken || rawToken.length > 200) return { failure: rawToken ? 'INVALID' : 'MISSING' };
    const tokenHash = hashToken(rawToken);
    return withTransaction(this.database, async (tx) => {
      // The session's row is locked below, and its purchases share-lock it behind the account's
      // gate: the gate first (db/account-gate.ts), found by the token's session, unlocked.
      const [owner] = await tx
        .select({ userId: sessions.userId })
        .from(refreshTokens)
        .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
        .where(eq(refreshTokens.tokenHash, tokenHash));
      if (!owner) return { failure: 'INVALID' as const };
      await closeAccountGate(tx, owner.userId);
      const [token] = await tx
        .select({
          token: refreshTokens,
          session: sessions,
          userStatus: users.status,
          passwordExpiresAt: users.passwordExpiresAt,
        })
        .from(refreshTokens)
        .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .for('update', { of: [refreshTokens, sessions] });
      if (!token) return { failure: 'INVALID' as const };
      if (!this.csrfTokens.matches(token.session.id, csrfToken))
        return { failure: 'CSRF_TOKEN_INVALID' as const };
      if (token.session.revokedAt || token.userStatus !== 'ACTIVE') return { failure: 'INVALID' as const };
      // The refresh token is the session's only way to renew: these end it, audited, no actor.
      const endSession = async (reason: string, action: string) => {
        await this.revokeSession(tx, token.session.userId, token.session.id, reason);
        await recordAudit(tx, {
          actorUserId: null,
          action,
          subjectType: 'Session',
          subjectId: token.session.id,
          details: { userId: token.session.userId },
          requestId: meta.requestId,
          address: meta.address,
        });
      };
      if (token.token.rotatedAt && Date.now() - token.token.rotatedAt.getTime() < refreshRaceGraceMs) {
        return { failure: 'RACED' as const };
      }
      if (token.token.rotatedAt) {
        await endSession('REFRESH_TOKEN_REUSED', 'session.revoked.refresh_token_reused');
        return { failure: 'REUSED' as const };
      }
      if (token.token.expiresAt.getTime() <= Date.now()) return { failure: 'EXPIRED' as const };
      // An initial password that expired unchanged ends the sessions it opened, not only new sign-ins:
      // an access token lives on at most ACCESS_TOKEN_TTL_SECONDS, and this is its only way to renew.
      if (token.passwordExpiresAt && token.passwordExpiresAt <= new Date()) {
        await endSession('PASSWORD_EXPIRED', 'session.revoked.password_expired');
        return { failure: 'PASSWORD_EXPIRED' as const };
      }
      const next = await this.issueRefreshToken(tx, token.session.id);
      await tx
        .update(refreshTokens)
        .set({ rotatedAt: new Date(), replacedById: next.id })
        .where(eq(refreshTokens.id, token.token.id));
      return { session: await this.sessionTokens(token.session.userId, token.session.id, next) };
    });
  }

  /** Ends the viewer's session, or every session of the user. */
  async logOut(viewer: Viewer, allSessions: boolean, meta: RequestMeta): Promise<void> {
    await withTransaction(this.database, async (tx) => {
      if (allSessions) {
        await this.revokeAllSessions(tx, viewer.userId, 'LOGGED_OUT_EVERYWHERE');
      } else if (viewer.sessionId) {
        await this.revokeSession(tx, viewer.userId, viewer.sessionId, 'LOGGED_OUT');
      }
      await recordAudit(tx, {
        actorUserId: viewer.userId,
        action: allSessions ? 'session.logout_all' : 'session.logout',
        subjectType: 'User',
        subjectId: viewer.userId,
        requestId: meta.requestId,
        address: meta.address,
      });
    });
  }

  /**
   * Staff lookup (the `users` query): the account a parsed search names, by primary key or by the
   * unique normalized email, normalized as a login normalizes it.
   */
  async findUsers(search: Exclude<UserSearch, { kind: 'INVALID' }>): Promise<UserRow[]> {
    const condition =
      search.kind === 'ID'
        ? eq(users.id, search.userId)
        : eq(users.emailNormalized, normalizedEmailSql(search.email));
    return this.database.select().from(users).where(condition).limit(maxUserSearchResults);
  }

  /**
   * Staff accounts (SUPPORT or ADMIN), by name: the active ones (whom a dispute can be assigned to),
   * or all of them, disabled too (the admins' staff list, to enable one again). Served by
   * users_staff_idx (migration 0029), whose predicate this repeats; at most `limit`.
   */
  async staffMembers(limit: number, includeDisabled = false): Promise<UserRow[]> {
    return this.database
      .select()
      .from(users)
      .where(
        and(
          sql`${users.roles} && array['SUPPORT', 'ADMIN']::user_role[]`,
          includeDisabled ? undefined : eq(users.status, 'ACTIVE'),
        ),
      )
      .orderBy(users.displayName, users.id)
      .limit(limit);
  }

  /**
   * The user's active sessions, newest first: not revoked, with a refresh token that can still be
   * used (not rotated, not expired). A session whose refresh token ran out is over even though
   * nobody revoked it.
   */
  async activeSessions(userId: string): Promise<SessionRow[]> {
    return this.database
      .select({
        id: sessions.id,
        createdAt: sessions.createdAt,
        userAgent: sessions.userAgent,
        address: sessions.address,
      })
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          sql`exists (select 1 from ${refreshTokens} where ${refreshTokens.sessionId} = ${sessions.id}
                and ${refreshTokens.rotatedAt} is null and ${refreshTokens.expiresAt} > now())`,
        ),
      )
      .orderBy(desc(sessions.createdAt), desc(sessions.id))
      .limit(maxListedSessions);
  }

  /**
   * Revokes one of the viewer's own sessions (the current one included: that signs it out). Its
   * refresh token stops working and its sockets close, through the same path as logOut. A session
   * of another user, or one already revoked, is SESSION_NOT_FOUND and nothing changes: whether
   * another user's session id exists is not the viewer's business.
   */
  async revokeOwnSession(
    viewer: Viewer,
    sessionId: string | null,
    meta: RequestMeta,
  ): Promise<{ session: SessionRow } | { errors: UserErrorValue<RevokeSessionErrorCode>[] }> {
    const notFound = {
      errors: [userError(RevokeSessionErrorCode.SESSION_NOT_FOUND, 'No such active session.', 'sessionId')],
    };
    if (!sessionId) return notFound;
    return withTransaction(this.database, async (tx) => {
      // Before the row's lock, which the session's purchases share (db/account-gate.ts).
      await closeAccountGate(tx, viewer.userId);
      const [session] = await tx
        .select({
          id: sessions.id,
          createdAt: sessions.createdAt,
          userAgent: sessions.userAgent,
          address: sessions.address,
        })
        .from(sessions)
        .where(
          and(eq(sessions.id, sessionId), eq(sessions.userId, viewer.userId), isNull(sessions.revokedAt)),
        )
        .for('update');
      if (!session) return notFound;
      await this.revokeSession(tx, viewer.userId, session.id, 'REVOKED_BY_USER');
      await recordAudit(tx, {
        actorUserId: viewer.userId,
        action: 'session.revoked',
        subjectType: 'Session',
        subjectId: session.id,
        details: { current: session.id === viewer.sessionId },
        requestId: meta.requestId,
        address: meta.address,
      });
      return { session };
    });
  }

  /**
   * Lets a signed-in buyer sell from the same account: adds the SELLER role (signUp's
   * `sellerAccount`, later). Idempotent: an account that already sells is answered as it is, with
   * nothing written. Refused for a banned account (the risk authority's check, under the user's
   * risk lock, as at login) and for staff accounts. The role change publishes USER_CHANGED (the
   * trigger on `users`), which every instance's session cache hears; this instance forgets the user
   * as soon as the change committed, so the caller's next request here already acts as a seller
   * (a session read that started before the commit is not stored: SessionCache.store).
   */
  async openSellerAccount(
    viewer: Viewer,
    meta: RequestMeta,
  ): Promise<{ user: UserRow } | { errors: UserErrorValue<OpenSellerAccountErrorCode>[] }> {
    const outcome = await withTransaction(this.database, async (tx) => {
      if (await this.loginRefusal(tx, viewer.userId)) {
        return {
          errors: [
            userError(OpenSellerAccountErrorCode.ACCOUNT_BANNED, 'This account is banned: it cannot sell.'),
          ],
        };
      }
      const [user] = await tx.select().from(users).where(eq(users.id, viewer.userId)).for('update');
      assert(user, `the signed-in user ${viewer.userId} has no row`);
      if (user.roles.some((role) => role === Role.SUPPORT || role === Role.ADMIN)) {
        return {
          errors: [
            userError(
              OpenSellerAccountErrorCode.STAFF_ACCOUNT,
              'Staff accounts cannot sell. Sign up for a seller account with another email address.',
            ),
          ],
        };
      }
      if (user.roles.includes(Role.SELLER)) return { user, changed: false };
      const [updated] = await tx
        .update(users)
        .set({ roles: [...user.roles, Role.SELLER], updatedAt: new Date() })
        .where(eq(users.id, user.id))
        .returning();
      assert(updated, 'the role update returned no row');
      await recordAudit(tx, {
        actorUserId: viewer.userId,
        action: 'user.seller_account_opened',
        subjectType: 'User',
        subjectId: user.id,
        details: { roles: updated.roles },
        requestId: meta.requestId,
        address: meta.address,
      });
      return { user: updated, changed: true };
    });
    if ('errors' in outcome) return outcome;
    if (outcome.changed) this.sessionCache.forgetUser(outcome.user.id);
    return { user: outcome.user };
  }

  /** `actor` is the admin creating the account, or null for the seed and first-admin bootstrap. */
  async createStaffUser(
    actor: Viewer | null,
    input: NewAccount & { roles: Role[] },
    meta: RequestMeta,
  ): Promise<
    | { user: UserRow }
    | { errors: UserErrorValue<CreateStaffUserErrorCode>[] }
    | { refused: PasswordWorkRefusal }
  > {
    const errors: UserErrorValue<CreateStaffUserErrorCode>[] = validateNewAccount(input).map((error) => ({
      ...error,
      code: CreateStaffUserErrorCode[error.code],
    }));
    const roles = [...new Set(input.roles)];
    if (roles.length === 0 || !roles.some((role) => role === Role.SUPPORT || role === Role.ADMIN)) {
      errors.push(
        userError(
          CreateStaffUserErrorCode.INVALID_ROLES,
          'Staff accounts have SUPPORT or ADMIN among their roles.',
          'roles',
        ),
      );
    }
    if (errors.length > 0) return { errors };
    const hashed = await this.hasher.run(meta, (hashing) => hashing.hash(input.password));
    if ('refused' in hashed) return hashed;
    const passwordHash = hashed.value;
    return withTransaction(this.database, async (tx) => {
      // An admin knows the password they set: it is an initial one, which its owner changes.
      const expiresAt = actor ? this.initialPasswordEnd() : null;
      const user = await this.insertUser(tx, input, roles, passwordHash, expiresAt);
      if (!user) {
        return {
          errors: [
            userError(CreateStaffUserErrorCode.EMAIL_TAKEN, 'An account with this email exists.', 'email'),
          ],
        };
      }
      await recordAudit(tx, {
        actorUserId: actor?.userId ?? null,
        action: 'user.staff_created',
        subjectType: 'User',
        subjectId: user.id,
        details: { roles },
        requestId: meta.requestId,
        address: meta.address,
      });
      return { user };
    });
  }

  /**
   * The viewer behind an access token, if the token is valid, its session alive and its user
   * active; 'malformed' for a signed token whose ids are not uuids (see AccessTokens.verify).
   * The session is checked in this instance's session cache first, then in the database.
   */
  async viewerFromAccessToken(token: string): Promise<Viewer | null | 'malformed'> {
    const claims = await this.accessTokens.verify(token);
    if (claims === null || claims === 'malformed') return claims;
    const user = await this.cachedSessionUser(claims);
    if (!user) return null;
    return {
      userId: claims.userId,
      roles: user.roles,
      via: 'session',
      sessionId: claims.sessionId,
      apiKeyId: null,
      scopes: [],
    };
  }

  /** Whether `token` is the CSRF token of the session (see csrf-tokens.ts). */
  csrfTokenMatches(sessionId: string, token: string | undefined): boolean {
    return this.csrfTokens.matches(sessionId, token);
  }

  /**
   * Whether the session is still open and its user active. A WebSocket outlives its access token,
   * so graphql-ws asks this by session id before each operation (app.ts). Always from the
   * database, not the session cache: this is the check that catches what the events missed.
   */
  async sessionAlive(userId: string, sessionId: string): Promise<boolean> {
    return (await this.liveSessionUser(userId, sessionId)) !== null;
  }

  /**
   * The signed-in viewer's own account as the session cache holds it (what `me` shows), or
   * undefined when it is not cached (an API key, a cache miss, delivery behind): then the caller
   * loads it. As fresh as the session check itself: USER_CHANGED drops it on every change.
   */
  cachedViewerUser(viewer: Viewer): SessionUser | undefined {
    if (viewer.via !== 'session' || !viewer.sessionId) return undefined;
    return this.sessionCache.get(viewer.sessionId, viewer.userId);
  }

  /**
   * A ban's revocation: every open session and every API key of the user (their WebSockets close
   * once `tx` commits). A banned seller's integrations stop with their sessions. Under the key
   * owner's lock, as a password change is (its update of the user row): a key created from one of
   * these sessions at the same moment is refused or revoked here (ApiKeyService.create).
   */
  async revokeAllCredentials(tx: Tx, userId: string, reason: string): Promise<void> {
    await lockKeyOwner(tx, userId);
    await this.revokeAllSessions(tx, userId, reason);
    await this.apiKeys.revokeAllOf(tx, userId, reason, null);
  }

  /** Revokes every open session of the user; their WebSockets close once `tx` commits. */
  async revokeAllSessions(tx: Tx, userId: string, reason: string): Promise<void> {
    await closeAccountGate(tx, userId);
    await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
    this.forgetOnCommit(tx, () => this.sessionCache.forgetUser(userId));
    await this.publishRevoked(tx, { userId, sessionId: null });
  }

  private async revokeSession(tx: Tx, userId: string, sessionId: string, reason: string): Promise<void> {
    await closeAccountGate(tx, userId);
    const [revoked] = await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ userId: sessions.userId });
    this.forgetOnCommit(tx, () => this.sessionCache.forgetSession(sessionId));
    if (revoked) await this.publishRevoked(tx, { userId: revoked.userId, sessionId });
  }

  /**
   * Revokes the open sessions of `userId` that `which` selects, each on its own: dropped from the
   * cache (`forgetOnCommit`) and announced (`SESSIONS_REVOKED`), so their sockets close on commit.
   * Returns how many.
   */
  private async revokeSessionsOf(tx: Tx, userId: string, which: SQL, reason: string): Promise<number> {
    await closeAccountGate(tx, userId);
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), which))
      .returning({ id: sessions.id });
    for (const { id } of revoked) {
      this.forgetOnCommit(tx, () => this.sessionCache.forgetSession(id));
      await this.publishRevoked(tx, { userId, sessionId: id });
    }
    return revoked.length;
  }

  /**
   * One password check under the login's guard, for a login and for a password change alike: one
   * check at a time per address, then per account (always in that order, so no deadlock), so that
   * concurrent guesses, on one account or sprayed over many, cannot slip past the failure counts;
   * refused (LIMITED, nothing checked) once the failures reach a limit; recorded either way.
   */
  private async passwordAttempt(
    tx: Tx,
    emailNormalized: string,
    address: string,
    check: () => Promise<boolean>,
    asker: PasswordAsker = 'SIGNED_OUT',
  ): Promise<'LIMITED' | 'MATCHED' | 'WRONG'> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'login-address:' + address}, 0))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'login:' + emailNormalized}, 0))`);
    if (await this.loginLimitReached(tx, emailNormalized, address, asker)) return 'LIMITED';
    const matched = await check();
    await tx.insert(loginAttempts).values({ emailNormalized, address, succeeded: matched });
    return matched ? 'MATCHED' : 'WRONG';
  }

  /**
   * Drops what a revocation names from this instance's cache now and again once `tx` has
   * committed, before the revocation answers: a request checked meanwhile read the session as
   * still open (the revocation was not committed) and may have stored it; the second drop discards
   * it, so this instance refuses the session from the revocation's answer on, without waiting for
   * the event.
   */
  private forgetOnCommit(tx: Tx, forget: () => void): void {
    forget();
    afterCommit(tx, forget);
  }

  private async publishRevoked(tx: Tx, event: SessionsRevoked): Promise<void> {
    await this.pubsub.publish(tx, sessionsRevokedTopic, event);
  }

  /** liveSessionUser through the session cache: a refusal is never cached. */
  private async cachedSessionUser(claims: VerifiedAccessClaims): Promise<SessionUser | null> {
    const cached = this.sessionCache.get(claims.sessionId, claims.userId);
    if (cached) return cached;
    const stamp = this.sessionCache.stamp();
    const user = await this.liveSessionUser(claims.userId, claims.sessionId);
    if (user) this.sessionCache.store(stamp, claims.sessionId, user, claims.expiresAt);
    return user;
  }

  /**
   * The session's user (roles, and what `me` shows) if the session is open and the user active;
   * null otherwise. A named prepared statement: planned once per connection, not on every request.
   */
  private async liveSessionUser(userId: string, sessionId: string): Promise<SessionUser | null> {
    const { rows } = await this.database.$client.query<SessionUser>({
      name: 'auth_live_session_user',
      text: `select u.id, u.email, u.display_name as "displayName", u.roles::text[] as roles,
               u.created_at as "createdAt"
             from sessions s join users u on u.id = s.user_id
             where s.id = $1 and s.user_id = $2 and s.revoked_at is null and u.status = 'ACTIVE'`,
      values: [sessionId, userId],
    });
    return rows[0] ?? null;
  }

  private initialPasswordEnd(): Date {
    return new Date(Date.now() + this.config.auth.staffInitialPasswordHours * 3_600_000);
  }

  /**
   * Admin only: sets a new initial password for another staff account (a colleague who forgot
   * theirs, or whose initial one expired). It signs in for STAFF_INITIAL_PASSWORD_HOURS; every
   * session and API key of the account is revoked, since whoever held the old password may be
   * signed in. Customers' passwords are not reset this way.
   */
  async resetStaffPassword(
    admin: Viewer,
    input: { userId: string | null; password: string },
    meta: RequestMeta,
  ): Promise<
    | { user: UserRow }
    | { errors: UserErrorValue<ResetStaffPasswordErrorCode>[] }
    | { refused: PasswordWorkRefusal }
  > {
    const refusal = (
      code: ResetStaffPasswordErrorCode,
      message: string,
      field: string | null = 'userId',
    ) => ({
      errors: [userError(code, message, field)],
    });
    const weakPassword = passwordRefusal(input.password);
    if (weakPassword) return refusal(ResetStaffPasswordErrorCode.WEAK_PASSWORD, weakPassword, 'password');
    if (input.userId === admin.userId) {
      return refusal(
        ResetStaffPasswordErrorCode.OWN_ACCOUNT,
        'Change your own password on your Account page.',
      );
    }
    const hashed = await this.hasher.run(meta, (hashing) => hashing.hash(input.password));
    if ('refused' in hashed) return hashed;
    return withTransaction(this.database, async (tx) => {
      // The admin's own session first, held to the end: a colleague disabling them now either
      // waits for this or ends it first (this is then UNAUTHENTICATED, changing nothing).
      await holdSessionOpen(tx, admin.sessionId, admin.userId);
      const [target] = input.userId
        ? await tx.select().from(users).where(eq(users.id, input.userId)).for('update')
        : [];
      if (!target) return refusal(ResetStaffPasswordErrorCode.USER_NOT_FOUND, 'No such user.');
      if (!target.roles.some((role) => role === Role.SUPPORT || role === Role.ADMIN)) {
        return refusal(
          ResetStaffPasswordErrorCode.NOT_STAFF,
          'Only staff passwords are set by an admin; customers change their own.',
        );
      }
      const [user] = await tx
        .update(users)
        .set({
          passwordHash: hashed.value,
          passwordExpiresAt: this.initialPasswordEnd(),
          updatedAt: new Date(),
        })
        .where(eq(users.id, target.id))
        .returning();
      assert(user, `user ${target.id} vanished`);
      await this.revokeSessionsOf(tx, user.id, sql`true`, 'PASSWORD_RESET');
      await this.apiKeys.revokeAllOf(tx, user.id, 'PASSWORD_RESET', admin.userId);
      await recordAudit(tx, {
        actorUserId: admin.userId,
        action: 'user.password_reset',
        subjectType: 'User',
        subjectId: user.id,
        requestId: meta.requestId,
        address: meta.address,
      });
      return { user };
    });
  }

  /**
   * Admin: disables a staff account (a colleague who left) or enables it again, with a reason,
   * audited. Disabling revokes every session and API key of the account at once (its sockets close
   * on commit); a disabled account cannot sign in (ACCOUNT_DISABLED) and is no longer offered for
   * assignment (staffMembers). Customers are not disabled here (their risk tier bans them), nor your
   * own account. Setting the status it has changes nothing and answers the account (a retry).
   */
  async setStaffAccountStatus(
    admin: Viewer,
    input: { userId: string | null; status: UserStatus; reason: string },
    meta: RequestMeta,
  ): Promise<
    | { user: UserRow; changed: boolean; disputesReturned: number }
    | { errors: UserErrorValue<SetStaffAccountStatusErrorCode>[] }
  > {
    const refusal = (
      code: SetStaffAccountStatusErrorCode,
      message: string,
      field: string | null = 'userId',
    ) => ({
      errors: [userError(code, message, field)],
    });
    const reason = input.reason.trim();
    if (!isAdminReason(reason)) {
      return refusal(SetStaffAccountStatusErrorCode.INVALID_REASON, adminReasonRule, 'reason');
    }
    if (input.userId === admin.userId) {
      return refusal(SetStaffAccountStatusErrorCode.OWN_ACCOUNT, 'Another admin changes your own account.');
    }
    return withTransaction(this.database, async (tx) => {
      // As resetStaffPassword: two admins disabling each other at once end with one of them disabled.
      await holdSessionOpen(tx, admin.sessionId, admin.userId);
      const [target] = input.userId
        ? await tx.select().from(users).where(eq(users.id, input.userId)).for('update')
        : [];
      if (!target) return refusal(SetStaffAccountStatusErrorCode.USER_NOT_FOUND, 'No such user.');
      if (!target.roles.some((role) => role === Role.SUPPORT || role === Role.ADMIN)) {
        return refusal(
          SetStaffAccountStatusErrorCode.NOT_STAFF,
          'Only staff accounts are disabled here; a customer is restricted or banned through their risk tier.',
        );
      }
      if (target.status === input.status) return { user: target, changed: false, disputesReturned: 0 };
      const [user] = await tx
        .update(users)
        .set({ status: input.status, updatedAt: new Date() })
        .where(eq(users.id, target.id))
        .returning();
      assert(user, `user ${target.id} vanished`);
      let disputesReturned = 0;
      if (input.status === UserStatus.DISABLED) {
        await this.revokeSessionsOf(tx, user.id, sql`true`, 'ACCOUNT_DISABLED');
        await this.apiKeys.revokeAllOf(tx, user.id, 'ACCOUNT_DISABLED', admin.userId);
        disputesReturned = await this.returnAssignedDisputes(tx, user.id, admin.userId);
      }
      await recordAudit(tx, {
        actorUserId: admin.userId,
        action: input.status === UserStatus.DISABLED ? 'user.disabled' : 'user.enabled',
        subjectType: 'User',
        subjectId: user.id,
        details: { reason, ...(disputesReturned > 0 ? { disputesReturned } : {}) },
        requestId: meta.requestId,
        address: meta.address,
      });
      return { user, changed: true, disputesReturned };
    });
  }

  private async insertUser(
    tx: Tx,
    input: NewAccount,
    roles: Role[],
    passwordHash: string,
    passwordExpiresAt: Date | null = null,
  ): Promise<UserRow | undefined> {
    const email = input.email.trim();
    try {
      // A savepoint, so that a duplicate email leaves the surrounding transaction usable.
      return await tx.transaction(async (savepoint) => {
        const [user] = await savepoint
          .insert(users)
          .values({
            email,
            emailNormalized: normalizedEmailSql(email),
            displayName: input.displayName.trim(),
            passwordHash,
            roles,
            passwordExpiresAt,
          })
          .returning();
        return user;
      });
    } catch (error) {
      if (postgresConstraint(error) === 'users_email_normalized_key') return undefined;
      throw error;
    }
  }

  /**
   * Whether a password check from `address` on the account is refused. Failures in the window are
   * counted three ways: the account's own from this address, and this address's on every account,
   * always refuse at their limits; the account's from every address refuse at the account's limit
   * too, but not at an address the account had a session from (signed up or in) within
   * LOGIN_KNOWN_ADDRESS_DAYS, nor for a signed-in session: otherwise anyone could lock any account (its owner's sign-in and password
   * change alike) with a few wrong passwords from a few addresses.
   */
  private async loginLimitReached(
    tx: Tx,
    emailNormalized: string,
    address: string,
    asker: PasswordAsker,
  ): Promise<boolean> {
    const {
      loginWindowMinutes,
      loginMaxFailuresPerAccount,
      loginMaxFailuresPerAddress,
      loginKnownAddressDays,
    } = this.config.auth;
    const since = new Date(Date.now() - loginWindowMinutes * 60_000);
    const accountResult = await tx.execute<{ account: number; pair: number }>(sql`
      select count(*)::int as account, count(*) filter (where address = ${address})::int as pair
        from login_attempts
       where email_normalized = ${emailNormalized} and not succeeded and created_at > ${since}`);
    const failures = accountResult.rows[0] ?? { account: 0, pair: 0 };
    if (failures.pair >= loginMaxFailuresPerAccount) return true;
    const [addressFailures] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.address, address),
          eq(loginAttempts.succeeded, false),
          gt(loginAttempts.createdAt, since),
        ),
      );
    if ((addressFailures?.count ?? 0) >= loginMaxFailuresPerAddress) return true;
    if (failures.account < loginMaxFailuresPerAccount || asker === 'SESSION') return false;
    // Known: the account had a session opened from this address lately (sign-up or sign-in;
    // sessions_user_address_idx, migration 0030).
    const knownSince = new Date(Date.now() - loginKnownAddressDays * 86_400_000);
    const known = await tx.execute<{ known: boolean }>(sql`
      select exists (
        select 1 from sessions join users on users.id = sessions.user_id
         where users.email_normalized = ${emailNormalized}
           and sessions.address = ${address}
           and sessions.created_at > ${knownSince}
      ) as known`);
    return !known.rows[0]?.known;
  }

  /**
   * Opens a session; beyond AUTH_MAX_SESSIONS_PER_USER, the oldest open ones are revoked in the same
   * transaction (their sockets close on commit). Sessions of one user open one at a time, so
   * concurrent logins cannot both find room.
   */
  private async openSession(tx: Tx, userId: string, meta: RequestMeta): Promise<IssuedSession> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'sessions:' + userId}, 0))`);
    const beyondLimit = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .orderBy(desc(sessions.createdAt), desc(sessions.id))
      .offset(this.config.auth.maxSessionsPerUser - 1);
    if (beyondLimit.length > 0) {
      await this.revokeSessionsOf(
        tx,
        userId,
        inArray(
          sessions.id,
          beyondLimit.map((row) => row.id),
        ),
        'SESSION_LIMIT',
      );
    }
    const [session] = await tx
      .insert(sessions)
      .values({ userId, userAgent: meta.userAgent?.slice(0, 500) ?? null, address: meta.address })
      .returning({ id: sessions.id });
    if (!session) throw new Error('session insert returned no row');
    const refresh = await this.issueRefreshToken(tx, session.id);
    return this.sessionTokens(userId, session.id, refresh);
  }

  private async issueRefreshToken(tx: Tx, sessionId: string) {
    const raw = randomToken();
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlDays * 86_400_000);
    const [row] = await tx
      .insert(refreshTokens)
      .values({ sessionId, tokenHash: hashToken(raw), expiresAt })
      .returning({ id: refreshTokens.id });
    if (!row) throw new Error('refresh token insert returned no row');
    return { id: row.id, raw, expiresAt };
  }

  private async sessionTokens(
    userId: string,
    sessionId: string,
    refresh: { raw: string; expiresAt: Date },
  ): Promise<IssuedSession> {
    return {
      sessionId,
      accessToken: await this.accessTokens.sign({ userId, sessionId }),
      refreshToken: refresh.raw,
      refreshExpiresAt: refresh.expiresAt,
      csrfToken: this.csrfTokens.forSession(sessionId),
    };
  }
}

/**
 * `user` read again under a row lock (held until `tx` ends), or null when its password changed
 * since it was read: a password checked against the row as read must not open a session, or set a
 * new password, after a reset or a change has answered. FOR SHARE (a sign-in) or FOR NO KEY UPDATE
 * (a change, which then writes the row) both wait for a reset or a change in flight, and make the
 * next one wait; neither blocks the key-share locks of purchases.
 */
async function credentialsHeld(
  tx: Tx,
  user: UserRow,
  lock: 'share' | 'no key update',
): Promise<UserRow | null> {
  const [current] = await tx.select().from(users).where(eq(users.id, user.id)).for(lock);
  return current && current.passwordHash === user.passwordHash ? current : null;
}
