import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction } from '../db/transaction';
import type { Mail, Mailer } from '../mail/mailer';
import type { RequestMeta } from '../shared/request-meta';
import { userError, type UserErrorValue } from '../shared/user-error';
import { loginAttempts, passwordResetTokens, users } from './auth.tables';
import { isEmailAddress, normalizedEmailSql, passwordRefusal, type AuthService } from './auth.service';
import type { PasswordHasher, PasswordWorkRefusal } from './passwords';
import { hitRateLimit } from './rate-limit';
import { Role } from './roles';

export enum RequestPasswordResetErrorCode {
  INVALID_EMAIL = 'INVALID_EMAIL',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  UNAVAILABLE = 'UNAVAILABLE',
}

export enum ResetPasswordErrorCode {
  INVALID_LINK = 'INVALID_LINK',
  EXPIRED_LINK = 'EXPIRED_LINK',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
}

/** 32 random bytes, base64url: what a reset link carries after `#token=`. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * Password reset by email, for every account whose owner forgot the password. Asking answers the
 * same whether or not an account has the email (nothing tells a stranger who has an account), and
 * the mail goes out apart from the answer (Mailer). The link carries a token the database keeps
 * only as its hash; it works once, for PASSWORD_RESET_LINK_MINUTES. Using it sets the password,
 * spends the account's other links, signs out every session and revokes every API key (whoever
 * knew the old password may hold them), and forgets the account's failed logins: the owner proved
 * the mailbox is theirs, so a stranger's guesses no longer lock them out.
 */
export class PasswordResetService {
  constructor(
    private readonly database: Database,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly auth: Pick<AuthService, 'revokeAllCredentials'>,
  ) {}

  async requestReset(
    email: string,
    meta: RequestMeta,
  ): Promise<{ accepted: true } | { errors: UserErrorValue<RequestPasswordResetErrorCode>[] }> {
    const refusal = (code: RequestPasswordResetErrorCode, message: string, field: string | null = null) => ({
      errors: [userError(code, message, field)],
    });
    if (!this.mailer.available) {
      return refusal(
        RequestPasswordResetErrorCode.UNAVAILABLE,
        'This installation sends no email, so a password cannot be reset by mail. Ask its operator.',
      );
    }
    if (!isEmailAddress(email)) {
      return refusal(RequestPasswordResetErrorCode.INVALID_EMAIL, 'Enter a valid email address.', 'email');
    }
    const { maxRequestsPerAddress, maxMailsPerAccount } = this.config.passwordReset;
    const perAddress = await hitRateLimit(
      this.database,
      `password-reset-address:${meta.address}`,
      maxRequestsPerAddress,
      3600,
    );
    if (!perAddress.allowed) {
      return refusal(
        RequestPasswordResetErrorCode.TOO_MANY_REQUESTS,
        `Too many reset requests from your address. Try again in ${Math.ceil(perAddress.retryAfterSeconds / 60)} minutes.`,
      );
    }
    // Counted for every email, taken or not, so that both answers cost the same work.
    const perEmail = await hitRateLimit(
      this.database,
      `password-reset-email:${email.trim().toLowerCase()}`,
      maxMailsPerAccount,
      3600,
    );
    // The account's part runs after the answer: it takes as long for an email with no account.
    const mailAllowed = perEmail.allowed;
    this.mailer.composeLater('password reset', () => this.issueLink(email, mailAllowed, meta));
    return { accepted: true };
  }

  /** A new link for the account with this email, and its mail; null when nobody gets one. */
  private async issueLink(email: string, mailAllowed: boolean, meta: RequestMeta): Promise<Mail | null> {
    const { linkTtlMinutes } = this.config.passwordReset;
    const token = randomBytes(32).toString('base64url');
    return withTransaction(this.database, async (tx) => {
      const [user] = await tx
        .select({ id: users.id, email: users.email, roles: users.roles, status: users.status })
        .from(users)
        .where(eq(users.emailNormalized, normalizedEmailSql(email)));
      // A disabled staff account gets no link; past the hourly number of mails, neither does anyone.
      if (!user || user.status !== 'ACTIVE' || !mailAllowed) return null;
      const expiresAt = new Date(Date.now() + linkTtlMinutes * 60_000);
      // The newest link replaces the others: only the last mail opens the account.
      await tx
        .update(passwordResetTokens)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
      await tx
        .insert(passwordResetTokens)
        .values({ userId: user.id, tokenHash: tokenHash(token), address: meta.address, expiresAt });
      await recordAudit(tx, {
        actorUserId: null,
        action: 'user.password_reset_requested',
        subjectType: 'User',
        subjectId: user.id,
        requestId: meta.requestId,
        address: meta.address,
      });
      const staff = user.roles.some((role) => role === Role.SUPPORT || role === Role.ADMIN);
      return this.resetMail(user.email, this.link(token, staff), meta);
    });
  }

