import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createStripeClient } from '../src/stripe/stripe.gateway';
import type { StripeEmulator } from '../src/stripe/emulator/emulator';

/** The SDK pointed at an emulator, as the app's gateway builds it. */
export function emulatorClient(emulator: StripeEmulator, maxNetworkRetries = 0): Stripe {
  return createStripeClient({
    secretKey: emulator.secretKey,
    timeoutMs: 5_000,
    maxNetworkRetries,
    endpoint: { host: '127.0.0.1', port: emulator.port, protocol: 'http' },
  });
}

export interface VerifyingEndpoint {
  /** Every delivery, in arrival order, each verified with the SDK against the emulator's secret. */
  received: Stripe.Event[];
  ofType(type: string): Stripe.Event[];
  close(): Promise<void>;
}

/** A webhook endpoint that verifies each delivery's signature with the SDK, as the app does, and answers 200. */
export async function startVerifyingEndpoint(emulator: StripeEmulator): Promise<VerifyingEndpoint> {
  const received: Stripe.Event[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        received.push(
          Stripe.webhooks.constructEvent(
            Buffer.concat(chunks),
            String(request.headers['stripe-signature']),
            emulator.webhookSecret,
          ),
        );
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  emulator.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
  return {
    received,
    ofType: (type) => received.filter((event) => event.type === type),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Plain HTTP to the emulator's `/_emulator` controls with its secret key, as an outside tool does. */
export async function emulatorControl(
  emulator: StripeEmulator,
  method: 'GET' | 'POST',
  path: string,
  form = '',
): Promise<{ status: number; body: Record<string, any> }> {
  const url = `${emulator.url}${path}${method === 'GET' && form ? `?${form}` : ''}`;
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${emulator.secretKey}`,
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(method === 'POST' ? { body: form } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
