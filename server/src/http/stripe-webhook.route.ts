import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { assert } from '../shared/assert';
import { WebhookSignatureError } from '../stripe/stripe.gateway';
import {
  parseConnectedAccount,
  parseConnectPayout,
  parseDispute,
  parsePaymentIntent,
  parseTransfer,
  StripePayloadError,
  type StripeEventEnvelope,
} from '../stripe/stripe.types';
import { singleHeader } from './authenticate';

export const stripeWebhookPath = '/webhooks/stripe';

/**
 * POST /webhooks/stripe. The signature covers the exact bytes Stripe sent, so this route (and only
 * this route) keeps the body raw. A verified event is recorded by id and a job to process it is
 * enqueued in the same transaction; the answer is 200 as soon as that committed, also for an event
 * seen before. A missing or wrong signature is 400 (SIGNATURE_*), as is one dated more than the
 * tolerance behind or ahead, and so is a signed event CodeSale cannot read or store, or could never
 * apply (PAYLOAD_INVALID); nothing is recorded. Stripe retries anything that is not 2xx, so a failure
 * to record (database down) answers 500 and the event comes again. An event of the other mode than
 * CodeSale's keys (live or test) is recorded and left alone: Stripe sends a live Connect endpoint its
 * connected accounts' test-mode events too, and would retry a refusal for days.
 */
export async function registerStripeWebhookRoute(
  fastify: FastifyInstance,
  services: Services,
): Promise<void> {
  const handledTypes = new Set(services.stripeEvents.handledEventTypes);
  for (const type of handledTypes)
    assert(
      objectChecks.has(objectNameOf(type)),
      `Stripe events ${type} are handled but their object is not checked`,
    );
  // The emulator and test keys are test mode; only a live key is live (config checks the key's form).
  const livemode = /^(sk|rk)_live_/.test(services.config.stripe.secretKey ?? '');
  const emulator = services.stripe.emulator;
  if (emulator) {
    // The in-process emulator posts its webhooks to this server, wherever it ended up listening.
    fastify.addHook('onListen', async () => {
      const address = fastify.server.address();
      if (!address || typeof address !== 'object') return;
      const host =
        address.family === 'IPv6' && address.address !== '::' ? `[${address.address}]` : '127.0.0.1';
      emulator.setWebhookUrl(`http://${host}:${address.port}${stripeWebhookPath}`);
    });
  }

  await fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: services.config.stripe.webhookBodyLimitBytes },
      (_request, body, done) => done(null, body),
    );

    scope.post(stripeWebhookPath, async (request, reply) => {
      const signature = singleHeader(request.headers['stripe-signature']);
      const body = request.body;
      if (!signature || signature.length > 2_000 || !Buffer.isBuffer(body)) {
        return reply.code(400).send({
          error: 'SIGNATURE_MISSING',
          message: 'Send the Stripe-Signature header and the raw body.',
        });
      }
      let event;
      try {
        if (datedAhead(signature)) throw new WebhookSignatureError('Timestamp ahead of the tolerance zone');
        event = services.stripe.verifyWebhook(body, signature);
        checkStorable(event, handledTypes);
      } catch (error) {
        if (error instanceof WebhookSignatureError) {
          request.log.warn({ err: error }, 'stripe webhook refused');
          return reply
            .code(400)
            .send({ error: 'SIGNATURE_INVALID', message: 'The webhook signature does not verify.' });
        }
        if (error instanceof StripePayloadError) {
          request.log.warn({ err: error }, 'stripe webhook refused');
          return reply
            .code(400)
            .send({ error: 'PAYLOAD_INVALID', message: 'The event is not one CodeSale can read.' });
        }
        throw error;
      }
      const recorded = await services.stripeEvents.record(event, livemode);
      return reply.code(200).send({ received: true, duplicate: recorded === 'DUPLICATE' });
    });
  });
}

/** Stripe's default tolerance, which the gateway applies to a signature's age. */
const signatureToleranceSeconds = 300;

/**
 * Whether the header is dated more than the tolerance ahead: the SDK bounds only a signature's age,
 * so a body signed for an hour ahead would verify, and could be replayed, for an hour and more.
 * Read as the SDK reads it (`t=<seconds>` among comma-separated pairs, parseInt).
 */
function datedAhead(signature: string): boolean {
  const latest = Math.floor(Date.now() / 1000) + signatureToleranceSeconds;
  return signature.split(',').some((pair) => {
    const [key, value] = pair.split('=');
    return key === 't' && Number.parseInt(value ?? '', 10) > latest;
  });
}

// The forms CodeSale's tables require (migrations 0004 and 0009) of what an event stores or applies.
const eventIdForm = /^evt_[A-Za-z0-9_]{1,250}$/;
const accountIdForm = /^acct_[A-Za-z0-9]{1,64}$/;
const paymentIntentIdForm = /^pi_[A-Za-z0-9_]{1,250}$/;
const disputeIdForm = /^(dp|du)_[A-Za-z0-9_]{1,250}$/;
const bankPayoutIdForm = /^po_[A-Za-z0-9]{1,64}$/;
/** Stripe's dispute reasons are single words; a wallet's flag reason (500 characters) quotes one with two ids. */
const maxDisputeReasonLength = 100;

function expectForm(value: string, form: RegExp, what: string): void {
  if (!form.test(value)) throw new StripePayloadError(`${what} is not of the form CodeSale stores`);
}

/** `charge.dispute` of `charge.dispute.created`: what the event's object is. */
function objectNameOf(type: string): string {
  return type.slice(0, type.lastIndexOf('.'));
}

/** The object of each handled event read as its handler reads it, with the forms its tables require. */
const objectChecks = new Map<string, (event: StripeEventEnvelope) => void>([
  [
    'payment_intent',
    ({ object }) => expectForm(parsePaymentIntent(object).id, paymentIntentIdForm, 'payment_intent.id'),
  ],
  [
    'charge.dispute',
    ({ object }) => {
      const dispute = parseDispute(object);
      expectForm(dispute.id, disputeIdForm, 'dispute.id');
      if (dispute.paymentIntentId !== null)
        expectForm(dispute.paymentIntentId, paymentIntentIdForm, 'dispute.payment_intent');
      if (dispute.reason.length > maxDisputeReasonLength)
        throw new StripePayloadError('dispute.reason is too long');
    },
  ],
  [
    'account',
    ({ object, account }) => {
      const { id } = parseConnectedAccount(object);
      expectForm(id, accountIdForm, 'account.id');
      if (account !== null && account !== id)
        throw new StripePayloadError('event.account names another account than its object');
    },
  ],
  [
    'payout',
    ({ object, account }) => {
      // A payout of the platform's own balance (no account) is ignored, and read no further.
      if (account !== null) expectForm(parseConnectPayout(object, account).id, bankPayoutIdForm, 'payout.id');
    },
  ],
  ['transfer', ({ object }) => void parseTransfer(object)],
]);

/**
 * Throws StripePayloadError when the event could not be recorded, or, for a type CodeSale handles,
 * never applied: refused before it is recorded, it is a 400, not a job failing at every retry.
 */
function checkStorable(event: StripeEventEnvelope, handledTypes: ReadonlySet<string>): void {
  expectForm(event.id, eventIdForm, 'event.id');
  if (event.account !== null) expectForm(event.account, accountIdForm, 'event.account');
  if (handledTypes.has(event.type)) objectChecks.get(objectNameOf(event.type))!(event);
}