  async reset(
    input: { token: string; newPassword: string },
    meta: RequestMeta,
  ): Promise<
    | { email: string }
    | { errors: UserErrorValue<ResetPasswordErrorCode>[] }
    | { refused: PasswordWorkRefusal }
  > {
    const invalidLink = {
      errors: [
        userError(
          ResetPasswordErrorCode.INVALID_LINK,
          'This link does not work: it was used already, or a newer one replaced it. Ask for a new one.',
          'token',
        ),
      ],
    };
    const weakPassword = passwordRefusal(input.newPassword);
    if (weakPassword) {
      return { errors: [userError(ResetPasswordErrorCode.WEAK_PASSWORD, weakPassword, 'newPassword')] };
    }
    if (!tokenPattern.test(input.token)) return invalidLink;
    const hash = tokenHash(input.token);
    // Read first without a lock: a made-up token costs one index lookup, never a password hash.
    const [found] = await this.database
      .select({ id: passwordResetTokens.id })
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.tokenHash, hash), isNull(passwordResetTokens.usedAt)));
    if (!found) return invalidLink;
    const hashed = await this.hasher.run(meta, (hashing) => hashing.hash(input.newPassword));
    if ('refused' in hashed) return hashed;
    return withTransaction(this.database, async (tx) => {
      // The link is spent by one statement: of two uses at once, the second waits for the first
      // and finds it spent.
      const [link] = await tx
        .update(passwordResetTokens)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(passwordResetTokens.tokenHash, hash),
            isNull(passwordResetTokens.usedAt),
            gt(passwordResetTokens.expiresAt, sql`now()`),
          ),
        )
        .returning({ userId: passwordResetTokens.userId });
      if (!link) {
        const [expired] = await tx
          .select({ id: passwordResetTokens.id })
          .from(passwordResetTokens)
          .where(and(eq(passwordResetTokens.tokenHash, hash), isNull(passwordResetTokens.usedAt)));
        if (!expired) return invalidLink;
        return {
          errors: [
            userError(
              ResetPasswordErrorCode.EXPIRED_LINK,
              `This link has expired (links work for ${this.config.passwordReset.linkTtlMinutes} minutes). Ask for a new one.`,
              'token',
            ),
          ],
        };
      }
      // Counted before the new password spends them (migration 0032), for the audit.
      const spent = await tx
        .update(passwordResetTokens)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordResetTokens.userId, link.userId), isNull(passwordResetTokens.usedAt)))
        .returning({ id: passwordResetTokens.id });
      const [user] = await tx
        .update(users)
        .set({ passwordHash: hashed.value, passwordExpiresAt: null, updatedAt: new Date() })
        .where(and(eq(users.id, link.userId), eq(users.status, 'ACTIVE')))
        .returning({ id: users.id, email: users.email, emailNormalized: users.emailNormalized });
      // Disabled since the link was sent: it no longer works.
      if (!user) return invalidLink;
      await this.auth.revokeAllCredentials(tx, user.id, 'PASSWORD_RESET');
      await tx
        .delete(loginAttempts)
        .where(
          and(eq(loginAttempts.emailNormalized, user.emailNormalized), eq(loginAttempts.succeeded, false)),
        );
      await recordAudit(tx, {
        actorUserId: user.id,
        action: 'user.password_reset_by_mail',
        subjectType: 'User',
        subjectId: user.id,
        details: { otherLinksSpent: spent.length },
        requestId: meta.requestId,
        address: meta.address,
      });
      return { email: user.email };
    });
  }

  /** Staff work in the console; customers in the store when it runs apart, else the console too. */
  private link(token: string, staff: boolean): string {
    const base =
      !staff && this.config.storefrontUrl
        ? new URL('reset-password', this.config.storefrontUrl)
        : new URL('console/reset-password', this.config.publicUrl);
    // In the fragment: a browser never sends it to a server, so no access log or Referer holds it.
    return `${base.href}#token=${token}`;
  }

  private resetMail(to: string, link: string, meta: RequestMeta) {
    const minutes = this.config.passwordReset.linkTtlMinutes;
    return {
      to,
      subject: 'Choose a new CodeSale password',
      text: [
        'Someone asked to reset the password of the CodeSale account with this email address.',
        '',
        `To choose a new password, open this link within ${minutes} minutes. It works once:`,
        link,
        '',
        'Choosing a new password signs out every session of the account and revokes its API keys.',
        '',
        'If you did not ask, ignore this mail: your password stays as it is.',
        `(Asked from the address ${meta.address} at ${new Date().toISOString()}.)`,
      ].join('\n'),
    };
  }
}
