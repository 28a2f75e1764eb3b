import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import { userStanding, usersByIds } from '../auth/auth.queries';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import {
  bankPayoutStateSupersedes,
  isBankPayoutStatus,
  type BankPayoutStatus,
} from '../domain/bank-payout-rules';
import {
  missingRequirements,
  payoutAccountStatus,
  type ConnectAccountFacts,
  type PayoutAccountStatus,
} from '../domain/payout-rules';
import { assert } from '../shared/assert';
import { isUuid } from '../shared/input-validation';
import type { KeysetCursor } from '../shared/keyset-cursor';
import { catchRefusal, refuse, userError, type Refusable } from '../shared/user-error';
import { ConnectedAccountMissingError, type StripeGateway } from '../stripe/stripe.gateway';
import {
  parseConnectedAccount,
  parseConnectPayout,
  type StripeConnectedAccount,
} from '../stripe/stripe.types';
import type { StripeEventHandler, StripeEventRow } from '../wallet/stripe-events.service';
import { connectBankPayouts, payoutAccounts } from './payouts.tables';

export type PayoutAccountRow = typeof payoutAccounts.$inferSelect;
export type BankPayoutRow = typeof connectBankPayouts.$inferSelect;

export enum StartPayoutOnboardingErrorCode {
  NOT_A_SELLER = 'NOT_A_SELLER',
  ACCOUNT_BANNED = 'ACCOUNT_BANNED',
  UNSUPPORTED_COUNTRY = 'UNSUPPORTED_COUNTRY',
  STRIPE_ACCOUNT_MISSING = 'STRIPE_ACCOUNT_MISSING',
}

/**
 * Where Stripe sends the seller's browser after onboarding: the console's seller payouts page
 * (clients/console, served under /console), which reads `?onboarding=return|refresh`.
 */
export const onboardingReturnPath = '/console/seller/payouts';

/** Stripe's hosted onboarding page for the seller's account: single use, short-lived. */
export interface OnboardingLink {
  url: string;
  expiresAt: Date;
}

export type StartOnboardingResult = Refusable<
  { account: PayoutAccountView; link: OnboardingLink },
  StartPayoutOnboardingErrorCode
>;

/** A seller's payout account as the seller sees it. */
export interface PayoutAccountView {
  sellerId: string;
  stripeAccountId: string;
  status: PayoutAccountStatus;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  /** What the seller must still provide, as Stripe names it (past due and currently due, sorted). */
  missing: string[];
  /** The part of `missing` that is past due: Stripe has disabled something until it is provided. */
  overdue: string[];
  /** Provided, and being checked by Stripe: nothing to do but wait. */
  pendingVerification: string[];
  /** Stripe's reason when payouts or transfers are disabled (requirements.past_due, rejected.fraud, ...). */
  disabledReason: string | null;
  updatedAt: Date;
}

/** Whether money may be sent to a seller's connected account now (PayoutService, withdrawals). */
export type AccountReadiness =
  { ready: true; stripeAccountId: string } | { ready: false; status: PayoutAccountStatus; missing: string[] };

/** `account.updated` jobs run one at a time in this queue: each reads Stripe's current state first. */
export const connectAccountEventsQueue = 'stripe_connect_accounts';
export const accountEventTypes = ['account.updated'] as const;
export const bankPayoutEventTypes = [
  'payout.created',
  'payout.updated',
  'payout.paid',
  'payout.failed',
  'payout.canceled',
] as const;

/** Stripe's requirement lists are a few dozen names; more than this is kept up to this. */
const maxRequirements = 100;

export interface PayoutAccountSettings {
  /** Where the seller console is: Stripe sends the seller back there after onboarding. */
  publicUrl: URL;
  /** Where a connected account may be opened; the first is the default. */
  connectCountries: readonly string[];
}

export interface PayoutAccountHooks {
  /** The risk authority's check: a banned seller opens no account (RiskEnforcementService.bannedRefusal). */
  onboardingRefusal?: (tx: Tx, sellerId: string) => Promise<'ACCOUNT_BANNED' | null>;
  /**
   * Called in the transaction that changed a seller's account (created, or its state moved), after
   * the change: the place for payout eligibility to re-read the seller's orders.
   */
  onAccountChanged?: (tx: Tx, sellerId: string) => Promise<void>;
}

