import Stripe from 'stripe';
import {
  emulatorClient,
  emulatorControl,
  startVerifyingEndpoint,
  type VerifyingEndpoint,
} from '../../../test/stripe-emulator-helpers';
import { StripeEmulator } from './emulator';

/** The faults the payout tests and the benchmark inject, seen through the real SDK. */
describe('Stripe emulator: fault injection', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;
  let endpoint: VerifyingEndpoint;
  let destination: string;

  beforeEach(async () => {
    emulator = await StripeEmulator.start({ apiVersion: Stripe.API_VERSION, retryBaseDelayMs: 10 });
    stripe = emulatorClient(emulator, 0);
    endpoint = await startVerifyingEndpoint(emulator);
    const account = await stripe.accounts.create({ type: 'express', country: 'DE' });
    emulator.updateAccount(account.id, 'complete');
    emulator.creditBalance('eur', 10_000);
    destination = account.id;
  });

  afterEach(async () => {
    await emulator.close();
    await endpoint.close();
  });

  const params = (payoutId: string): Stripe.TransferCreateParams => ({
    amount: 1_000,
    currency: 'eur',
    destination,
    transfer_group: `payout:${payoutId}`,
    metadata: { payout_id: payoutId },
  });

  async function transfersOf(payoutId: string): Promise<Stripe.Transfer[]> {
    return (await stripe.transfers.list({ transfer_group: `payout:${payoutId}` })).data;
  }

  describe('response_lost', () => {
    it('applies the transfer and drops the answer: the SDK sees a connection error, and a retry with the same key gets the transfer', async () => {
      // given every answer to the first attempt and to the SDK's own retry of a closed connection lost
      emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'response_lost' }, 2);

      // when a transfer is created with maxNetworkRetries 0
      const lost = stripe.transfers.create(params('p1'), { idempotencyKey: 'payout-p1' });

      // then the caller sees a connection error, yet the transfer exists, once, and was announced
      await expect(lost).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
      const made = await transfersOf('p1');
      expect(made).toHaveLength(1);
      expect(emulator.balance('eur')).toBe(9_000);
      await emulator.idle();
      expect(endpoint.ofType('transfer.created')).toHaveLength(1);

      // and a retry with the same key returns that transfer without making another
      const retried = await stripe.transfers.create(params('p1'), { idempotencyKey: 'payout-p1' });
      expect(retried.id).toBe(made[0]!.id);
      expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(emulator.balance('eur')).toBe(9_000);
      expect(emulator.faults()).toEqual([]);
    });

    it('one lost answer is invisible to the caller: stripe-node retries a closed connection once, with the same key', async () => {
      emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'response_lost' });

      const transfer = await stripe.transfers.create(params('p1'));

      expect(transfer.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect((await transfersOf('p1')).map((listed) => listed.id)).toEqual([transfer.id]);
    });
  });

  describe('error_before_apply', () => {
    it('answers 500 and applies nothing, keeping nothing for the key', async () => {
      // given the next transfer request fails before it is applied
      emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'error_before_apply' });

      // when a transfer is created, then retried with the same key
      const failed = stripe.transfers.create(params('p1'), { idempotencyKey: 'payout-p1' });
      await expect(failed).rejects.toMatchObject({ type: 'StripeAPIError', statusCode: 500 });
      const nothing = await transfersOf('p1');
      const balanceAfterFailure = emulator.balance('eur');
      const retried = await stripe.transfers.create(params('p1'), { idempotencyKey: 'payout-p1' });
      await emulator.idle();

      // then the failure left nothing, and the retry made the transfer afresh
      expect(nothing).toEqual([]);
      expect(balanceAfterFailure).toBe(10_000);
      expect(retried.lastResponse.headers['idempotent-replayed']).toBeUndefined();
      expect(endpoint.ofType('transfer.created')).toHaveLength(1);
    });

    it('matches a path prefix and a method only', async () => {
      const transfer = await stripe.transfers.create(params('p1'));
      emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'error_before_apply' });

      // a GET under the prefix is not a POST: untouched; the reversal under the prefix meets the fault
      expect((await stripe.transfers.retrieve(transfer.id)).id).toBe(transfer.id);
      await expect(stripe.transfers.createReversal(transfer.id)).rejects.toMatchObject({ statusCode: 500 });
      expect((await stripe.transfers.retrieve(transfer.id)).amount_reversed).toBe(0);
    });
  });

  describe('latency', () => {
    it('holds a matching request at least the given time, while other requests are answered meanwhile', async () => {
      // given the next transfer waits 300 ms
      emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'latency', ms: 300 });
      const finished: string[] = [];

      // when a transfer and a balance request are sent together
      const started = performance.now();
      const slow = stripe.transfers.create(params('p1')).then(() => {
        finished.push('transfer');
        return performance.now() - started;
      });
      await stripe.balance.retrieve();
      finished.push('balance');
      const slowMs = await slow;

      // then the balance came back first and the transfer waited its latency
      expect(finished).toEqual(['balance', 'transfer']);
      expect(slowMs).toBeGreaterThanOrEqual(300);
    });

    it('setLatency delays every API request, not the controls', async () => {
      emulator.setLatency(200);
      const finished: string[] = [];
      const started = performance.now();
      const api = stripe.balance.retrieve().then(() => {
        finished.push('api');
        return performance.now() - started;
      });
      await emulatorControl(emulator, 'GET', '/_emulator/faults');
      finished.push('control');
      const apiMs = await api;

      expect(finished).toEqual(['control', 'api']);
      expect(apiMs).toBeGreaterThanOrEqual(200);
      emulator.setLatency(0);
      expect(() => emulator.setLatency(-1)).toThrow();
    });
  });

  it('takes faults, latency and key expiry over HTTP, and refuses a bad fault', async () => {
    const injected = await emulatorControl(
      emulator,
      'POST',
      '/_emulator/faults',
      'method=POST&path=/v1/transfers&kind=error_before_apply&times=2',
    );
    const latency = await emulatorControl(emulator, 'POST', '/_emulator/latency', 'ms=5');
    const badKind = await emulatorControl(
      emulator,
      'POST',
      '/_emulator/faults',
      'path=/v1/transfers&kind=explode',
    );
    const badPath = await emulatorControl(
      emulator,
      'POST',
      '/_emulator/faults',
      'path=/_emulator&kind=response_lost',
    );

    expect(injected.status).toBe(200);
    expect(injected.body['faults']).toEqual([
      { fault: { method: 'POST', path: '/v1/transfers', kind: 'error_before_apply' }, remaining: 2 },
    ]);
    expect(latency.body).toMatchObject({ latency_ms: 5 });
    expect(badKind).toMatchObject({ status: 400, body: { error: { param: 'kind' } } });
    expect(badPath).toMatchObject({ status: 400, body: { error: { param: 'path' } } });
    await expect(stripe.transfers.create(params('p1'))).rejects.toMatchObject({ statusCode: 500 });

    const cleared = await emulatorControl(emulator, 'POST', '/_emulator/faults/clear');
    const expired = await emulatorControl(emulator, 'POST', '/_emulator/idempotency/expire');
    const credited = await emulatorControl(emulator, 'POST', '/_emulator/balance', 'amount=500&currency=eur');

    expect(cleared.body['faults']).toEqual([]);
    expect(expired.status).toBe(200);
    expect(credited.body['available']).toEqual([
      expect.objectContaining({ amount: 10_500, currency: 'eur' }),
    ]);
    expect((await stripe.transfers.create(params('p1'))).amount).toBe(1_000);
  });
});
