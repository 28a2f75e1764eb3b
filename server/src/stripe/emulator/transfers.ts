import {
  boundedIntegerParam,
  clone,
  currencyParam,
  fail,
  full,
  integerParam,
  invalid,
  limits,
  metadataParam,
  missing,
  nowSeconds,
  objectId,
  refused,
  rejectUnknownParams,
  requiredStringParam,
  stringParam,
  type ApiResult,
  type Json,
  type RequestContext,
} from './api';
import type { Balance } from './balance';
import type { ConnectAccounts, ConnectEvents } from './connect';
import type { FormObject, FormValue } from './form';

/**
 * Transfers from the platform's balance to connected accounts, and their reversals, with Stripe's
 * refusals: a destination whose transfers capability is not active, a platform balance too low.
 */
/** Transfers' saved state. */
export interface TransfersSnapshot {
  transfers: Json[];
  reversalCount: number;
}

export class Transfers {
  /** In creation order: lists read it newest first. */
  private readonly transfers = new Map<string, Json>();
  private reversalCount = 0;

  constructor(
    private readonly accounts: ConnectAccounts,
    private readonly platform: Balance,
    private readonly events: ConnectEvents,
  ) {}

  /** What outlives a restart (emulator-state.ts): every transfer, its reversals inside it. */
  snapshot(): TransfersSnapshot {
    return { transfers: [...this.transfers.values()], reversalCount: this.reversalCount };
  }

  restore(saved: TransfersSnapshot): void {
    for (const transfer of saved.transfers) this.transfers.set(String(transfer['id']), transfer);
    this.reversalCount = saved.reversalCount;
  }

  transfer(transferId: string): Json | undefined {
    const transfer = this.transfers.get(transferId);
    return transfer ? clone(transfer) : undefined;
  }

  create(params: FormObject, context: RequestContext): ApiResult {
    rejectUnknownParams(params, [
      'amount',
      'currency',
      'destination',
      'transfer_group',
      'metadata',
      'description',
      'source_transaction',
      'source_type',
      'expand',
    ]);
    const amount = integerParam(params, 'amount');
    const currency = currencyParam(params);
    const destination = requiredStringParam(params, 'destination');
    const metadata = metadataParam(params);
    const sourceType = stringParam(params, 'source_type') ?? 'card';
    if (sourceType !== 'card') return invalid('The emulator supports source_type=card only.', 'source_type');
    if (!this.accounts.find(destination)) {
      return invalid(`No such destination: '${destination}'`, 'destination', 'resource_missing');
    }
    const tooMany = full(this.transfers);
    if (tooMany) return tooMany;
    // From here the endpoint runs: its refusals are kept for the idempotency key, as Stripe keeps them.
    if (!this.accounts.transfersActive(destination)) {
      return refused(
        'Your destination account needs to have at least one of the following capabilities enabled: ' +
          'transfers, crypto_transfers, legacy_payments',
        'insufficient_capabilities_for_transfer',
        'destination',
      );
    }
    if (this.platform.available(currency) < amount) {
      return refused(
        'You have insufficient available funds in your Stripe account. Try adding funds directly to your ' +
          'available balance by creating Charges using the 4000000000000077 test card. ' +
          'See: https://stripe.com/docs/testing#available-balance',
        'balance_insufficient',
      );
    }
    const id = objectId('tr');
    const transfer: Json = {
      id,
      object: 'transfer',
      amount,
      amount_reversed: 0,
      balance_transaction: objectId('txn'),
      created: nowSeconds(),
      currency,
      description: stringParam(params, 'description') ?? null,
      destination,
      destination_payment: objectId('py'),
      livemode: false,
      metadata,
      reversals: {
        object: 'list',
        data: [],
        has_more: false,
        total_count: 0,
        url: `/v1/transfers/${id}/reversals`,
      },
      reversed: false,
      source_transaction: stringParam(params, 'source_transaction') ?? null,
      source_type: sourceType,
      transfer_group: stringParam(params, 'transfer_group') ?? null,
    };
    this.platform.debit(currency, amount);
    this.accounts.balanceOf(destination).credit(currency, amount);
    this.transfers.set(id, transfer);
    this.events.emit('transfer.created', transfer, context);
    return { status: 200, body: clone(transfer) };
  }

  retrieve(transferId: string): ApiResult {
    const transfer = this.transfers.get(transferId);
    return transfer ? { status: 200, body: clone(transfer) } : missing('transfer', transferId);
  }