/**
 * PayoutAccountService: the KYC gate. The only writer of `payout_accounts` (each seller's Stripe
 * Connect Express account and what Stripe last said about it) and `connect_bank_payouts` (the
 * bank payouts Stripe makes from those accounts). See payouts/README.md, "Onboarding".
 *
 * Stripe is called outside every transaction. An account's state is only ever written from what
 * Stripe returned: its creation, or a retrieve made for `account.updated`, never from an event's
 * own copy, so events in any order and replays end in Stripe's latest state.
 *
 * Lock order: the payout_accounts row before anything the onAccountChanged hook locks (the
 * seller's payout orders); `accountReady` takes the row FOR SHARE, so call it first.
 */
export class PayoutAccountService {
  private readonly onboardingRefusal: NonNullable<PayoutAccountHooks['onboardingRefusal']>;
  private readonly onAccountChanged: NonNullable<PayoutAccountHooks['onAccountChanged']>;

  constructor(
    private readonly database: Database,
    private readonly stripe: StripeGateway,
    private readonly settings: PayoutAccountSettings,
    private readonly log: Logger,
    hooks: PayoutAccountHooks = {},
  ) {
    assert(settings.connectCountries.length > 0, 'at least one Connect country');
    this.onboardingRefusal = hooks.onboardingRefusal ?? (async () => null);
    this.onAccountChanged = hooks.onAccountChanged ?? (async () => undefined);
  }

  // ---- onboarding ----

  /**
   * Gives the seller a connected account (created once: Stripe's idempotency key is per seller,
   * and the row is inserted `on conflict do nothing`, so concurrent starts end with one account)
   * and a fresh onboarding link to Stripe's hosted page. The account is ready only once Stripe's
   * `account.updated` says so. An existing account gets a new link (to finish, or to update it);
   * one Stripe no longer knows (DISCONNECTED, or found so now) is replaced by a new account, opened
   * in `country`, and the link is to that one.
   */
  async startOnboarding(
    sellerId: string,
    input: { country?: string | null },
  ): Promise<StartOnboardingResult> {
    const country = (input.country ?? this.settings.connectCountries[0]!).trim().toUpperCase();
    if (!this.settings.connectCountries.includes(country)) {
      return {
        errors: [
          userError(
            StartPayoutOnboardingErrorCode.UNSUPPORTED_COUNTRY,
            `Payout accounts can be opened in ${this.settings.connectCountries.join(', ')}.`,
            'country',
          ),
        ],
      };
    }
    const checked = await catchRefusal<
      { existing: PayoutAccountRow | null; email: string },
      StartPayoutOnboardingErrorCode
    >(() =>
      withTransaction(this.database, async (tx) => {
        const standing = await userStanding(tx, sellerId);
        if (!standing || standing.status !== 'ACTIVE' || !standing.roles.includes('SELLER')) {
          refuse(StartPayoutOnboardingErrorCode.NOT_A_SELLER, 'Only a seller account receives payouts.');
        }
        if (await this.onboardingRefusal(tx, sellerId)) {
          refuse(
            StartPayoutOnboardingErrorCode.ACCOUNT_BANNED,
            'This account is banned: it cannot receive payouts.',
          );
        }
        const [existing] = await tx
          .select()
          .from(payoutAccounts)
          .where(eq(payoutAccounts.sellerId, sellerId));
        const [user] = await usersByIds(tx, [sellerId]);
        assert(user, `seller ${sellerId} has no account row`);
        return { existing: existing ?? null, email: user.email };
      }),
    );
    if ('errors' in checked) return checked;
    let account = checked.existing ?? (await this.openAccount(sellerId, checked.email, country));
    for (let attempt = 1; ; attempt += 1) {
      if (account.status === 'DISCONNECTED') {
        account = await this.replaceAccount(sellerId, checked.email, country, account);
      }
      try {
        const link = await this.stripe.createAccountLink({
          accountId: account.stripeAccountId,
          refreshUrl: new URL(
            `${onboardingReturnPath}?onboarding=refresh`,
            this.settings.publicUrl,
          ).toString(),
          returnUrl: new URL(`${onboardingReturnPath}?onboarding=return`, this.settings.publicUrl).toString(),
        });
        return { account: toView(account), link };
      } catch (error) {
        if (!(error instanceof ConnectedAccountMissingError)) throw error;
        // Stripe forgot the account (deleted at Stripe, or disconnected): recorded DISCONNECTED, and
        // the next turn opens a new one. A second miss (the new account unknown too) is refused.
        if (attempt === 2) break;
        await this.confirmAccountMissing(account.stripeAccountId);
        const [current] = await this.database
          .select()
          .from(payoutAccounts)
          .where(eq(payoutAccounts.sellerId, sellerId));
        assert(current, `payout account of ${sellerId} vanished`);
        account = current;
      }
    }
    this.log.error(
      { sellerId, stripeAccountId: account.stripeAccountId },
      'Stripe does not know a payout account opened to replace a disconnected one',
    );
    return {
      errors: [
        userError(
          StartPayoutOnboardingErrorCode.STRIPE_ACCOUNT_MISSING,
          'Stripe does not know your payout account, even one opened just now. Try again in a few minutes.',
        ),
      ],
    };
  }

