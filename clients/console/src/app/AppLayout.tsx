import { useMutation } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  AppShell,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useCallback, type ComponentType } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { graphql } from '../gql';
import { useSession } from '../session/session-context';
import { DisputesAwaitingBadge } from '../seller/disputes/DisputesAwaitingBadge';
import { useSellerLiveUpdates } from '../seller/use-seller-live-updates';
import { DateTime } from '../ui/DateTime';
import { PageLoader } from '../ui/PageLoader';
import { PageErrorBoundary } from './PageErrorBoundary';
import { roleLabels } from '../ui/role-labels';
import { allowedSections, storeLink, type NavigationCounter } from './navigation';
import classes from './AppLayout.module.css';
import { usePageTitle } from './page-title';

const navigationCounters: Record<NavigationCounter, ComponentType> = {
  disputesAwaitingSeller: DisputesAwaitingBadge,
};

const LogOutMutation = graphql(`
  mutation LogOut {
    logOut {
      loggedOut
    }
  }
`);

export function AppLayout() {
  const { viewer, reload, hasRole } = useSession();
  // A seller's sales and disputes stay live on every page (the navigation counts disputes awaiting them).
  useSellerLiveUpdates(!hasRole('SELLER'));
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const [logOut, { loading: loggingOut }] = useMutation(LogOutMutation);
  const sections = allowedSections(viewer?.roles ?? []);
  usePageTitle(useCallback(() => document.getElementById('main-content'), []));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <a href="#main-content" className={classes.skipLink}>
          Skip to content
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text fw={700} size="lg">
              CodeSale console
            </Text>
          </Group>
          <Group wrap="nowrap">
            {/* On a phone the header holds the menu, the name of the console and Sign out only. */}
            <Text size="sm" c="dimmed" data-testid="viewer-name" visibleFrom="sm">
              {viewer?.displayName} · {viewer?.roles.map((role) => roleLabels[role]).join(', ')}
            </Text>
            <Button
              variant="default"
              size="xs"
              loading={loggingOut}
              onClick={async () => {
                await logOut().catch(() => undefined);
                await reload();
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Console sections">
        <ScrollArea>
          <Stack gap="md">
            {sections.map((section) => (
              <div key={section.label}>
                <Title order={2} size="xs" tt="uppercase" c="dimmed" px="sm" mb={4}>
                  {section.label}
                </Title>
                {section.links.map((link) => {
                  const Counter = link.counter ? navigationCounters[link.counter] : null;
                  return (
                    <NavLink
                      key={link.path}
                      component={RouterLink}
                      to={link.path}
                      label={link.label}
                      rightSection={Counter && <Counter />}
                      active={location.pathname.startsWith(link.path)}
                    />
                  );
                })}
              </div>
            ))}
            <div>
              <Title order={2} size="xs" tt="uppercase" c="dimmed" px="sm" mb={4}>
                Store
              </Title>
              {/* Another app on this origin: a full page load of "/", never a route of the console. */}
              <NavLink
                component="a"
                href={storeLink.href}
                label={storeLink.label}
                description={hasRole('BUYER') ? 'Your orders and wallet' : 'The catalog, as buyers see it'}
                data-testid="store-link"
              />
            </div>
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        {viewer?.passwordExpiresAt && (
          <Alert
            color="yellow"
            role="note"
            mb="md"
            title="Change the password an admin gave you"
            data-testid="initial-password-note"
          >
            It stops signing in on <DateTime value={viewer.passwordExpiresAt} />.{' '}
            {location.pathname.startsWith('/account') ? (
              'Change it below.'
            ) : (
              <Anchor component={RouterLink} to="/account">
                Change it on your Account page.
              </Anchor>
            )}
          </Alert>
        )}
        <PageErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </PageErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
