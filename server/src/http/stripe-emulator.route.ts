import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { constantTimeEqual } from '../auth/tokens';
import { singleHeader } from './authenticate';

/** Where the browser confirms a PaymentIntent with the emulator (the buyer app's origin forwards it here). */
export const emulatorConfirmPath = '/stripe-emulator/v1/payment_intents/:id/confirm';

/** A confirm body is `payment_method=...&client_secret=...` (and maybe `return_url`): a few hundred bytes. */
export const emulatorConfirmBodyLimitBytes = 4_096;

const paymentIntentIdPattern = /^pi_[A-Za-z0-9]{1,100}$/;

function stripeError(message: string) {
  return { error: { type: 'invalid_request_error', message } };
}

/**
 * With the in-process Stripe emulator only (development, tests, the local stack): the one call
 * Stripe.js makes to Stripe during a card top-up, confirming a PaymentIntent with the publishable
 * key and the client secret, forwarded to the emulator, which listens on 127.0.0.1 where a browser
 * cannot reach it. Nothing else of the emulator is reachable through the API: one method, one path,
 * and only the publishable key (the emulator allows that key nothing but this confirmation with the
 * PaymentIntent's client secret). The secret key is refused here, so it never works from outside
 * the machine. The form body is forwarded as it came, capped at 4 KiB. Against real Stripe the
 * route does not exist (404): Stripe.js talks to Stripe.
 */
export async function registerStripeEmulatorRoutes(
  fastify: FastifyInstance,
  services: Services,
): Promise<void> {
  const emulator = services.stripe.emulator;
  if (!emulator) return;
  const timeoutMs = services.config.stripe.timeoutMs;

  await fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: emulatorConfirmBodyLimitBytes },
      (_request, body, done) => done(null, body),
    );

    scope.post<{ Params: { id: string } }>(emulatorConfirmPath, async (request, reply) => {
      const id = request.params.id;
      const authorization = singleHeader(request.headers.authorization) ?? '';
      if (!paymentIntentIdPattern.test(id)) {
        return reply.code(404).send(stripeError('No such payment_intent.'));
      }
      if (!constantTimeEqual(authorization, `Bearer ${emulator.publishableKey}`)) {
        return reply
          .code(401)
          .send(
            stripeError('Send the publishable key (Authorization: Bearer pk_...); no other key is accepted.'),
          );
      }
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answer = await fetch(`${emulator.url}/v1/payment_intents/${id}/confirm`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type':
            singleHeader(request.headers['content-type']) ?? 'application/x-www-form-urlencoded',
        },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return reply
        .code(answer.status)
        .type(answer.headers.get('content-type') ?? 'application/json')
        .send(Buffer.from(await answer.arrayBuffer()));
    });
  });
}