  /**
   * Stripe said it does not know a recorded account (`resource_missing` on a transfer, a link or a
   * retrieve): asks Stripe once more and, when it still does not know it, records the account
   * DISCONNECTED, which blocks the seller's payable orders until they onboard again (a new account).
   * True when this call recorded it; false when Stripe knows the account, or it was not recorded
   * under this id, or was already DISCONNECTED. Throws StripeUnavailableError when Stripe did not answer.
   */
  async confirmAccountMissing(stripeAccountId: string): Promise<boolean> {
    try {
      await this.stripe.retrieveAccount(stripeAccountId);
      return false;
    } catch (error) {
      if (!(error instanceof ConnectedAccountMissingError)) throw error;
    }
    return withTransaction(this.database, (tx) => this.markDisconnected(tx, stripeAccountId));
  }

  private async markDisconnected(tx: Tx, stripeAccountId: string): Promise<boolean> {
    const row = await this.lockAccount(tx, stripeAccountId);
    if (!row || row.status === 'DISCONNECTED') return false;
    await tx
      .update(payoutAccounts)
      .set({ ...disconnectedState, updatedAt: new Date() })
      .where(eq(payoutAccounts.sellerId, row.sellerId));
    await this.onAccountChanged(tx, row.sellerId);
    this.log.warn(
      { sellerId: row.sellerId, stripeAccountId, was: row.status },
      'Stripe does not know a recorded payout account: DISCONNECTED until its seller onboards again',
    );
    return true;
  }

  /**
   * Opens a new connected account in place of a DISCONNECTED one. Concurrent starts send one
   * idempotency key (per seller, country and replaced account), so they get one new account; the
   * row is moved once, from the replaced account only. Payouts keep the account they were sent to.
   */
  private async replaceAccount(
    sellerId: string,
    email: string,
    country: string,
    replaced: PayoutAccountRow,
  ): Promise<PayoutAccountRow> {
    const created = await this.stripe.createConnectedAccount({
      sellerId,
      email,
      country,
      idempotencyKey: `connect_account:${sellerId}:${country}:replacing:${replaced.stripeAccountId}`,
    });
    assert(
      created.sellerId === null || created.sellerId === sellerId,
      `connected account ${created.id} names another seller`,
    );
    return withTransaction(this.database, async (tx) => {
      const [moved] = await tx
        .update(payoutAccounts)
        .set({ stripeAccountId: created.id, ...stateOf(created), updatedAt: new Date() })
        .where(
          and(
            eq(payoutAccounts.sellerId, sellerId),
            eq(payoutAccounts.stripeAccountId, replaced.stripeAccountId),
            eq(payoutAccounts.status, 'DISCONNECTED'),
          ),
        )
        .returning();
      if (moved) {
        await this.onAccountChanged(tx, sellerId);
        this.log.warn(
          { sellerId, replaced: replaced.stripeAccountId, opened: created.id },
          'a disconnected payout account was replaced by a new connected account',
        );
        return moved;
      }
      const [current] = await tx.select().from(payoutAccounts).where(eq(payoutAccounts.sellerId, sellerId));
      assert(current, `payout account of ${sellerId} vanished`);
      if (current.stripeAccountId !== created.id) {
        this.log.warn(
          { sellerId, kept: current.stripeAccountId, unused: created.id },
          'a replacement connected account was created for a seller; the recorded one is kept',
        );
      }
      return current;
    });
  }

