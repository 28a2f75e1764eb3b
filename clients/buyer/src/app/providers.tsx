'use client';

import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { createCodesaleClient } from '@codesale/client-shared';
import { MantineProvider } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { buyerTheme } from './theme';

/**
 * In the browser: the shared Apollo Client (cookie session, CSRF, single in-flight refresh,
 * graphql-ws). On the server (the first render of a client component): a client that fetches
 * nothing, so signed-in screens render their loading state and fetch once hydrated. Public pages
 * (catalog, listing) are server components that fetch on their own (src/lib/server-graphql.ts).
 */
function createClient(): ApolloClient {
  if (typeof window === 'undefined') {
    return new ApolloClient({ cache: new InMemoryCache(), link: ApolloLink.empty(), ssrMode: true });
  }
  return createCodesaleClient({
    onSignedOut: () => window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`),
  }).apollo;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(createClient);
  return (
    <MantineProvider theme={buyerTheme} defaultColorScheme="light">
      <ApolloProvider client={client}>{children}</ApolloProvider>
    </MantineProvider>
  );
}
