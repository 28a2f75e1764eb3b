import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { WebhookSignatureError } from '../stripe/stripe.gateway';
import { StripePayloadError } from '../stripe/stripe.types';
import { singleHeader } from './authenticate';

export const stripeWebhookPath = '/webhooks/stripe';

/**
 * POST /webhooks/stripe. The signature covers the exact bytes Stripe sent, so this route (and only
 * this route) keeps the body raw. A verified event is recorded by id and a job to process it is
 * enqueued in the same transaction; the answer is 200 as soon as that committed, also for an event
 * seen before. A missing or wrong signature is 400 (SIGNATURE_*), and so is a signed event CodeSale
 * cannot read or store (PAYLOAD_INVALID); nothing is recorded. Stripe retries anything
 * that is not 2xx, so a failure to record (database down) answers 500 and the event comes again.
 */
export async function registerStripeWebhookRoute(
  fastify: FastifyInstance,
  services: Services,
): Promise<void> {
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
        event = services.stripe.verifyWebhook(body, signature);
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
      const recorded = await services.stripeEvents.record(event);
      return reply.code(200).send({ received: true, duplicate: recorded === 'DUPLICATE' });
    });
  });
}