  /** Creates the seller's connected account at Stripe, then records it unless another start did first. */
  private async openAccount(sellerId: string, email: string, country: string): Promise<PayoutAccountRow> {
    // The country is part of the key: Stripe refuses a key sent again with other parameters, and
    // two first starts racing from two tabs may name two countries. Each then gets an account,
    // the first recorded is kept for both, and the other is never used.
    const created = await this.stripe.createConnectedAccount({
      sellerId,
      email,
      country,
      idempotencyKey: `connect_account:${sellerId}:${country}`,
    });
    assert(
      created.sellerId === null || created.sellerId === sellerId,
      `connected account ${created.id} names another seller`,
    );
    return withTransaction(this.database, async (tx) => {
      // Any conflict, not only the seller's: racing starts insert the same seller and the same
      // account, and PostgreSQL may meet the racer's row first in the account's unique index,
      // where a conflict on the seller alone as the arbiter raised a unique violation (a 500 in
      // one CI run of ten concurrent starts). The row found next is the one recorded.
      const [inserted] = await tx
        .insert(payoutAccounts)
        .values({ sellerId, stripeAccountId: created.id, ...stateOf(created) })
        .onConflictDoNothing()
        .returning();
      if (inserted) {
        await this.onAccountChanged(tx, sellerId);
        return inserted;
      }
      const [existing] = await tx.select().from(payoutAccounts).where(eq(payoutAccounts.sellerId, sellerId));
      assert(existing, `payout account of ${sellerId} vanished`);
      if (existing.stripeAccountId !== created.id) {
        // Two first starts that raced with two countries, or Stripe forgot the key (24 hours)
        // between two starts: the first recorded stays.
        this.log.warn(
          { sellerId, kept: existing.stripeAccountId, unused: created.id },
          'a second connected account was created for a seller; the recorded one is kept',
        );
      }
      return existing;
    });
  }

  // ---- reads ----

  /** The seller's payout account, or null before onboarding started. */
  async payoutAccount(sellerId: string): Promise<PayoutAccountView | null> {
    const [row] = await this.database
      .select()
      .from(payoutAccounts)
      .where(eq(payoutAccounts.sellerId, sellerId));
    return row ? toView(row) : null;
  }

  /**
   * Whether a payout may go to the seller's account now: ENABLED only (Stripe's payouts enabled and
   * transfers active). Takes the account row FOR SHARE, so that an `account.updated` that disables
   * it waits for the caller's transaction: call it first in the transaction (lock order).
   */
  async accountReady(tx: Tx, sellerId: string): Promise<AccountReadiness> {
    const [row] = await tx
      .select()
      .from(payoutAccounts)
      .where(eq(payoutAccounts.sellerId, sellerId))
      .for('share');
    if (!row) return { ready: false, status: 'NOT_STARTED', missing: [] };
    if (row.status === 'ENABLED') {
      assert(row.payoutsEnabled && row.transfersActive, `account of ${sellerId} is ENABLED without payouts`);
      return { ready: true, stripeAccountId: row.stripeAccountId };
    }
    return { ready: false, status: row.status, missing: missingRequirements(factsOf(row)) };
  }

  /** The seller's bank payouts, newest first, after `cursor` (created_at, id). */
  async bankPayouts(sellerId: string, limit: number, cursor: KeysetCursor | null): Promise<BankPayoutRow[]> {
    const after = cursor
      ? or(
          lt(connectBankPayouts.createdAt, new Date(cursor.createdAt)),
          and(
            eq(connectBankPayouts.createdAt, new Date(cursor.createdAt)),
            lt(connectBankPayouts.id, cursor.id),
          ),
        )
      : undefined;
    return this.database
      .select()
      .from(connectBankPayouts)
      .where(and(eq(connectBankPayouts.sellerId, sellerId), after))
      .orderBy(desc(connectBankPayouts.createdAt), desc(connectBankPayouts.id))
      .limit(limit);
  }

  // ---- Stripe events (StripeEventService calls these handlers; services.ts registers them) ----

  /** `account.updated`: the account's state, as Stripe has it now. */
  accountEventHandler(): StripeEventHandler<FetchedAccount> {
    return {
      types: accountEventTypes,
      queueName: connectAccountEventsQueue,
      fetch: (event) => this.fetchAccount(event),
      apply: (tx, _event, fetched) => this.applyAccount(tx, fetched),
    };
  }

  /** `payout.*` on a connected account: the seller's bank payout. */
  bankPayoutEventHandler(): StripeEventHandler<undefined> {
    return {
      types: bankPayoutEventTypes,
      apply: (tx, event) => this.applyBankPayout(tx, event),
    };
  }

