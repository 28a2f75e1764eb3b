import { ApolloLink, InMemoryCache } from '@apollo/client';
import { MockedProvider } from '@apollo/client/testing/react';
import type { CodesaleClient } from '@codesale/client-shared';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Observable } from 'rxjs';
import { typePolicies } from '../../app/type-policies';
import { SessionProvider } from '../../session/session-context';
import { useSellerDisputes } from './use-seller-disputes';

/**
 * The seller's disputes against a scripted API that serves `myDisputes` in pages, oldest first:
 * every page is read, and what the seller sees is their own sales' disputes, requests first.
 */

const sellerId = 'VXNlcjpzZWxsZXI';

function node(id: string, fields: { state?: string; requestedParty?: string | null; seller?: string }) {
  return {
    __typename: 'Dispute',
    id,
    version: 3,
    state: fields.state ?? 'UNDER_REVIEW',
    reason: 'INVALID_CODE',
    outcome: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    closedAt: null,
    requestedParty: fields.requestedParty ?? null,
    responseDueAt: fields.requestedParty ? '2026-03-11T10:00:00.000Z' : null,
    buyer: { __typename: 'User', id: `buyer-of-${id}`, displayName: 'Bea' },
    seller: { __typename: 'User', id: fields.seller ?? sellerId },
    order: {
      __typename: 'Order',
      id: `order-of-${id}`,
      listing: { __typename: 'Listing', id: 'l', title: 'Celeste' },
    },
  };
}

/** Two pages: the second holds the request to the seller, as an API listing oldest first would. */
const pages: Record<string, ReturnType<typeof node>[]> = {
  first: [node('d1', {}), node('d2', { seller: 'VXNlcjpvdGhlcg' })],
  second: [node('d3', { state: 'NEEDS_RESPONSE', requestedParty: 'SELLER' })],
};

function scriptedLink(requested: (string | null)[]) {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        if (operation.operationName === 'Viewer') {
          observer.next({
            data: {
              me: {
                __typename: 'User',
                id: sellerId,
                email: null,
                displayName: 'Sam',
                roles: ['BUYER', 'SELLER'],
              },
            },
          });
          observer.complete();
          return;
        }
        const after = (operation.variables['after'] as string | undefined) ?? null;
        requested.push(after);
        const page = after === null ? pages['first']! : pages['second']!;
        observer.next({
          data: {
            myDisputes: {
              __typename: 'DisputeConnection',
              edges: page.map((dispute) => ({
                __typename: 'DisputeEdge',
                cursor: `after-${dispute.id}`,
                node: dispute,
              })),
              pageInfo: {
                __typename: 'PageInfo',
                hasNextPage: after === null,
                endCursor: `after-${page.at(-1)!.id}`,
              },
            },
          },
        });
        observer.complete();
      }),
  );
}

const client = {
  refresher: { refresh: () => Promise.resolve('SIGNED_OUT'), now: () => 0 },
} as unknown as CodesaleClient;

describe('useSellerDisputes', () => {
  it('reads every page, keeps the disputes on the seller’s sales, the request to them first, and counts it', async () => {
    const requested: (string | null)[] = [];
    const wrapper = ({ children }: { children: ReactNode }) => (
      <MockedProvider link={scriptedLink(requested)} cache={new InMemoryCache({ typePolicies })}>
        <SessionProvider client={client}>{children}</SessionProvider>
      </MockedProvider>
    );
    const { result } = renderHook(() => useSellerDisputes(), { wrapper });

    await waitFor(() => expect(result.current.disputes.map((dispute) => dispute.id)).toEqual(['d3', 'd1']));
    expect(result.current.awaiting).toBe(1);
    expect(result.current.truncated).toBe(false);
    expect(requested).toEqual([null, 'after-d2']);
  });
});
