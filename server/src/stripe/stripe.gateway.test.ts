import pino from 'pino';
import Stripe from 'stripe';
import { emulatorClient, startVerifyingEndpoint } from '../../test/stripe-emulator-helpers';
import { loadConfig } from '../config';
import { StripeEmulator } from './emulator/emulator';
import { generateWebhookSecret, signatureHeader } from './emulator/signature';
import {
  createStripeGateway,
  StripeGateway,
  StripeTransferRefusedError,
  StripeUnavailableError,
  WebhookSignatureError,
  type CreateTransferRequest,
} from './stripe.gateway';
import {
  parseConnectedAccount,
  parseConnectPayout,
  parseTransfer,
  StripePayloadError,
  type StripeTransfer,
} from './stripe.types';

/** The gateway's Connect methods against the emulator, through the real SDK, in CodeSale's narrow types. */
describe('StripeGateway: Connect', () => {
  let emulator: StripeEmulator;
  let gateway: StripeGateway;

  beforeEach(async () => {
    emulator = await StripeEmulator.start({ apiVersion: Stripe.API_VERSION, retryBaseDelayMs: 10 });
    gateway = new StripeGateway(emulatorClient(emulator, 0), emulator.webhookSecret, emulator);
  });

  afterEach(async () => {
    await gateway.close();
  });

  async function enabledSeller(sellerId = 'seller-1'): Promise<string> {
    const account = await gateway.createConnectedAccount({
      sellerId,
      email: `${sellerId}@example.test`,
      country: 'DE',
      idempotencyKey: `account-${sellerId}`,
    });
    emulator.updateAccount(account.id, 'complete');
    return account.id;
  }

  const transfer = (destination: string, payoutId: string, amount = 1_000): CreateTransferRequest => ({
    payoutId,
    amount,
    currency: 'EUR',
    destination,
    idempotencyKey: `payout-${payoutId}`,
  });

  it('creates a seller account not yet onboarded, an onboarding link, and reads the account back', async () => {
    const account = await gateway.createConnectedAccount({
      sellerId: 'seller-1',
      email: 'seller@example.test',
      country: 'DE',
      idempotencyKey: 'account-seller-1',
    });
    const again = await gateway.createConnectedAccount({
      sellerId: 'seller-1',
      email: 'seller@example.test',
      country: 'DE',
      idempotencyKey: 'account-seller-1',
    });
    const link = await gateway.createAccountLink({
      accountId: account.id,
      refreshUrl: 'https://codesale.test/refresh',
      returnUrl: 'https://codesale.test/return',
    });
    emulator.updateAccount(account.id, 'restricted', ['external_account']);
    const restricted = await gateway.retrieveAccount(account.id);

    expect(account).toMatchObject({
      payoutsEnabled: false,
      detailsSubmitted: false,
      transfersCapability: 'inactive',
      pastDue: [],
      pendingVerification: [],
      disabledReason: 'requirements.past_due',
      sellerId: 'seller-1',
    });
    expect(account.currentlyDue).toContain('external_account');
    expect(again.id).toBe(account.id);
    expect(link.url.startsWith(emulator.url)).toBe(true);
    expect(link.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(restricted).toMatchObject({
      id: account.id,
      detailsSubmitted: true,
      payoutsEnabled: false,
      transfersCapability: 'inactive',
      currentlyDue: ['external_account'],
      pastDue: ['external_account'],
    });
  });

  it('createTransfer sends the payout id as metadata and transfer group, and answers in upper-case currency', async () => {
    const destination = await enabledSeller();
    emulator.creditBalance('eur', 5_000);

    const made = await gateway.createTransfer(transfer(destination, 'p1'));

    expect(made).toEqual<StripeTransfer>({
      id: expect.stringMatching(/^tr_/),
      amount: 1_000,
      amountReversed: 0,
      currency: 'EUR',
      destination,
      transferGroup: 'payout:p1',
      payoutId: 'p1',
      reversed: false,
      created: expect.any(Date),
    });
    expect(emulator.transfer(made.id)).toMatchObject({ description: 'CodeSale payout p1' });
    expect(await gateway.retrieveTransfer(made.id)).toEqual(made);
  });

  it('createTransfer maps a definitive refusal to StripeTransferRefusedError with Stripe code', async () => {
    // given an account not onboarded, and an onboarded one with nothing on the platform balance
    const notOnboarded = await gateway.createConnectedAccount({
      sellerId: 'seller-2',
      email: 'seller-2@example.test',
      country: 'DE',
      idempotencyKey: 'account-seller-2',
    });
    const enabled = await enabledSeller();

    const capability = gateway.createTransfer(transfer(notOnboarded.id, 'p1'));
    const balance = gateway.createTransfer(transfer(enabled, 'p2'));

    await expect(capability).rejects.toBeInstanceOf(StripeTransferRefusedError);
    await expect(capability).rejects.toMatchObject({ code: 'insufficient_capabilities_for_transfer' });
    await expect(balance).rejects.toMatchObject({
      name: 'StripeTransferRefusedError',
      code: 'balance_insufficient',
      message: expect.stringMatching(/insufficient available funds/),
    });
  });

  it('createTransfer throws a plain Error (a bug) when a key is reused with other parameters', async () => {
    const destination = await enabledSeller();
    emulator.creditBalance('eur', 5_000);
    await gateway.createTransfer(transfer(destination, 'p1'));

    const reused = gateway.createTransfer({ ...transfer(destination, 'p1'), amount: 999 });

    await expect(reused).rejects.toThrow(/idempotency key/);
    await expect(reused).rejects.not.toBeInstanceOf(StripeTransferRefusedError);
    await expect(reused).rejects.not.toBeInstanceOf(StripeUnavailableError);
  });

  it('createTransfer maps a lost response to StripeUnavailableError; the transfer exists and the same key returns it', async () => {
    // given the answers to the request and to the SDK's own reconnect are lost
    const destination = await enabledSeller();
    emulator.creditBalance('eur', 5_000);
    emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'response_lost' }, 2);

    // when the payout's transfer is created
    const lost = gateway.createTransfer(transfer(destination, 'p1'));

    // then the outcome is unknown to the caller, yet Stripe made it; the same key and the group both find it
    await expect(lost).rejects.toBeInstanceOf(StripeUnavailableError);
    const found = await gateway.findTransferForPayout('p1');
    expect(found).toMatchObject({ payoutId: 'p1', amount: 1_000 });
    expect((await gateway.createTransfer(transfer(destination, 'p1'))).id).toBe(found!.id);
    expect(emulator.balance('eur')).toBe(4_000);
  });

  it('createTransfer maps a 500 to StripeUnavailableError (nothing applied, the retry makes it)', async () => {
    const destination = await enabledSeller();
    emulator.creditBalance('eur', 5_000);
    emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'error_before_apply' });

    await expect(gateway.createTransfer(transfer(destination, 'p1'))).rejects.toBeInstanceOf(
      StripeUnavailableError,
    );
    expect(await gateway.findTransferForPayout('p1')).toBeNull();
    expect((await gateway.createTransfer(transfer(destination, 'p1'))).payoutId).toBe('p1');
  });

  it('findTransferForPayout finds the first transfer when an expired key let a retry make a second', async () => {
    const destination = await enabledSeller();
    emulator.creditBalance('eur', 5_000);
    const first = await gateway.createTransfer(transfer(destination, 'p1'));
    await gateway.createTransfer(transfer(destination, 'other'));

    emulator.expireIdempotencyKeys();
    const second = await gateway.createTransfer(transfer(destination, 'p1'));

    expect(second.id).not.toBe(first.id);
    expect((await gateway.findTransferForPayout('p1'))?.id).toBe(first.id);
    expect(await gateway.findTransferForPayout('nobody')).toBeNull();
  });

  it('listTransfers pages through every transfer, newest first, from a creation time', async () => {
    const destination = await enabledSeller();
    emulator.creditBalance('eur', 10_000);
    const made: string[] = [];
    for (let index = 0; index < 5; index++)
      made.push((await gateway.createTransfer(transfer(destination, `p${index}`, 100))).id);

    const listed: string[] = [];
    for await (const listedTransfer of gateway.listTransfers({ pageSize: 2 })) listed.push(listedTransfer.id);
    const future: StripeTransfer[] = [];
    for await (const listedTransfer of gateway.listTransfers({ createdGte: new Date(Date.now() + 60_000) }))
      future.push(listedTransfer);

    expect(listed).toEqual([...made].reverse());
    expect(future).toEqual([]);
    await expect(gateway.listTransfers({ pageSize: 101 })[Symbol.asyncIterator]().next()).rejects.toThrow(
      /1\.\.100/,
    );
  });

  it("verifyWebhook accepts the Connect endpoint's secret too, and refuses any other", () => {
    // given a gateway with a Connect endpoint secret, and one event signed three ways
    const connectSecret = generateWebhookSecret();
    const withConnect = new StripeGateway(gateway.client, emulator.webhookSecret, null, [connectSecret]);
    const payload = JSON.stringify({
      id: 'evt_connect1',
      object: 'event',
      type: 'account.updated',
      created: 1,
      livemode: false,
      account: 'acct_1',
      data: { object: { id: 'acct_1' } },
    });
    const signed = (secret: string) => signatureHeader(payload, secret, Math.floor(Date.now() / 1000));

    // then the platform's and the Connect endpoint's signatures verify, a stranger's does not
    expect(withConnect.verifyWebhook(Buffer.from(payload), signed(emulator.webhookSecret)).account).toBe(
      'acct_1',
    );
    expect(withConnect.verifyWebhook(Buffer.from(payload), signed(connectSecret)).account).toBe('acct_1');
    expect(() => withConnect.verifyWebhook(Buffer.from(payload), signed(generateWebhookSecret()))).toThrow(
      WebhookSignatureError,
    );
    expect(() => gateway.verifyWebhook(Buffer.from(payload), signed(connectSecret))).toThrow(
      WebhookSignatureError,
    );
  });

  it('verifyWebhook reads the connected account of a Connect event, and null on a platform event', async () => {
    // given an onboarding, a transfer and a bank payout, whose events the emulator signs
    const endpoint = await startVerifyingEndpoint(emulator);
    const destination = await enabledSeller();
    emulator.creditBalance('eur', 5_000);
    await gateway.createTransfer(transfer(destination, 'p1'));
    emulator.payoutToBank(destination, { amount: 700, currency: 'eur', outcome: 'failed' });
    await emulator.idle();
    await endpoint.close();

    // when the gateway verifies each event as the webhook route does
    const verified = emulator.events().map((event) => {
      const payload = JSON.stringify(event);
      return gateway.verifyWebhook(
        Buffer.from(payload),
        signatureHeader(payload, emulator.webhookSecret, Math.floor(Date.now() / 1000)),
      );
    });

    // then Connect events carry the account, platform events do not, and the payout reads narrowly
    expect(verified.map((event) => [event.type, event.account])).toEqual([
      ['account.updated', destination],
      ['transfer.created', null],
      ['payout.created', destination],
      ['payout.failed', destination],
    ]);
    const failed = verified[3]!;
    expect(parseConnectPayout(failed.object, failed.account!)).toEqual({
      id: expect.stringMatching(/^po_/),
      accountId: destination,
      amount: 700,
      currency: 'EUR',
      status: 'failed',
      failureCode: 'account_closed',
      failureMessage: 'The bank account has been closed.',
      arrivalDate: expect.any(Date),
    });
    expect(parseConnectedAccount(verified[0]!.object)).toMatchObject({
      id: destination,
      payoutsEnabled: true,
      transfersCapability: 'active',
    });
  });

  it('createStripeGateway starts the emulator with STRIPE_EMULATOR_LATENCY_MS', async () => {
    const config = loadConfig({ STRIPE_EMULATOR_LATENCY_MS: '150', STRIPE_MAX_NETWORK_RETRIES: '0' });
    const slow = await createStripeGateway(config, pino({ level: 'silent' }));
    try {
      const started = performance.now();
      await slow.client.balance.retrieve();
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      await slow.close();
    }
  });
});