  /**
   * Reads the account from Stripe when it is ours: recorded, or naming one of our sellers in its
   * metadata (its event outran the insert after creation). Null for anyone else's account.
   */
  private async fetchAccount(event: StripeEventRow): Promise<FetchedAccount> {
    const copy = parseConnectedAccount(event.payload);
    assert(event.account === null || event.account === copy.id, `event ${event.id} names two accounts`);
    const [known] = await this.database
      .select({ sellerId: payoutAccounts.sellerId })
      .from(payoutAccounts)
      .where(eq(payoutAccounts.stripeAccountId, copy.id));
    if (!known && !(copy.sellerId !== null && (await this.isSeller(copy.sellerId)))) return null;
    try {
      return await this.stripe.retrieveAccount(copy.id);
    } catch (error) {
      if (error instanceof ConnectedAccountMissingError) return { missingAccountId: copy.id };
      throw error;
    }
  }

  private async isSeller(userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    return (await userStanding(this.database, userId))?.roles.includes('SELLER') ?? false;
  }

  private async applyAccount(tx: Tx, fetched: FetchedAccount): Promise<string> {
    if (!fetched) return 'ignored: not a CodeSale connected account';
    if ('missingAccountId' in fetched) {
      return (await this.markDisconnected(tx, fetched.missingAccountId))
        ? 'account DISCONNECTED: Stripe does not know it'
        : 'ignored: Stripe does not know the account';
    }
    const next = stateOf(fetched);
    let row = await this.lockAccount(tx, fetched.id);
    if (!row) {
      const sellerId = fetched.sellerId;
      if (sellerId === null || !isUuid(sellerId)) return 'ignored: not a CodeSale connected account';
      // The event outran the insert that follows the account's creation: record it from here.
      const [inserted] = await tx
        .insert(payoutAccounts)
        .values({ sellerId, stripeAccountId: fetched.id, ...next })
        .onConflictDoNothing()
        .returning();
      if (inserted) {
        await this.onAccountChanged(tx, sellerId);
        return `account recorded: ${inserted.status}`;
      }
      row = await this.lockAccount(tx, fetched.id);
      if (!row) return 'ignored: the seller has another connected account';
    }
    assert(
      fetched.sellerId === null || fetched.sellerId === row.sellerId,
      `connected account ${fetched.id} names another seller`,
    );
    if (sameState(row, next)) return `account unchanged: ${row.status}`;
    await tx
      .update(payoutAccounts)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(payoutAccounts.sellerId, row.sellerId));
    await this.onAccountChanged(tx, row.sellerId);
    return `account ${row.status} -> ${next.status}`;
  }

  private async lockAccount(tx: Tx, stripeAccountId: string): Promise<PayoutAccountRow | undefined> {
    const [row] = await tx
      .select()
      .from(payoutAccounts)
      .where(eq(payoutAccounts.stripeAccountId, stripeAccountId))
      .for('update');
    return row;
  }

  /**
   * Records the payout's state unless a newer one is recorded (bankPayoutStateSupersedes): the
   * events of one payout may arrive in any order, and twice.
   */
  private async applyBankPayout(tx: Tx, event: StripeEventRow): Promise<string> {
    if (event.account === null) return "ignored: a payout of the platform's own balance";
    const payout = parseConnectPayout(event.payload, event.account);
    if (!isBankPayoutStatus(payout.status))
      return `ignored: unknown payout status ${payout.status.slice(0, 40)}`;
    const [owner] = await tx
      .select({ sellerId: payoutAccounts.sellerId })
      .from(payoutAccounts)
      .where(eq(payoutAccounts.stripeAccountId, event.account));
    if (!owner) return 'ignored: not a CodeSale connected account';
    const eventCreatedSeconds = Math.floor(event.stripeCreatedAt.getTime() / 1000);
    const state = {
      amount: payout.amount,
      currency: payout.currency,
      status: payout.status,
      failureCode: payout.failureCode,
      failureMessage: payout.failureMessage,
      arrivalDate: payout.arrivalDate,
      stripeEventCreated: eventCreatedSeconds,
    };
    const [inserted] = await tx
      .insert(connectBankPayouts)
      .values({
        stripePayoutId: payout.id,
        sellerId: owner.sellerId,
        stripeAccountId: event.account,
        ...state,
      })
      .onConflictDoNothing({ target: connectBankPayouts.stripePayoutId })
      .returning({ status: connectBankPayouts.status });
    if (inserted) return `bank payout recorded: ${payout.status}`;
    const [stored] = await tx
      .select()
      .from(connectBankPayouts)
      .where(eq(connectBankPayouts.stripePayoutId, payout.id))
      .for('update');
    assert(stored, `bank payout ${payout.id} vanished`);
    assert(stored.stripeAccountId === event.account, `bank payout ${payout.id} moved to another account`);
    const storedState = {
      status: stored.status as BankPayoutStatus,
      eventCreatedSeconds: stored.stripeEventCreated,
    };
    if (!bankPayoutStateSupersedes(storedState, { status: payout.status, eventCreatedSeconds })) {
      return `ignored: bank payout already ${stored.status}`;
    }
    await tx
      .update(connectBankPayouts)
      .set({ ...state, updatedAt: new Date() })
      .where(eq(connectBankPayouts.stripePayoutId, payout.id));
    return `bank payout ${stored.status} -> ${payout.status}`;
  }
}

