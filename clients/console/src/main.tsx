import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { ApolloProvider } from '@apollo/client/react';
import { createCodesaleClient } from '@codesale/client-shared';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { cssVariablesResolver } from './app/css-variables';
import { theme } from './app/theme';
import { SessionProvider } from './session/session-context';
import { typePolicies } from './app/type-policies';
import { exposeClientOnWindow } from './app/window-hook';

// A failed refresh ends the session: the whole app starts again from the login page, with an empty cache.
const client = createCodesaleClient({
  // The login page then says the session ended (signed out elsewhere, a new password, expiry).
  onSignedOut: () => window.location.assign(`${import.meta.env.BASE_URL}login?ended=1`),
  typePolicies,
});
exposeClientOnWindow(client);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications />
      <ModalsProvider>
        <ApolloProvider client={client.apollo}>
          <BrowserRouter basename={import.meta.env.BASE_URL.replace(/\/$/, '')}>
            <SessionProvider client={client}>
              <App />
            </SessionProvider>
          </BrowserRouter>
        </ApolloProvider>
      </ModalsProvider>
    </MantineProvider>
  </StrictMode>,
);
