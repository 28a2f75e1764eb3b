import Stripe from 'stripe';
import {
  emulatorClient,
  emulatorControl,
  startVerifyingEndpoint,
  type VerifyingEndpoint,
} from '../../../test/stripe-emulator-helpers';
import { StripeEmulator } from './emulator';

/** Connect in the emulator, through the real SDK and a webhook endpoint that verifies every signature. */
describe('Stripe emulator: Connect', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;
  let endpoint: VerifyingEndpoint;

  beforeEach(async () => {
    emulator = await StripeEmulator.start({ apiVersion: Stripe.API_VERSION, retryBaseDelayMs: 10 });
    stripe = emulatorClient(emulator);
    endpoint = await startVerifyingEndpoint(emulator);
  });

  afterEach(async () => {
    await emulator.close();
    await endpoint.close();
  });

  async function newAccount(sellerId = 'seller-1'): Promise<Stripe.Account> {
    return stripe.accounts.create({
      type: 'express',
      country: 'DE',
      email: `${sellerId}@example.test`,
      capabilities: { transfers: { requested: true } },
      metadata: { seller_id: sellerId },
    });
  }

  async function onboardedAccount(sellerId = 'seller-1'): Promise<Stripe.Account> {
    const account = await newAccount(sellerId);
    emulator.updateAccount(account.id, 'complete');
    return account;
  }

  function link(accountId: string) {
    return stripe.accountLinks.create({
      account: accountId,
      refresh_url: 'https://codesale.test/payouts/refresh',
      return_url: 'https://codesale.test/payouts/return',
      type: 'account_onboarding',
    });
  }

  function transferParams(
    destination: string,
    payoutId: string,
    amount = 1_000,
  ): Stripe.TransferCreateParams {
    return {
      amount,
      currency: 'eur',
      destination,
      transfer_group: `payout:${payoutId}`,
      metadata: { payout_id: payoutId },
      description: `CodeSale payout ${payoutId}`,
    };
  }

  describe('onboarding', () => {
    it('a new Express account is not onboarded: transfers inactive, payouts disabled, requirements due', async () => {
      const account = await newAccount();

      expect(account).toMatchObject({
        object: 'account',
        type: 'express',
        details_submitted: false,
        payouts_enabled: false,
        charges_enabled: false,
        capabilities: { transfers: 'inactive' },
        metadata: { seller_id: 'seller-1' },
        requirements: {
          past_due: [],
          pending_verification: [],
          disabled_reason: 'requirements.past_due',
        },
      });
      expect(account.requirements?.currently_due).toEqual(
        expect.arrayContaining([
          'business_type',
          'external_account',
          'tos_acceptance.date',
          'tos_acceptance.ip',
          'individual.first_name',
        ]),
      );
      expect((await stripe.accounts.retrieve(account.id)).id).toBe(account.id);
    });

    it('the onboarding link page completes onboarding, redirects to return_url and sends a verified account.updated naming the account', async () => {
      // given a new account and its onboarding link
      const account = await newAccount();
      const accountLink = await link(account.id);
      expect(accountLink).toMatchObject({ object: 'account_link' });
      expect(accountLink.expires_at - accountLink.created).toBe(300);
      expect(accountLink.url.startsWith(`${emulator.url}/_emulator/connect/onboarding/`)).toBe(true);

      // when the seller's browser opens the page (no API key) and presses "complete"
      const page = await fetch(accountLink.url);
      const html = await page.text();
      const completed = await fetch(accountLink.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=complete',
        redirect: 'manual',
      });
      await emulator.idle();

      // then the page offered the three outcomes, the browser went back to return_url, and the account is enabled
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain(account.id);
      for (const outcome of ['complete', 'pending', 'restricted'])
        expect(html).toContain(`value="${outcome}"`);
      expect(html).not.toMatch(/<script|https?:\/\/(?!codesale)/);
      expect(completed.status).toBe(303);
      expect(completed.headers.get('location')).toBe('https://codesale.test/payouts/return');
      expect(await stripe.accounts.retrieve(account.id)).toMatchObject({
        details_submitted: true,
        payouts_enabled: true,
        charges_enabled: true,
        capabilities: { transfers: 'active' },
        requirements: { currently_due: [], past_due: [], pending_verification: [], disabled_reason: null },
      });
      const [updated] = endpoint.ofType('account.updated');
      expect(updated?.account).toBe(account.id);
      expect(updated?.data.object).toMatchObject({ id: account.id, payouts_enabled: true });
      expect(updated?.data.previous_attributes).toMatchObject({ payouts_enabled: false });

      // and the link is single use: opened again, it sends to refresh_url
      const again = await fetch(accountLink.url, { redirect: 'manual' });
      expect(again.status).toBe(302);
      expect(again.headers.get('location')).toBe('https://codesale.test/payouts/refresh');
    });

    it('pending verification and restricted outcomes keep payouts disabled and say what is missing', async () => {
      // given two new accounts
      const pending = await newAccount('seller-pending');
      const restricted = await newAccount('seller-restricted');

      // when one is submitted for verification on its page and the other restricted through the HTTP control
      const accountLink = await link(pending.id);
      await fetch(accountLink.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=pending',
        redirect: 'manual',
      });
      const control = await emulatorControl(
        emulator,
        'POST',
        `/_emulator/accounts/${restricted.id}/onboarding`,
        'outcome=restricted&currently_due[]=individual.id_number',
      );
      await emulator.idle();

      // then each shows its state, and each change sent account.updated for its own account
      expect(await stripe.accounts.retrieve(pending.id)).toMatchObject({
        details_submitted: true,
        payouts_enabled: false,
        capabilities: { transfers: 'pending' },
        requirements: {
          currently_due: [],
          pending_verification: ['individual.verification.document'],
          disabled_reason: 'requirements.pending_verification',
        },
      });
      expect(control.status).toBe(200);
      expect(await stripe.accounts.retrieve(restricted.id)).toMatchObject({
        details_submitted: true,
        payouts_enabled: false,
        capabilities: { transfers: 'inactive' },
        requirements: {
          currently_due: ['individual.id_number'],
          pending_verification: [],
          disabled_reason: 'requirements.past_due',
        },
      });
      expect(endpoint.ofType('account.updated').map((event) => event.account)).toEqual([
        pending.id,
        restricted.id,
      ]);
      // restricted with no list given: Stripe's usual pair
      emulator.updateAccount(pending.id, 'restricted');
      expect(emulator.account(pending.id)?.['requirements']).toMatchObject({
        currently_due: ['individual.verification.document', 'external_account'],
      });
    });

    it('an expired link sends to refresh_url, an unknown one is a not-found page, a bad outcome changes nothing', async () => {
      const account = await newAccount();
      const accountLink = await link(account.id);
      const badOutcome = await fetch(accountLink.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=enabled',
        redirect: 'manual',
      });
      emulator.expireAccountLinks();

      const expired = await fetch(accountLink.url, { redirect: 'manual' });
      const expiredPost = await fetch(accountLink.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=complete',
        redirect: 'manual',
      });
      const unknown = await fetch(`${emulator.url}/_emulator/connect/onboarding/not-a-token`);

      expect(badOutcome.status).toBe(400);
      expect([expired.status, expired.headers.get('location')]).toEqual([
        302,
        'https://codesale.test/payouts/refresh',
      ]);
      expect(expiredPost.status).toBe(303);
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toMatch(/new onboarding link/);
      expect(emulator.account(account.id)).toMatchObject({ details_submitted: false });
      await expect(
        stripe.accountLinks.create({
          account: 'acct_missing',
          refresh_url: 'https://codesale.test/r',
          return_url: 'https://codesale.test/r',
          type: 'account_onboarding',
        }),
      ).rejects.toMatchObject({ code: 'resource_missing' });
    });
  });

  it('deletes a connected account: it is gone for retrieves, links and transfers, and a second delete is resource_missing', async () => {
    const account = await onboardedAccount();
    emulator.creditBalance('eur', 10_000);

    await expect(stripe.accounts.del(account.id)).resolves.toMatchObject({
      id: account.id,
      object: 'account',
      deleted: true,
    });

    const missing = { statusCode: 404, code: 'resource_missing' };
    await expect(stripe.accounts.retrieve(account.id)).rejects.toMatchObject(missing);
    await expect(stripe.accounts.del(account.id)).rejects.toMatchObject(missing);
    await expect(link(account.id)).rejects.toMatchObject({ code: 'resource_missing', param: 'account' });
    await expect(stripe.transfers.create(transferParams(account.id, 'p1'))).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'destination',
    });
    expect(emulator.balance('eur')).toBe(10_000);
  });

  describe('transfers', () => {
    it('refuses a transfer to an account not onboarded with insufficient_capabilities_for_transfer', async () => {
      const account = await newAccount();
      emulator.creditBalance('eur', 10_000);

      await expect(stripe.transfers.create(transferParams(account.id, 'p1'))).rejects.toMatchObject({
        statusCode: 400,
        type: 'StripeInvalidRequestError',
        code: 'insufficient_capabilities_for_transfer',
        message: expect.stringMatching(
          /^Your destination account needs to have at least one of the following capabilities enabled: transfers/,
        ),
      });
      expect(emulator.balance('eur')).toBe(10_000);
    });

    it('refuses a transfer above the available balance with balance_insufficient, and makes it once a top-up funded the balance', async () => {
      // given an onboarded seller and a platform with nothing available
      const account = await onboardedAccount();
      const refused = stripe.transfers.create(transferParams(account.id, 'p1', 2_000));
      await expect(refused).rejects.toMatchObject({
        statusCode: 400,
        code: 'balance_insufficient',
        message: expect.stringMatching(/^You have insufficient available funds in your Stripe account/),
      });

      // when a buyer's top-up succeeds
      const topUp = await stripe.paymentIntents.create({ amount: 5_000, currency: 'eur' });
      await stripe.paymentIntents.confirm(topUp.id, { payment_method: 'pm_card_visa' });
      const funded = await stripe.balance.retrieve();
      const transfer = await stripe.transfers.create(transferParams(account.id, 'p1', 2_000));
      await emulator.idle();

      // then the transfer is made from the balance and announced
      expect(funded.available).toEqual([expect.objectContaining({ amount: 5_000, currency: 'eur' })]);
      expect(transfer).toMatchObject({
        object: 'transfer',
        amount: 2_000,
        amount_reversed: 0,
        currency: 'eur',
        destination: account.id,
        transfer_group: 'payout:p1',
        metadata: { payout_id: 'p1' },
        description: 'CodeSale payout p1',
        reversed: false,
      });
      expect(emulator.balance('EUR')).toBe(3_000);
      expect(emulator.connectedBalance(account.id, 'eur')).toBe(2_000);
      const created = endpoint.ofType('transfer.created');
      expect(created.map((event) => (event.data.object as Stripe.Transfer).id)).toEqual([transfer.id]);
      // a platform event: no `account`, as Stripe sends it
      expect(created[0]).not.toHaveProperty('account');
    });

    it('replays the same transfer for the same key and parameters, debiting the balance once', async () => {
      const account = await onboardedAccount();
      emulator.creditBalance('eur', 5_000);

      const first = await stripe.transfers.create(transferParams(account.id, 'p1'), {
        idempotencyKey: 'payout-p1',
      });
      const again = await stripe.transfers.create(transferParams(account.id, 'p1'), {
        idempotencyKey: 'payout-p1',
      });
      await emulator.idle();

      expect(again.id).toBe(first.id);
      expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(emulator.balance('eur')).toBe(4_000);
      expect(endpoint.ofType('transfer.created')).toHaveLength(1);
    });

    it('refuses the same key with other parameters with an idempotency error', async () => {
      const account = await onboardedAccount();
      emulator.creditBalance('eur', 5_000);
      await stripe.transfers.create(transferParams(account.id, 'p1'), { idempotencyKey: 'payout-p1' });

      const reused = stripe.transfers.create(transferParams(account.id, 'p1', 1_001), {
        idempotencyKey: 'payout-p1',
      });

      await expect(reused).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(emulator.balance('eur')).toBe(4_000);
    });

    it('keeps a balance_insufficient refusal for its key and replays it, while a parameter error is not kept', async () => {
      // given a refusal for want of balance under a key
      const account = await onboardedAccount();
      const params = transferParams(account.id, 'p1');
      await expect(stripe.transfers.create(params, { idempotencyKey: 'payout-p1' })).rejects.toMatchObject({
        code: 'balance_insufficient',
      });

      // when the balance is funded and the same request is retried with the same key
      emulator.creditBalance('eur', 5_000);
      const retried = stripe.transfers.create(params, { idempotencyKey: 'payout-p1' });

      // then Stripe's saved answer comes back: still refused, nothing moved
      await expect(retried).rejects.toMatchObject({
        code: 'balance_insufficient',
        headers: expect.objectContaining({ 'idempotent-replayed': 'true' }),
      });
      expect(emulator.balance('eur')).toBe(5_000);

      // and a request that failed validation (an unknown destination) left its key free
      await expect(
        stripe.transfers.create(transferParams('acct_missing', 'p2'), { idempotencyKey: 'payout-p2' }),
      ).rejects.toMatchObject({ code: 'resource_missing', param: 'destination' });
      const made = await stripe.transfers.create(transferParams(account.id, 'p2'), {
        idempotencyKey: 'payout-p2',
      });
      expect(made.metadata['payout_id']).toBe('p2');
    });

    it('after keys expire (24 hours) the same key makes a second transfer, and the transfer group finds both', async () => {
      const account = await onboardedAccount();
      emulator.creditBalance('eur', 5_000);
      const first = await stripe.transfers.create(transferParams(account.id, 'p1'), {
        idempotencyKey: 'payout-p1',
      });

      emulator.expireIdempotencyKeys();
      const second = await stripe.transfers.create(transferParams(account.id, 'p1'), {
        idempotencyKey: 'payout-p1',
      });
      const group = await stripe.transfers.list({ transfer_group: 'payout:p1' });

      expect(second.id).not.toBe(first.id);
      expect(group.data.map((transfer) => transfer.id)).toEqual([second.id, first.id]);
      expect(emulator.balance('eur')).toBe(3_000);
    });

    it('forgets a key once idempotencyKeyTtlMs has passed', async () => {
      const shortLived = await StripeEmulator.start({
        apiVersion: Stripe.API_VERSION,
        idempotencyKeyTtlMs: 0,
      });
      try {
        const client = emulatorClient(shortLived);
        const params = { amount: 1_000, currency: 'eur' };
        const first = await client.paymentIntents.create(params, { idempotencyKey: 'key' });
        const second = await client.paymentIntents.create(params, { idempotencyKey: 'key' });
        expect(second.id).not.toBe(first.id);
      } finally {
        await shortLived.close();
      }
    });

    it('lists transfers newest first, filtered by transfer_group, destination and created, and auto-paginates past 100', async () => {
      // given 105 transfers to one seller and one to another
      const seller = await onboardedAccount('seller-1');
      const other = await onboardedAccount('seller-2');
      emulator.creditBalance('eur', 1_000_000);
      const made: string[] = [];
      for (let index = 0; index < 105; index++) {
        made.push((await stripe.transfers.create(transferParams(seller.id, `p${index}`, 100))).id);
      }
      const otherTransfer = await stripe.transfers.create(transferParams(other.id, 'q', 100));

      // when they are listed
      const all = await stripe.transfers.list({ limit: 100 }).autoPagingToArray({ limit: 1_000 });
      const ofSeller = await stripe.transfers
        .list({ destination: seller.id, limit: 100 })
        .autoPagingToArray({ limit: 1_000 });
      const firstPage = await stripe.transfers.list();
      const byGroup = await stripe.transfers.list({ transfer_group: 'payout:p7' });
      const future = await stripe.transfers.list({ created: { gte: Math.floor(Date.now() / 1000) + 60 } });
      const past = await stripe.transfers.list({
        created: { lte: Math.floor(Date.now() / 1000) + 60 },
        limit: 1,
      });

      // then every one is there once, newest first
      expect(all.map((transfer) => transfer.id)).toEqual([otherTransfer.id, ...[...made].reverse()]);
      expect(ofSeller).toHaveLength(105);
      expect(firstPage.data).toHaveLength(10);
      expect(firstPage.has_more).toBe(true);
      expect(byGroup.data.map((transfer) => transfer.id)).toEqual([made[7]]);
      expect(future.data).toEqual([]);
      expect(past.data.map((transfer) => transfer.id)).toEqual([otherTransfer.id]);
      await expect(stripe.transfers.list({ limit: 101 })).rejects.toMatchObject({ param: 'limit' });
      await expect(stripe.transfers.list({ starting_after: 'tr_missing' })).rejects.toMatchObject({
        code: 'resource_missing',
      });
    });

    it('a reversal returns money to the platform balance and sends transfer.reversed with the transfer', async () => {
      // given a transfer of 1,000
      const account = await onboardedAccount();
      emulator.creditBalance('eur', 1_000);
      const transfer = await stripe.transfers.create(transferParams(account.id, 'p1'));

      // when 400 are reversed through the API, then the rest by the control
      const partial = await stripe.transfers.createReversal(transfer.id, {
        amount: 400,
        metadata: { why: 'test' },
      });
      const rest = emulator.reverseTransfer(transfer.id);
      await emulator.idle();

      // then both reversals came back to the platform, and the transfer says it is fully reversed
      expect(partial).toMatchObject({
        object: 'transfer_reversal',
        amount: 400,
        transfer: transfer.id,
        currency: 'eur',
      });
      expect(rest).toMatchObject({ object: 'transfer_reversal', amount: 600 });
      expect(emulator.balance('eur')).toBe(1_000);
      expect(emulator.connectedBalance(account.id, 'eur')).toBe(0);
      expect(await stripe.transfers.retrieve(transfer.id)).toMatchObject({
        amount_reversed: 1_000,
        reversed: true,
      });
      const reversed = endpoint
        .ofType('transfer.reversed')
        .map((event) => event.data.object as Stripe.Transfer);
      expect(
        reversed.map((object) => [object.object, object.id, object.amount_reversed, object.reversed]),
      ).toEqual([
        ['transfer', transfer.id, 400, false],
        ['transfer', transfer.id, 1_000, true],
      ]);
      await expect(stripe.transfers.createReversal(transfer.id)).rejects.toMatchObject({ statusCode: 400 });
      expect(() => emulator.reverseTransfer(transfer.id)).toThrow(/fully reversed/);
    });

    it('a dispute takes its amount from the platform balance when it opens and gives it back when won', async () => {
      const paymentIntent = await stripe.paymentIntents.create({ amount: 4_000, currency: 'eur' });
      await stripe.paymentIntents.confirm(paymentIntent.id, { payment_method: 'pm_card_createDispute' });
      const duringDispute = emulator.balance('eur');

      emulator.closeDispute(String(emulator.disputeOf(paymentIntent.id)!['id']), 'won');

      expect(duringDispute).toBe(0);
      expect(emulator.balance('eur')).toBe(4_000);
    });
  });

  describe('bank payouts of a connected account', () => {
    it('sends payout.created then payout.paid, or payout.failed with its failure code, each naming the account', async () => {
      // given a seller with 3,000 transferred
      const account = await onboardedAccount();
      emulator.creditBalance('eur', 3_000);
      await stripe.transfers.create(transferParams(account.id, 'p1', 3_000));

      // when one payout is paid (control method) and another fails (HTTP control)
      const paid = emulator.payoutToBank(account.id, { amount: 1_000, currency: 'EUR', outcome: 'paid' });
      const failed = await emulatorControl(
        emulator,
        'POST',
        `/_emulator/accounts/${account.id}/payouts`,
        'amount=2000&currency=eur&outcome=failed&failure_code=no_account',
      );
      await emulator.idle();

      // then the events came in order, each with the connected account
      const payoutEvents = endpoint.received.filter((event) => event.type.startsWith('payout.'));
      expect(
        payoutEvents.map((event) => [event.type, (event.data.object as Stripe.Payout).id, event.account]),
      ).toEqual([
        ['payout.created', paid['id'], account.id],
        ['payout.paid', paid['id'], account.id],
        ['payout.created', failed.body['id'], account.id],
        ['payout.failed', failed.body['id'], account.id],
      ]);
      expect(payoutEvents[3]!.data.object).toMatchObject({
        object: 'payout',
        status: 'failed',
        amount: 2_000,
        currency: 'eur',
        failure_code: 'no_account',
        failure_message: expect.stringMatching(/No bank account could be located/),
      });
      // the failed payout's money is back on the account's balance
      expect(emulator.connectedBalance(account.id, 'eur')).toBe(2_000);
      const accountBalance = await stripe.balance.retrieve({}, { stripeAccount: account.id });
      expect(accountBalance.available).toEqual([expect.objectContaining({ amount: 2_000, currency: 'eur' })]);
      expect(() =>
        emulator.payoutToBank(account.id, { amount: 5_000, currency: 'eur', outcome: 'paid' }),
      ).toThrow(/insufficient funds/);
    });
  });
});