/** What an account.updated job read from Stripe: the account, Stripe's "no such account", or not ours (null). */
type FetchedAccount = StripeConnectedAccount | { missingAccountId: string } | null;

type AccountState = Pick<
  PayoutAccountRow,
  | 'status'
  | 'payoutsEnabled'
  | 'transfersActive'
  | 'detailsSubmitted'
  | 'currentlyDue'
  | 'pastDue'
  | 'pendingVerification'
  | 'disabledReason'
>;

/** The row's columns once Stripe no longer knows the account: nothing can reach it. */
const disconnectedState: AccountState = {
  status: 'DISCONNECTED',
  payoutsEnabled: false,
  transfersActive: false,
  detailsSubmitted: false,
  currentlyDue: [],
  pastDue: [],
  pendingVerification: [],
  disabledReason: null,
};

/** The row's columns for what Stripe says about the account. */
function stateOf(account: StripeConnectedAccount): AccountState {
  const facts: ConnectAccountFacts = {
    payoutsEnabled: account.payoutsEnabled,
    transfersActive: account.transfersCapability === 'active',
    detailsSubmitted: account.detailsSubmitted,
    currentlyDue: account.currentlyDue.slice(0, maxRequirements),
    pastDue: account.pastDue.slice(0, maxRequirements),
    pendingVerification: account.pendingVerification.slice(0, maxRequirements),
  };
  return {
    status: payoutAccountStatus(facts),
    payoutsEnabled: facts.payoutsEnabled,
    transfersActive: facts.transfersActive,
    detailsSubmitted: facts.detailsSubmitted,
    currentlyDue: [...facts.currentlyDue],
    pastDue: [...facts.pastDue],
    pendingVerification: [...facts.pendingVerification],
    disabledReason: account.disabledReason,
  };
}

function factsOf(row: PayoutAccountRow): ConnectAccountFacts {
  return {
    payoutsEnabled: row.payoutsEnabled,
    transfersActive: row.transfersActive,
    detailsSubmitted: row.detailsSubmitted,
    currentlyDue: row.currentlyDue,
    pastDue: row.pastDue,
    pendingVerification: row.pendingVerification,
  };
}

function sameState(row: PayoutAccountRow, next: AccountState): boolean {
  return (
    row.status === next.status &&
    row.payoutsEnabled === next.payoutsEnabled &&
    row.transfersActive === next.transfersActive &&
    row.detailsSubmitted === next.detailsSubmitted &&
    row.disabledReason === next.disabledReason &&
    sameList(row.currentlyDue, next.currentlyDue) &&
    sameList(row.pastDue, next.pastDue) &&
    sameList(row.pendingVerification, next.pendingVerification)
  );
}

function sameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

function toView(row: PayoutAccountRow): PayoutAccountView {
  return {
    sellerId: row.sellerId,
    stripeAccountId: row.stripeAccountId,
    status: row.status,
    payoutsEnabled: row.payoutsEnabled,
    detailsSubmitted: row.detailsSubmitted,
    missing: missingRequirements(factsOf(row)),
    overdue: [...new Set(row.pastDue)].sort(),
    pendingVerification: [...row.pendingVerification],
    disabledReason: row.disabledReason,
    updatedAt: row.updatedAt,
  };
}
