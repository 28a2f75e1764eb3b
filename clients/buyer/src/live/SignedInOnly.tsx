'use client';

import { hasSessionCookie } from '@codesale/client-shared';
import { Center, Loader } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';

/** Where a signed-out visitor goes: the login page, back here afterwards. */
export function loginPathFor(pathAndQuery: string): string {
  return `/login?next=${encodeURIComponent(pathAndQuery)}`;
}

/**
 * A signed-in screen: without a session (no CSRF cookie, which lives as long as the refresh token)
 * the visitor is sent to /login?next=<this page>. A session that expires later is renewed or ends
 * through the shared client (providers.tsx). Renders nothing but a loader until hydrated, so the
 * server's render and the browser's first render agree.
 */
export function SignedInOnly({ children }: { children: ReactNode }) {
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  useEffect(() => {
    if (hasSessionCookie()) {
      setSignedIn(true);
      return;
    }
    setSignedIn(false);
    window.location.replace(loginPathFor(`${window.location.pathname}${window.location.search}`));
  }, []);
  if (!signedIn) {
    return (
      <Center py="xl" aria-busy="true">
        <Loader role="status" aria-label={signedIn === false ? 'Redirecting to log in' : 'Loading'} />
      </Center>
    );
  }
  return <>{children}</>;
}