describe('Stripe Connect parsers', () => {
  const transferObject = {
    id: 'tr_1',
    object: 'transfer',
    amount: 1_000,
    amount_reversed: 0,
    currency: 'eur',
    destination: { id: 'acct_1', object: 'account' },
    transfer_group: null,
    metadata: {},
    reversed: false,
    created: 1_700_000_000,
  };

  it('read an expanded destination, and refuse what is not the object they read', () => {
    expect(parseTransfer(transferObject)).toMatchObject({
      destination: 'acct_1',
      payoutId: null,
      transferGroup: null,
    });
    expect(() => parseTransfer({ ...transferObject, amount_reversed: 1_001 })).toThrow(StripePayloadError);
    expect(() => parseTransfer({ ...transferObject, object: 'payout' })).toThrow(StripePayloadError);
    expect(() => parseTransfer({ ...transferObject, currency: 'euro' })).toThrow(StripePayloadError);
    expect(() => parseConnectedAccount({ id: 'cus_1', object: 'account' })).toThrow(StripePayloadError);
    expect(() =>
      parseConnectedAccount({ id: 'acct_1', object: 'account', requirements: { currently_due: [1] } }),
    ).toThrow(StripePayloadError);
    expect(
      parseConnectedAccount({ id: 'acct_1', object: 'account', capabilities: { transfers: 'unrequested' } }),
    ).toEqual({
      id: 'acct_1',
      payoutsEnabled: false,
      detailsSubmitted: false,
      transfersCapability: 'inactive',
      currentlyDue: [],
      pastDue: [],
      pendingVerification: [],
      disabledReason: null,
      sellerId: null,
    });
    expect(() => parseConnectPayout({ id: 'po_1', object: 'payout' }, 'not-an-account')).toThrow(
      StripePayloadError,
    );
  });
});
