'use client';

import { errorMessage } from '@codesale/client-shared';
import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  Alert,
  Button,
  Center,
  Container,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useCallback, useState } from 'react';
import { useFragment as unmask } from '../gql';
import { LiveStatus } from '../live/LiveStatus';
import { SignedInOnly } from '../live/SignedInOnly';
import { useViewer } from '../session/viewer';
import { useViewerEvents } from '../live/use-viewer-events';
import { TopUpPanel } from './TopUpPanel';
import { UnpaidTopUps } from './UnpaidTopUps';
import { WalletHistory } from './WalletHistory';
import { WalletSummary } from './WalletSummary';
import {
  MyWalletQuery,
  PaymentSettingsQuery,
  WalletHistoryEntryFragment,
  WalletSummaryFragment,
} from './wallet.documents';

const historyPageSize = 20;

/** /wallet: balance and status, top-up, history; live through viewerEvents. */
export function WalletPage({
  initialTopUpAmount,
  returnTo,
}: {
  initialTopUpAmount: number | null;
  /** The listing page the buyer came from, short of money: offered once the top-up is paid. */
  returnTo: string | null;
}) {
  return (
    <SignedInOnly>
      <BuyersOnly>
        <Wallet initialTopUpAmount={initialTopUpAmount} returnTo={returnTo} />
      </BuyersOnly>
    </SignedInOnly>
  );
}

/** A staff account (support or admin only) has no wallet: say so instead of a failed load. */
function BuyersOnly({ children }: { children: React.ReactNode }) {
  const { viewer } = useViewer();
  if (viewer && !viewer.roles.includes('BUYER')) {
    return (
      <Alert color="gray" title="Staff accounts have no wallet" data-testid="staff-no-wallet">
        You are signed in with a staff account (support or admin). Wallets belong to buyer accounts: sign in
        with one to top up and buy.
      </Alert>
    );
  }
  return children;
}

function Wallet({
  initialTopUpAmount,
  returnTo,
}: {
  initialTopUpAmount: number | null;
  returnTo: string | null;
}) {
  const apollo = useApolloClient();
  const settingsQuery = useQuery(PaymentSettingsQuery);
  const settings = settingsQuery.data?.paymentSettings;
  const [chosenCurrency, setChosenCurrency] = useState<string | null>(null);
  const currency = chosenCurrency ?? settings?.currencies[0] ?? 'EUR';

  const walletQuery = useQuery(MyWalletQuery, {
    variables: { currency, first: historyPageSize },
    skip: !settings,
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
    notifyOnNetworkStatusChange: true,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  /** Bumped when the unpaid top-ups may have changed (one started, canceled, or refused for too many). */
  const [unpaidVersion, setUnpaidVersion] = useState(0);
  /** The unpaid top-up the buyer chose to pay, until the top-up panel takes it. */
  const [resuming, setResuming] = useState<string | null>(null);
  /** The top-up the panel is paying now: the unpaid list does not offer it again. */
  const [payingNow, setPayingNow] = useState<string | null>(null);

  // Events carry no data: read again what changed. Both queries are cheap; a top-up's credit changes both.
  const refetchMoney = useCallback(() => {
    void apollo.refetchQueries({ include: ['BuyerWallet', 'BuyerTopUp', 'BuyerUnpaidTopUps'] });
  }, [apollo]);
  const live = useViewerEvents(
    (event) => {
      if (event.kind === 'WALLET_CHANGED' || event.kind === 'TOP_UP_UPDATED') refetchMoney();
    },
    refetchMoney,
    !settings,
  );

  const wallet = walletQuery.data?.myWallet;
  const summary = unmask(WalletSummaryFragment, wallet);
  const history = wallet?.history;
  const entries = history?.edges.map((edge) => unmask(WalletHistoryEntryFragment, edge.node)) ?? [];

  const loadMore = () => {
    if (!history?.pageInfo.endCursor) return;
    setLoadingMore(true);
    void walletQuery
      .fetchMore({
        variables: { after: history.pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => {
          if (!fetchMoreResult || !previous.myWallet) return previous as typeof fetchMoreResult;
          const seen = new Set(previous.myWallet.history.edges.map((edge) => edge.cursor));
          return {
            ...fetchMoreResult,
            myWallet: {
              ...fetchMoreResult.myWallet,
              history: {
                ...fetchMoreResult.myWallet.history,
                edges: [
                  ...previous.myWallet.history.edges,
                  ...fetchMoreResult.myWallet.history.edges.filter((edge) => !seen.has(edge.cursor)),
                ],
              },
            },
          };
        },
      })
      .finally(() => setLoadingMore(false));
  };

  const failure = settingsQuery.error ?? (wallet ? undefined : walletQuery.error);

  return (
    <Container size="md" py="lg">
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Title order={1}>Wallet</Title>
          <LiveStatus live={live} />
        </Group>
        {settings && settings.currencies.length > 1 && (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="currency-label">
              Currency
            </Text>
            <SegmentedControl
              aria-labelledby="currency-label"
              value={currency}
              onChange={setChosenCurrency}
              data={settings.currencies}
              style={{ alignSelf: 'start' }}
            />
          </Stack>
        )}
        {failure && (
          <Alert color="red" title="Your wallet could not be loaded">
            <Stack gap="xs" align="start">
              <Text size="sm">{errorMessage(failure)}</Text>
              <Button
                variant="default"
                size="compact-sm"
                onClick={() => {
                  void settingsQuery.refetch();
                  void walletQuery.refetch();
                }}
              >
                Try again
              </Button>
            </Stack>
          </Alert>
        )}
        {!summary || !settings ? (
          !failure && (
            <Center py="xl">
              <Loader aria-label="Loading your wallet" />
            </Center>
          )
        ) : (
          <>
            <WalletSummary wallet={summary} />
            {summary.status === 'WALLET_AT_RISK' ? (
              // The API refuses a top-up while the hold lasts (WALLET_ON_HOLD): no form to fill in vain.
              <Text size="sm" c="dimmed" data-testid="top-up-paused">
                Adding money is paused while your wallet is on hold.
              </Text>
            ) : (
              <TopUpPanel
                key={currency}
                settings={settings}
                currency={currency}
                initialAmount={initialTopUpAmount}
                returnTo={returnTo}
                newBalance={summary.balance}
                onUnpaidChanged={() => setUnpaidVersion((version) => version + 1)}
                resume={resuming}
                onResumed={() => setResuming(null)}
                onOpenTopUp={setPayingNow}
              />
            )}
            <UnpaidTopUps
              refreshKey={unpaidVersion}
              paused={summary.status === 'WALLET_AT_RISK'}
              payingNow={payingNow}
              onPay={(topUp) => {
                setChosenCurrency(topUp.amount.currency);
                setResuming(topUp.id);
              }}
            />
            <WalletHistory
              entries={entries}
              hasNextPage={history?.pageInfo.hasNextPage ?? false}
              loadingMore={loadingMore}
              onLoadMore={loadMore}
            />
          </>
        )}
      </Stack>
    </Container>
  );
}
