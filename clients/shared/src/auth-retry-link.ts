import { ApolloLink } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { Observable, type Subscription } from 'rxjs';
import type { RefreshOutcome, SessionRefresher } from './session-refresher';

/** What the server says when the access cookie is missing or expired (server/src/graphql/authorization.ts). */
export const unauthenticatedCode = 'UNAUTHENTICATED';

interface ErrorWithCode {
  extensions?: { code?: unknown } | null;
}

function hasUnauthenticated(errors: ReadonlyArray<ErrorWithCode> | undefined): boolean {
  return errors?.some((error) => error.extensions?.code === unauthenticatedCode) ?? false;
}

export function isUnauthenticatedResult(result: ApolloLink.Result): boolean {
  return 'errors' in result && hasUnauthenticated(result.errors as ErrorWithCode[] | undefined);
}

/** The code of the first GraphQL error the server answered with (FORBIDDEN, ...); null for a network failure. */
export function graphQLErrorCode(error: unknown): string | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const code = (error.errors[0] as ErrorWithCode | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

export function isUnauthenticatedError(error: unknown): boolean {
  if (ServerError.is(error)) return error.statusCode === 401;
  if (CombinedGraphQLErrors.is(error)) return hasUnauthenticated(error.errors);
  // graphql-ws hands a subscription's GraphQL errors over as a plain array.
  if (Array.isArray(error)) return hasUnauthenticated(error as ErrorWithCode[]);
  return false;
}

export interface AuthRetryLinkOptions {
  refresher: SessionRefresher;
  /** Called once per failed refresh, before the failed operations report their error. */
  onSignedOut: () => void;
}

/**
 * Retries an operation once after renewing the session when the server answers it as
 * unauthenticated (a GraphQL UNAUTHENTICATED error or an HTTP 401). Any number of such answers
 * share one refresh (SessionRefresher). A retry that fails again reports its failure as it is: no
 * loop. Subscriptions go through the same path: an UNAUTHENTICATED subscribe is retried after the
 * refresh, on a socket reopened with the new cookie (see createCodesaleApolloClient).
 */
export function createAuthRetryLink({ refresher, onSignedOut }: AuthRetryLinkOptions): ApolloLink {
  return new ApolloLink(
    (operation, forward) =>
      new Observable<ApolloLink.Result>((observer) => {
        let current: Subscription | undefined;
        let closed = false;

        const renewThenRetry = (
          sentAt: number,
          failure: { result: ApolloLink.Result } | { error: unknown },
        ) => {
          current?.unsubscribe();
          current = undefined;
          refresher.refresh(sentAt).then(
            (outcome: RefreshOutcome) => {
              if (closed) return;
              if (outcome === 'REFRESHED') {
                attempt(true);
                return;
              }
              onSignedOut();
              if ('result' in failure) {
                observer.next(failure.result);
                observer.complete();
              } else observer.error(failure.error);
            },
            (error: unknown) => {
              if (!closed) observer.error(error);
            },
          );
        };

        const attempt = (isRetry: boolean) => {
          const sentAt = refresher.now();
          let renewing = false;
          current = forward(operation).subscribe({
            next: (result) => {
              if (!isRetry && !renewing && isUnauthenticatedResult(result)) {
                renewing = true;
                renewThenRetry(sentAt, { result });
                return;
              }
              if (!renewing) observer.next(result);
            },
            error: (error: unknown) => {
              if (renewing) return;
              if (!isRetry && isUnauthenticatedError(error)) {
                renewing = true;
                renewThenRetry(sentAt, { error });
                return;
              }
              observer.error(error);
            },
            complete: () => {
              if (!renewing) observer.complete();
            },
          });
        };

        attempt(false);
        return () => {
          closed = true;
          current?.unsubscribe();
        };
      }),
  );
}
