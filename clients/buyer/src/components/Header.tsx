'use client';

import { Badge, Button, Group, Loader } from '@mantine/core';
import { formatMoney } from '@codesale/client-shared';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { navigation } from '../app/navigation';
import { awaitingAnswerLabel } from '../disputes/awaiting-answer';
import { loginHref } from '../session/safe-next';
import { useViewer } from '../session/viewer';
import { ButtonLink } from './links';
import classes from './shell.module.css';

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' || pathname.startsWith('/listings/') : pathname.startsWith(href);
}

/**
 * A link's name with its count, for a screen reader: "Orders, 1 dispute awaits your answer". Set
 * as the link's aria-label, the badge hidden: visually hidden text after the badge would be read
 * as "Orders , 1 ..." (out of the flow, it is a block of its own), inside it in the badge's
 * uppercase. The visible "Orders 1" stays in the name, for those who speak what they see.
 */
function linkName(label: string, badgeCount: number): string | undefined {
  return badgeCount > 0 ? `${label}, ${awaitingAnswerLabel(badgeCount)}` : undefined;
}

/**
 * The site header (banner landmark): the brand, the navigation of src/app/navigation.ts (signed-in
 * links only for a signed-in viewer, Orders with the count of disputes awaiting the buyer's answer),
 * the viewer's name and wallet balance, and sign in / sign out.
 */
export function Header() {
  const pathname = usePathname() ?? '/';
  const { viewer, wallet, disputesAwaitingAnswer, signOut, signingOut } = useViewer();
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
              {links.map((link) => {
                const badgeCount = 'badge' in link && viewer ? disputesAwaitingAnswer : 0;
                return (
                  <li key={link.href}>
                    <Link
                      href={link.href}
                      className={classes.navLink}
                      // Signed-in pages render their loading state and fetch in the browser: nothing worth prefetching.
                      prefetch={'signedIn' in link ? false : undefined}
                      aria-current={isCurrent(pathname, link.href) ? 'page' : undefined}
                      aria-label={linkName(link.label, badgeCount)}
                    >
                      {link.label}
                      {badgeCount > 0 && (
                        <>
                          {/* A space: the visible text reads "Orders 1", not "Orders1". */}{' '}
                          <Badge
                            component="span"
                            color="orange"
                            variant="filled"
                            size="sm"
                            ml={2}
                            aria-hidden
                            data-testid="nav-badge"
                          >
                            {badgeCount}
                          </Badge>
                        </>
                      )}
                    </Link>
                  </li>
                );
              })}
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
