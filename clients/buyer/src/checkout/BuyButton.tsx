'use client';

import { useApolloClient } from '@apollo/client/react';
import {
  formatMoney,
  graphQLErrorCode,
  hasSessionCookie,
  isUnauthenticatedError,
  type MoneyValue,
} from '@codesale/client-shared';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { focusOnArrival, orderArrival } from '../components/arrival-focus';
import { AnchorLink, ButtonLink } from '../components/links';
import { graphql } from '../gql';
import { loginHref } from '../session/safe-next';
import { HeaderWalletQuery, useViewer } from '../session/viewer';
import { HoldExplanation } from '../wallet/HoldExplanation';
import type { TopUpLimits } from '../wallet/top-up-offer';
import { PaymentSettingsQuery } from '../wallet/wallet.documents';
import {
  PurchaseAttempts,
  browserLock,
  browserPendingKeys,
  definitiveRefusals,
  memoryStorage,
  randomIdempotencyKey,
  type AttemptStorage,
} from './purchase-attempt';
import { refusalView, type RefusalView } from './refusals';

const PurchaseMutation = graphql(`
  mutation PurchaseListing($input: PurchaseListingInput!) {
    purchaseListing(input: $input) {
      order {
        id
      }
      replayed
      errors {
        code
        message
        field
      }
    }
  }
`);

const PurchaseWalletQuery = graphql(`
  query PurchaseWallet($currency: String!) {
    myWallet(currency: $currency) {
      id
      balance {
        amount
        currency
      }
    }
  }
`);

/** Refusals after which the page's listing is stale: it is read again. */
const listingMovedOn = new Set(['LISTING_CHANGED', 'OUT_OF_STOCK', 'LISTING_NOT_ACTIVE']);

/** An order's page (the orders area's route). */
export const orderHref = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;

type BuyState =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'done'; orderId: string }
  | { status: 'refused'; view: RefusalView; code: string }
  | { status: 'unknown' }
  | { status: 'server-error'; code: string }
  | { status: 'already-bought'; orderId: string };

function localStorageOrMemory(): AttemptStorage {
  try {
    const storage = window.localStorage;
    const probe = 'codesale:probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStorage();
  }
}

/**
 * Buy: one purchase attempt per press, with the idempotency key lifecycle of purchase-attempt.ts
 * (kept across retries, double clicks, reloads and the listing's other tabs until the server gives
 * a definitive answer). Disabled while an attempt is in flight; each refusal says what happened
 * and what to do next; a signed-out buyer is sent to sign in and brought back here.
 */
