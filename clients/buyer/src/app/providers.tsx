'use client';

import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { createCodesaleClient, type CodesaleClient } from '@codesale/client-shared';
import { MantineProvider } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { loginHref } from '../session/safe-next';
import { CodesaleClientProvider, ViewerProvider } from '../session/viewer';
import { buyerCssVariablesResolver, buyerTheme } from './theme';

interface Clients {
  apollo: ApolloClient;
  /** The browser's client (refresher, socket); null during the server render. */
  codesale: CodesaleClient | null;
}

/**
 * In the browser: the shared Apollo Client (cookie session, CSRF, single in-flight refresh,
 * graphql-ws). On the server (the first render of a client component): a client that fetches
 * nothing, so signed-in screens render their loading state and fetch once hydrated. Public pages
 * (catalog, listing) are server components that fetch on their own (src/lib/server-graphql.ts).
 */
function createClients(): Clients {
  if (typeof window === 'undefined') {
    return {
      apollo: new ApolloClient({ cache: new InMemoryCache(), link: ApolloLink.empty(), ssrMode: true }),
      codesale: null,
    };
  }
  const codesale = createCodesaleClient({
    onSignedOut: () =>
      window.location.assign(
        loginHref(`${window.location.pathname}${window.location.search}`, { sessionEnded: true }),
      ),
  });
  return { apollo: codesale.apollo, codesale };
}

export function Providers({ children }: { children: ReactNode }) {
  const [clients] = useState(createClients);
  return (
    <MantineProvider
      theme={buyerTheme}
      defaultColorScheme="light"
      cssVariablesResolver={buyerCssVariablesResolver}
    >
      <ApolloProvider client={clients.apollo}>
        <CodesaleClientProvider client={clients.codesale}>
          <ViewerProvider>{children}</ViewerProvider>
        </CodesaleClientProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}
