'use client';

import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { hasSessionCookie, type CodesaleClient } from '@codesale/client-shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useDisputesAwaitingAnswer } from '../disputes/use-disputes-awaiting-answer';
import { graphql } from '../gql';
import { useViewerEvents } from '../live/use-viewer-events';
import type { Role, WalletStatus } from '../gql/graphql';

/** The wallet the header shows: CodeSale's default currency (the seed and the listings trade in EUR). */
export const headerWalletCurrency = 'EUR';

export const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      displayName
      email
      roles
    }
  }
`);

export const HeaderWalletQuery = graphql(`
  query HeaderWallet($currency: String!) {
    myWallet(currency: $currency) {
      id
      status
      balance {
        amount
        currency
      }
    }
  }
`);

const LogOutMutation = graphql(`
  mutation BuyerLogOut($input: LogOutInput!) {
    logOut(input: $input) {
      loggedOut
    }
  }
`);

export interface Viewer {
  id: string;
  displayName: string;
  email: string | null | undefined;
  roles: Role[];
}

export interface ViewerState {
  /** Undefined while it is not known yet (server render, first request); null when signed out. */
  viewer: Viewer | null | undefined;
  wallet: { id: string; status: WalletStatus; balance: { amount: number; currency: string } } | null;
  /** The buyer's disputes in which support waits for their answer (the Orders link's badge). */
  disputesAwaitingAnswer: number;
  /** Reads the balance again (after a purchase). */
  refreshWallet: () => Promise<void>;
  /** Ends this session, or every session of the account, then reloads on the catalog. */
  signOut: (allSessions: boolean) => Promise<void>;
  signingOut: boolean;
}

const ViewerContext = createContext<ViewerState | null>(null);
const CodesaleClientContext = createContext<CodesaleClient | null>(null);

export function CodesaleClientProvider({
  client,
  children,
}: {
  client: CodesaleClient | null;
  children: ReactNode;
}) {
  return <CodesaleClientContext.Provider value={client}>{children}</CodesaleClientContext.Provider>;
}

/**
 * Who is signed in, for the whole app (header, Buy, account). `me` is null for an anonymous request,
 * which is also what an expired access cookie looks like: when the CSRF cookie says a session may
 * still exist, the session is renewed once (the shared single in-flight refresh) before concluding
 * the viewer is signed out. On the server (inert client) everything is "not known yet".
 */
export function ViewerProvider({ children }: { children: ReactNode }) {
  const client = useContext(CodesaleClientContext);
  const apollo = useApolloClient();
  const { data, loading, refetch } = useQuery(ViewerQuery, { fetchPolicy: 'network-only', skip: !client });
  const me = data?.me ?? null;
  const isBuyer = me?.roles.includes('BUYER') ?? false;
  const wallet = useQuery(HeaderWalletQuery, {
    variables: { currency: headerWalletCurrency },
    skip: !client || !isBuyer,
    fetchPolicy: 'cache-and-network',
  });
  const disputesAwaitingAnswer = useDisputesAwaitingAnswer(me?.id ?? null, !client || !isBuyer);
  // The header stays live: any change of the wallet (top-up credit, purchase, refund, chargeback,
  // flag) is a WALLET_CHANGED event, any change of one of the viewer's disputes a DISPUTE_UPDATED
  // event; what they show is read again, never computed here.
  const refetchWallet = wallet.refetch;
  const refetchDisputes = disputesAwaitingAnswer.refetch;
  useViewerEvents(
    (event) => {
      if (event.kind === 'WALLET_CHANGED') void refetchWallet().catch(() => undefined);
      if (event.kind === 'DISPUTE_UPDATED') refetchDisputes();
    },
    () => {
      void refetchWallet().catch(() => undefined);
      refetchDisputes();
    },
    !client || !isBuyer,
  );
  const [renewState, setRenewState] = useState<'idle' | 'renewing' | 'done'>('idle');
  const [logOut, { loading: signingOut }] = useMutation(LogOutMutation);

  useEffect(() => {
    if (!client || loading || !data || data.me || renewState !== 'idle' || !hasSessionCookie()) return;
    setRenewState('renewing');
    void client.refresher
      .refresh(client.refresher.now())
      .then((outcome) => (outcome === 'REFRESHED' ? refetch() : undefined))
      .catch(() => undefined)
      .finally(() => setRenewState('done'));
  }, [client, data, loading, refetch, renewState]);

  const refreshWallet = useCallback(async () => {
    if (isBuyer) await wallet.refetch().catch(() => undefined);
  }, [isBuyer, wallet]);

  const signOut = useCallback(
    async (allSessions: boolean) => {
      await logOut({ variables: { input: { allSessions } } }).catch(() => undefined);
      client?.dispose();
      await apollo.clearStore().catch(() => undefined);
      // A full load: a fresh client, socket and cache with no trace of the session.
      window.location.assign('/');
    },
    [apollo, client, logOut],
  );

  const known = client && data && renewState !== 'renewing';
  const state = useMemo<ViewerState>(
    () => ({
      viewer: known ? me : undefined,
      wallet: wallet.data?.myWallet ?? null,
      disputesAwaitingAnswer: disputesAwaitingAnswer.count,
      refreshWallet,
      signOut,
      signingOut,
    }),
    [known, me, wallet.data, disputesAwaitingAnswer.count, refreshWallet, signOut, signingOut],
  );
  return <ViewerContext.Provider value={state}>{children}</ViewerContext.Provider>;
}

export function useViewer(): ViewerState {
  const state = useContext(ViewerContext);
  if (!state) throw new Error('useViewer must be used inside ViewerProvider');
  return state;
}

export function useCodesaleClient(): CodesaleClient | null {
  return useContext(CodesaleClientContext);
}
