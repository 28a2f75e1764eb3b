'use client';

import { Button, Group, Loader } from '@mantine/core';
import { formatMoney } from '@codesale/client-shared';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { navigation } from '../app/navigation';
import { loginHref } from '../session/safe-next';
import { useViewer } from '../session/viewer';
import { ButtonLink } from './links';
import classes from './shell.module.css';

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' || pathname.startsWith('/listings/') : pathname.startsWith(href);
}

/**
 * The site header (banner landmark): the brand, the navigation of src/app/navigation.ts (signed-in
 * links only for a signed-in viewer), the viewer's name and wallet balance, and sign in / sign out.
 */
export function Header() {
  const pathname = usePathname() ?? '/';
  const { viewer, wallet, signOut, signingOut } = useViewer();
  const links = navigation.filter((link) => !('signedIn' in link && link.signedIn) || viewer);

  return (
    <header className={classes.header}>
      <Group justify="space-between" px="md" py={8} gap="xs" className={classes.headerInner}>
        <Group gap="lg">
          <Link href="/" className={classes.brand}>
            CodeSale
          </Link>
          <nav aria-label="Main">
            <ul className={classes.navList}>
              {links.map((link) => (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    className={classes.navLink}
                    // Signed-in pages render their loading state and fetch in the browser: nothing worth prefetching.
                    prefetch={'signedIn' in link ? false : undefined}
                    aria-current={isCurrent(pathname, link.href) ? 'page' : undefined}
                  >
                    {link.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </Group>
        <Group gap="sm" wrap="nowrap">
          {viewer === undefined ? (
            <Loader size="xs" role="status" aria-label="Checking your session" />
          ) : viewer === null ? (
            <>
              <ButtonLink href={loginHref(pathname)} variant="default" size="xs">
                Sign in
              </ButtonLink>
              <ButtonLink href="/signup" size="xs">
                Create account
              </ButtonLink>
            </>
          ) : (
            <>
              {wallet && (
                <Link
                  href="/wallet"
                  prefetch={false}
                  className={classes.balance}
                  data-testid="header-balance"
                >
                  <span className={classes.balanceLabel}>Wallet</span>{' '}
                  <span>{formatMoney(wallet.balance)}</span>
                  {wallet.status === 'WALLET_AT_RISK' && <span className={classes.atRisk}> · on hold</span>}
                </Link>
              )}
              <Link href="/account" prefetch={false} className={classes.viewer} data-testid="viewer-name">
                {viewer.displayName}
              </Link>
              <Button variant="subtle" size="xs" loading={signingOut} onClick={() => void signOut(false)}>
                Sign out
              </Button>
            </>
          )}
        </Group>
      </Group>
    </header>
  );
}