  /**
   * `GET /v1/transfers`: newest first, filtered by destination, transfer_group and created, paged
   * with limit (1..100, 10 by default) and starting_after / ending_before, as the SDK's
   * auto-pagination reads it.
   */
  list(params: FormObject): ApiResult {
    rejectUnknownParams(params, [
      'destination',
      'transfer_group',
      'created',
      'limit',
      'starting_after',
      'ending_before',
      'expand',
    ]);
    const destination = stringParam(params, 'destination');
    const transferGroup = stringParam(params, 'transfer_group');
    const created = createdRange(params['created']);
    const limit =
      params['limit'] === undefined ? 10 : boundedIntegerParam(params, 'limit', 1, limits.maxListPage);
    const startingAfter = stringParam(params, 'starting_after');
    const endingBefore = stringParam(params, 'ending_before');
    if (startingAfter !== undefined && endingBefore !== undefined)
      return invalid('You may only specify one of these parameters: ending_before, starting_after.', null);
    const newestFirst = [...this.transfers.values()]
      .reverse()
      .filter(
        (transfer) =>
          (destination === undefined || transfer['destination'] === destination) &&
          (transferGroup === undefined || transfer['transfer_group'] === transferGroup) &&
          created(Number(transfer['created'])),
      );
    const cursor = startingAfter ?? endingBefore;
    let page: Json[];
    let hasMore: boolean;
    if (cursor === undefined) {
      page = newestFirst.slice(0, limit);
      hasMore = newestFirst.length > limit;
    } else {
      if (!this.transfers.has(cursor))
        return invalid(
          `No such transfer: '${cursor}'`,
          startingAfter ? 'starting_after' : 'ending_before',
          'resource_missing',
        );
      const at = newestFirst.findIndex((transfer) => transfer['id'] === cursor);
      if (startingAfter !== undefined) {
        const rest = at < 0 ? [] : newestFirst.slice(at + 1);
        page = rest.slice(0, limit);
        hasMore = rest.length > limit;
      } else {
        const before = at < 0 ? [] : newestFirst.slice(0, at);
        page = before.slice(Math.max(0, before.length - limit));
        hasMore = before.length > limit;
      }
    }
    return {
      status: 200,
      body: {
        object: 'list',
        data: page.map((transfer) => clone(transfer)),
        has_more: hasMore,
        url: '/v1/transfers',
      },
    };
  }

  /**
   * `POST /v1/transfers/:id/reversals`: the amount (the rest by default) goes back from the
   * connected account to the platform's balance; `transfer.reversed` carries the transfer.
   */
  reverse(transferId: string, params: FormObject, context: RequestContext): ApiResult {
    rejectUnknownParams(params, ['amount', 'description', 'metadata', 'refund_application_fee', 'expand']);
    const transfer = this.transfers.get(transferId);
    if (!transfer) return missing('transfer', transferId);
    const metadata = metadataParam(params);
    const remaining = Number(transfer['amount']) - Number(transfer['amount_reversed']);
    const amount = params['amount'] === undefined ? remaining : integerParam(params, 'amount');
    if (remaining === 0) {
      return invalid(
        `Transfer ${transferId} has already been fully reversed.`,
        null,
        'transfer_already_reversed',
      );
    }
    if (amount > remaining) {
      return invalid(
        `You cannot reverse more than the ${remaining} ${String(transfer['currency'])} that remain on this transfer.`,
        'amount',
      );
    }
    const currency = String(transfer['currency']);
    const destination = this.accounts.balanceOf(String(transfer['destination']));
    if (destination.available(currency) < amount) {
      return refused(
        'The destination account has insufficient funds to cover this reversal.',
        'balance_insufficient',
      );
    }
    if (this.reversalCount >= limits.maxObjectsPerKind) return full({ size: this.reversalCount })!;
    const reversal: Json = {
      id: objectId('trr'),
      object: 'transfer_reversal',
      amount,
      balance_transaction: objectId('txn'),
      created: nowSeconds(),
      currency,
      destination_payment_refund: objectId('pyr'),
      metadata,
      source_refund: null,
      transfer: transferId,
    };
    this.reversalCount++;
    destination.debit(currency, amount);
    this.platform.credit(currency, amount);
    const previousAttributes = {
      amount_reversed: transfer['amount_reversed'],
      reversed: transfer['reversed'],
    };
    transfer['amount_reversed'] = Number(transfer['amount_reversed']) + amount;
    transfer['reversed'] = transfer['amount_reversed'] === transfer['amount'];
    const reversals = transfer['reversals'] as { data: Json[]; total_count: number; has_more: boolean };
    reversals.data.unshift(reversal);
    reversals.total_count++;
    // The transfer object carries the ten newest reversals, as Stripe's does.
    if (reversals.data.length > 10) {
      reversals.data.length = 10;
      reversals.has_more = true;
    }
    this.events.emit('transfer.reversed', transfer, context, { previousAttributes });
    return { status: 200, body: clone(reversal) };
  }

  /** `GET /v1/transfers/:id/reversals`: the ten newest (the emulator keeps no more per transfer). */
  listReversals(transferId: string, params: FormObject): ApiResult {
    rejectUnknownParams(params, ['limit', 'starting_after', 'ending_before', 'expand']);
    const transfer = this.transfers.get(transferId);
    if (!transfer) return missing('transfer', transferId);
    return { status: 200, body: clone(transfer['reversals'] as Json) };
  }
}

/** `created=<unix>` or `created[gt|gte|lt|lte]=<unix>`: a test over a transfer's `created`. */
function createdRange(raw: FormValue | undefined): (created: number) => boolean {
  if (raw === undefined || raw === '') return () => true;
  const seconds = (value: FormValue | undefined, param: string): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^\d{1,12}$/.test(value))
      fail(`Invalid timestamp: ${String(value)}`, param);
    return Number(value);
  };
  if (typeof raw === 'string') {
    const exactly = seconds(raw, 'created')!;
    return (created) => created === exactly;
  }
  if (Array.isArray(raw)) fail('Invalid created: a timestamp or a hash of gt, gte, lt, lte.', 'created');
  rejectUnknownParams(raw, ['gt', 'gte', 'lt', 'lte']);
  const gt = seconds(raw['gt'], 'created[gt]');
  const gte = seconds(raw['gte'], 'created[gte]');
  const lt = seconds(raw['lt'], 'created[lt]');
  const lte = seconds(raw['lte'], 'created[lte]');
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}
