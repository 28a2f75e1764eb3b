import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { createStripeClient } from '../stripe.gateway';
import { StripeEmulator } from './emulator';

/** `npm start` run twice on one data folder: the emulator keeps what Stripe would still know. */
describe('Stripe emulator state between runs', () => {
  let directory: string;
  let stateFile: string;
  const running: StripeEmulator[] = [];

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-state-'));
    stateFile = path.join(directory, 'stripe-emulator.json');
  });

  afterEach(async () => {
    for (const emulator of running.splice(0)) await emulator.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  async function start(
    file: string | null = stateFile,
  ): Promise<{ emulator: StripeEmulator; stripe: Stripe }> {
    const emulator = await StripeEmulator.start({
      apiVersion: Stripe.API_VERSION,
      retryBaseDelayMs: 10,
      maxDeliveryAttempts: 1,
      ...(file === null ? {} : { stateFile: file }),
    });
    running.push(emulator);
    const stripe = createStripeClient({
      secretKey: emulator.secretKey,
      timeoutMs: 5_000,
      maxNetworkRetries: 0,
      endpoint: { host: '127.0.0.1', port: emulator.port, protocol: 'http' },
    });
    return { emulator, stripe };
  }

  async function stop(emulator: StripeEmulator): Promise<void> {
    running.splice(running.indexOf(emulator), 1);
    await emulator.close();
  }

  /** A webhook endpoint that records the ids of the events it was sent. */
  async function endpoint(): Promise<{ url: string; ids: string[]; close(): Promise<void> }> {
    const ids: string[] = [];
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        ids.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      ids,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('a restart keeps the keys, connected accounts, balances, transfers and payment intents: an open card form can still be paid', async () => {
    // given a connected seller paid once from a top-up, and a second top-up's card form left open
    const first = await start();
    const account = await first.stripe.accounts.create({
      type: 'express',
      country: 'DE',
      metadata: { seller_id: 's' },
    });
    first.emulator.updateAccount(account.id, 'complete');
    const paid = await first.stripe.paymentIntents.create({ amount: 5_000, currency: 'eur' });
    await first.stripe.paymentIntents.confirm(paid.id, { payment_method: 'pm_card_visa' });
    const transfer = await first.stripe.transfers.create(
      { amount: 2_000, currency: 'eur', destination: account.id },
      { idempotencyKey: 'payout-1' },
    );
    const open = await first.stripe.paymentIntents.create({ amount: 1_500, currency: 'eur' });
    const keys = [first.emulator.secretKey, first.emulator.publishableKey, first.emulator.webhookSecret];
    await stop(first.emulator);

    // when the emulator starts again on the same file
    const second = await start();

    // then Stripe still knows all of it, under the same keys
    expect([
      second.emulator.secretKey,
      second.emulator.publishableKey,
      second.emulator.webhookSecret,
    ]).toEqual(keys);
    expect(await second.stripe.accounts.retrieve(account.id)).toMatchObject({
      id: account.id,
      payouts_enabled: true,
      capabilities: { transfers: 'active' },
    });
    expect(second.emulator.balance('eur')).toBe(3_000);
    expect(second.emulator.connectedBalance(account.id, 'eur')).toBe(2_000);
    expect(await second.stripe.transfers.retrieve(transfer.id)).toMatchObject({ amount: 2_000 });
    // the same payout key answers the same transfer, moving nothing again
    const replayed = await second.stripe.transfers.create(
      { amount: 2_000, currency: 'eur', destination: account.id },
      { idempotencyKey: 'payout-1' },
    );
    expect(replayed.id).toBe(transfer.id);
    expect(second.emulator.balance('eur')).toBe(3_000);
    // the card form opened before the restart is paid after it, and funds the platform
    const confirmed = await second.stripe.paymentIntents.confirm(open.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect(second.emulator.balance('eur')).toBe(4_500);
  });

  it('sends after a restart the webhooks it had not delivered, in order, and not those it had', async () => {
    // given one event delivered, then the endpoint paused with two more events queued
    const hook = await endpoint();
    try {
      const first = await start();
      first.emulator.setWebhookUrl(hook.url);
      const delivered = await first.stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });
      await first.stripe.paymentIntents.confirm(delivered.id, { payment_method: 'pm_card_visa' });
      await first.emulator.idle();
      const before = [...hook.ids];
      first.emulator.pauseDeliveries();
      const owed = await first.stripe.paymentIntents.create({ amount: 2_000, currency: 'eur' });
      await first.stripe.paymentIntents.confirm(owed.id, { payment_method: 'pm_card_visa' });
      const queued = first.emulator.queuedEvents().map((event) => event.id);
      expect(queued.length).toBeGreaterThan(0);
      await stop(first.emulator);

      // when it starts again and is told where webhooks go
      const second = await start();
      second.emulator.setWebhookUrl(hook.url);
      await second.emulator.idle();

      // then exactly the owed events arrive, in creation order
      expect(before.length).toBeGreaterThan(0);
      expect(hook.ids).toEqual([...before, ...queued]);
    } finally {
      await hook.close();
    }
  });

  it('a second emulator on a file in use keeps its state in memory and never writes over the first one', async () => {
    // given a running emulator that holds the file, and a second one started meanwhile (a command beside npm start)
    const owner = await start();
    const intruder = await start();
    expect(intruder.emulator.secretKey).not.toBe(owner.emulator.secretKey);
    await intruder.stripe.accounts.create({ type: 'express', country: 'DE' });
    await stop(intruder.emulator);

    // when the first one goes on and stops
    const account = await owner.stripe.accounts.create({ type: 'express', country: 'FR' });
    await stop(owner.emulator);

    // then the file holds the first one's state, not the second's
    const next = await start();
    expect(next.emulator.secretKey).toBe(owner.emulator.secretKey);
    expect((await next.stripe.accounts.retrieve(account.id)).id).toBe(account.id);
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).connect.accounts).toHaveLength(1);
  });

  it('takes over a file whose lock names a process that is gone', async () => {
    // given a state file left locked by a process that crashed
    const first = await start();
    const account = await first.stripe.accounts.create({ type: 'express', country: 'DE' });
    await stop(first.emulator);
    fs.writeFileSync(`${stateFile}.lock`, '999999999');

    // when the emulator starts
    const second = await start();

    // then it reads the state and holds the file
    expect((await second.stripe.accounts.retrieve(account.id)).id).toBe(account.id);
    expect(fs.readFileSync(`${stateFile}.lock`, 'utf8')).toBe(String(process.pid));
  });

  it('moves an unreadable file aside and starts empty', async () => {
    // given a state file that is not one
    fs.writeFileSync(stateFile, '{"version": 1, "secretKey": 42');

    // when the emulator starts
    const { emulator } = await start();

    // then it starts empty, and the file is kept beside the new one for whoever looks
    expect(emulator.balance('eur')).toBe(0);
    const aside = fs
      .readdirSync(directory)
      .filter((name) => name.startsWith('stripe-emulator.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(directory, aside[0]!), 'utf8')).toBe('{"version": 1, "secretKey": 42');
  });

  it('without a state file, nothing is written and a restart starts empty', async () => {
    const first = await start(null);
    await first.stripe.accounts.create({ type: 'express', country: 'DE' });
    await stop(first.emulator);

    expect(fs.readdirSync(directory)).toEqual([]);
    expect((await start(null)).emulator.balance('eur')).toBe(0);
  });
});
