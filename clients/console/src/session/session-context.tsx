import { useApolloClient, useQuery } from '@apollo/client/react';
import { hasSessionCookie, type CodesaleClient } from '@codesale/client-shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';

export const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      email
      displayName
      roles
      passwordExpiresAt
    }
  }
`);

export interface Viewer {
  id: string;
  email: string | null;
  displayName: string;
  roles: Role[];
  /** An initial password an admin set stops signing in then, unless changed; null otherwise. */
  passwordExpiresAt?: string | null;
}

interface SessionState {
  viewer: Viewer | null;
  loading: boolean;
  /** After logIn: read the viewer again. */
  reload: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
  /**
   * For requests outside Apollo (file uploads) answered 401: renews the session through the same
   * single in-flight refresh. `sentAt` is when the failed request left. True when renewed.
   */
  renewSession: (sentAt: number) => Promise<boolean>;
  /** The clock the refresher compares `sentAt` with. */
  sessionClock: () => number;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * Who is signed in. `me` answers null for an anonymous request, which is also what an expired
 * access cookie looks like: when the CSRF cookie says a session may still exist, renew it once
 * before concluding the viewer is signed out.
 */
export function SessionProvider({ client, children }: { client: CodesaleClient; children: ReactNode }) {
  const apollo = useApolloClient();
  const { data, loading, refetch } = useQuery(ViewerQuery, { fetchPolicy: 'network-only' });
  const [renewing, setRenewing] = useState(false);
  const [renewTried, setRenewTried] = useState(false);

  useEffect(() => {
    if (loading || data?.me || renewTried || !hasSessionCookie()) return;
    setRenewTried(true);
    setRenewing(true);
    void client.refresher
      .refresh(client.refresher.now())
      .then((outcome) => (outcome === 'REFRESHED' ? refetch() : undefined))
      .catch(() => undefined)
      .finally(() => setRenewing(false));
  }, [client, data, loading, refetch, renewTried]);

  const reload = useCallback(async () => {
    // resetStore refetches every active query and rejects when one of those refetches does not
    // finish: a screen that re-renders with the new roles restarts its query, which aborts the
    // refetch (AbortError). The screens read their data again either way; what reload owes its
    // caller is the viewer, read next, whose failure is the caller's to handle.
    await apollo.resetStore().catch(() => undefined);
    await refetch();
  }, [apollo, refetch]);

  const renewSession = useCallback(
    async (sentAt: number) =>
      (await client.refresher.refresh(sentAt).catch(() => 'SIGNED_OUT' as const)) === 'REFRESHED',
    [client],
  );
  const sessionClock = useCallback(() => client.refresher.now(), [client]);

  const state = useMemo<SessionState>(() => {
    const viewer = data?.me ?? null;
    // Between `me` answering null and the effect above starting the renewal, one render would say
    // "signed out": the deep link the user opened went to the login page and was lost there.
    const renewalDue = !loading && !viewer && !renewTried && hasSessionCookie();
    return {
      viewer,
      loading: loading || renewing || renewalDue,
      reload,
      hasRole: (...roles) => roles.some((role) => viewer?.roles.includes(role) ?? false),
      renewSession,
      sessionClock,
    };
  }, [data, loading, renewing, renewTried, reload, renewSession, sessionClock]);
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession must be used inside SessionProvider');
  return state;
}