export function BuyButton({
  listingId,
  version,
  price,
  stock,
}: {
  listingId: string;
  /** The listing's version this page shows: the purchase is at these terms or refused (LISTING_CHANGED). */
  version: number;
  price: MoneyValue;
  stock: number;
}) {
  const apollo = useApolloClient();
  const router = useRouter();
  const pathname = usePathname() ?? '/';
  const { viewer, refreshWallet } = useViewer();
  const [state, setState] = useState<BuyState>({ status: 'idle' });
  const attempts = useRef<PurchaseAttempts | null>(null);
  /** When this page was shown: a purchase of this listing settled later happened elsewhere. */
  const shownAt = useRef(0);
  /** Synchronous guard: a second click can arrive before React re-renders the disabled button. */
  const inFlight = useRef(false);
  /** Hydrated: the server's HTML has no click handler, so the button waits for the browser's. */
  const [ready, setReady] = useState(false);
  /** The outcome's alert shown under the button (a refusal, an unknown result, ...): one at a time. */
  const outcomeAlert = useRef<HTMLDivElement>(null);
  // The button was disabled while buying, which took the focus with it: the keyboard and screen
  // readers land on the outcome instead (none is shown while idle or buying).
  useEffect(() => outcomeAlert.current?.focus(), [state]);

  useEffect(() => {
    shownAt.current = Date.now();
    attempts.current = new PurchaseAttempts({
      storage: localStorageOrMemory(),
      lock: browserLock(typeof navigator === 'undefined' ? undefined : navigator.locks),
      pending: browserPendingKeys(typeof navigator === 'undefined' ? undefined : navigator.locks),
      newKey: () => randomIdempotencyKey(),
      now: () => Date.now(),
    });
    setReady(true);
  }, []);

  /** What the wallet lacks for this price, and the top-up limits (the wallet page's paymentSettings): null when unknown. */
  const shortfall = async (): Promise<{ missing: MoneyValue | null; topUpLimits: TopUpLimits | null }> => {
    const [wallet, settings] = await Promise.all([
      apollo
        .query({
          query: PurchaseWalletQuery,
          variables: { currency: price.currency },
          fetchPolicy: 'network-only',
        })
        .then(({ data }) => data?.myWallet.balance.amount)
        .catch(() => undefined),
      apollo
        .query({ query: PaymentSettingsQuery })
        .then(({ data }) => data?.paymentSettings)
        .catch(() => undefined),
    ]);
    return {
      missing: wallet === undefined ? null : { amount: price.amount - wallet, currency: price.currency },
      topUpLimits: settings ? { minTopUp: settings.minTopUp, maxTopUp: settings.maxTopUp } : null,
    };
  };

  /** Whether the buyer's wallet in this currency is on hold (a chargeback): false when unknown. */
  const walletOnHold = async (): Promise<boolean> => {
    try {
      const { data } = await apollo.query({
        query: HeaderWalletQuery,
        variables: { currency: price.currency },
        fetchPolicy: 'network-only',
      });
      return data?.myWallet.status === 'WALLET_AT_RISK';
    } catch {
      return false;
    }
  };

  const buy = async (buyAnother = false) => {
    if (inFlight.current || !attempts.current) return;
    if (viewer === null || !hasSessionCookie()) {
      // Signed in when the page loaded, the session cookie gone since: the sign-in page says it ended.
      window.location.assign(loginHref(pathname, { sessionEnded: viewer !== null }));
      return;
    }
    inFlight.current = true;
    setState({ status: 'pending' });
    const purchaseAttempts = attempts.current;
    let finished = true;
    try {
      const begun = await purchaseAttempts.begin(listingId, shownAt.current, buyAnother);
      if (begun.kind === 'already-bought') {
        setState({ status: 'already-bought', orderId: begun.orderId });
        return;
      }
      let payload;
      try {
        const { data } = await apollo.mutate({
          mutation: PurchaseMutation,
          variables: { input: { listingId, idempotencyKey: begun.key, expectedVersion: version } },
          fetchPolicy: 'no-cache',
        });
        payload = data?.purchaseListing;
      } catch (error) {
        if (isUnauthenticatedError(error)) {
          await purchaseAttempts.settle(listingId, begun.key, { kind: 'unknown' });
          window.location.assign(loginHref(pathname, { sessionEnded: true }));
          finished = false;
          return;
        }
        const code = graphQLErrorCode(error);
        if (code === 'FORBIDDEN') {
          // The account may not buy at all (a staff account): nothing was attempted.
          await purchaseAttempts.settle(listingId, begun.key, { kind: 'refused', code });
          setState({ status: 'refused', code, view: refusalView(code, { price }) });
          return;
        }
        // The server answered with an error (or not at all): the key stays, a press resumes it.
        await purchaseAttempts.settle(listingId, begun.key, { kind: 'unknown' });
        setState(code ? { status: 'server-error', code } : { status: 'unknown' });
        return;
      }
      if (payload?.order) {
        await purchaseAttempts.settle(listingId, begun.key, { kind: 'order', orderId: payload.order.id });
        void refreshWallet();
        setState({ status: 'done', orderId: payload.order.id });
        finished = false;
        // The button goes with this page: the order's page takes the focus when it shows.
        focusOnArrival(orderArrival(payload.order.id));
        router.push(orderHref(payload.order.id));
        return;
      }
      const error = payload?.errors[0];
      if (!error) {
        await purchaseAttempts.settle(listingId, begun.key, { kind: 'unknown' });
        setState({ status: 'unknown' });
        return;
      }
      const definitive = definitiveRefusals.has(error.code);
      await purchaseAttempts.settle(
        listingId,
        begun.key,
        definitive ? { kind: 'refused', code: error.code } : { kind: 'unknown' },
      );
      const funds = error.code === 'INSUFFICIENT_FUNDS' ? await shortfall() : null;
      const onHold = error.code === 'BUYER_BLOCKED' && (await walletOnHold());
      // The listing is not what the page shows (its terms, its stock, on sale or not): show it as it is now.
      if (listingMovedOn.has(error.code)) router.refresh();
      setState({
        status: 'refused',
        code: error.code,
        view: refusalView(error.code, {
          price,
          missing: funds?.missing,
          topUpLimits: funds?.topUpLimits,
          walletOnHold: onHold,
          serverMessage: error.message,
          returnTo: `/listings/${encodeURIComponent(listingId)}`,
        }),
      });
    } finally {
      if (finished) inFlight.current = false;
    }
  };

  const pending = state.status === 'pending' || state.status === 'done';
  const soldOut = stock <= 0 && state.status !== 'unknown' && state.status !== 'server-error';
  /** Signed in with an account that cannot buy (support or admin only). */
  const staffOnly = !!viewer && !viewer.roles.includes('BUYER');

  return (
    <Stack gap="sm" data-testid="buy-panel">
      <Button
        size="lg"
        onClick={() => void buy(false)}
        disabled={!ready || pending || soldOut || staffOnly}
        loading={pending}
        data-testid="buy-button"
      >
        {soldOut
          ? 'Sold out'
          : state.status === 'unknown' || state.status === 'server-error'
            ? `Try again: buy for ${formatMoney(price)}`
            : `Buy for ${formatMoney(price)}`}
      </Button>
      {viewer === null && (
        <Text size="sm" c="dimmed">
          You will be asked to sign in first.
        </Text>
      )}
      {staffOnly && (
        <Text size="sm" c="dimmed" data-testid="staff-cannot-buy">
          You are signed in with a staff account, which cannot buy. Sign in with a buyer account to buy.
        </Text>
      )}
      <div aria-live="polite" role="status">
        {state.status === 'pending' && <Text size="sm">Buying… please wait.</Text>}
        {state.status === 'done' && <Text size="sm">Bought! Opening your order…</Text>}
      </div>
      {state.status === 'refused' && (
        <Alert
          color={state.view.color}
          title={state.view.title}
          role="alert"
          data-testid={`refusal-${state.code}`}
          ref={outcomeAlert}
          tabIndex={-1}
        >
          <Stack gap="xs">
            <Text size="sm">{state.view.body}</Text>
            {state.view.explanation && <HoldExplanation paragraphs={state.view.explanation} />}
            {state.view.action && (
              <Group>
                <ButtonLink
                  href={state.view.action.href}
                  prefetch={false}
                  size="xs"
                  variant="light"
                  color={state.view.color}
                >
                  {state.view.action.label}
                </ButtonLink>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {state.status === 'unknown' && (
        <Alert
          color="orange"
          title="We could not confirm your purchase"
          role="alert"
          data-testid="purchase-unknown"
          ref={outcomeAlert}
          tabIndex={-1}
        >
          The connection to CodeSale failed before we heard back, so the purchase may or may not have gone
          through. Press the button again: it resumes the same purchase, so you will never be charged twice.
        </Alert>
      )}
      {state.status === 'server-error' && (
        <Alert
          color="red"
          title="CodeSale could not complete the purchase"
          role="alert"
          data-testid="purchase-error"
          ref={outcomeAlert}
          tabIndex={-1}
        >
          CodeSale answered with an error ({state.code}) instead of a result. Press the button again in a
          moment: it resumes the same purchase, so you will never be charged twice.
        </Alert>
      )}
      {state.status === 'already-bought' && (
        <Alert
          color="teal"
          title="You bought this a moment ago"
          role="alert"
          data-testid="already-bought"
          ref={outcomeAlert}
          tabIndex={-1}
        >
          <Stack gap="xs">
            <Text size="sm">
              This listing was bought from your account after this page opened (perhaps in another tab).
            </Text>
            <Group>
              <ButtonLink href={orderHref(state.orderId)} size="xs" prefetch={false}>
                View that order
              </ButtonLink>
              <Button size="xs" variant="default" onClick={() => void buy(true)}>
                Buy another code
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Text size="xs" c="dimmed">
        Paid from your wallet and held in escrow until you confirm the code works.{' '}
        <AnchorLink href="/orders" size="xs" prefetch={false}>
          Your orders
        </AnchorLink>
      </Text>
    </Stack>
  );
}
