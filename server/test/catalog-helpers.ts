import crypto from 'node:crypto';
import type { TestClient } from './harness';

/** GraphQL documents and fixtures shared by the catalog's tests. */

export const listingFields = `id title description platform region kind price { amount currency } status stock version
  seller { id displayName } createdAt`;

export interface ListingView {
  id: string;
  title: string;
  description: string;
  platform: string;
  region: string;
  kind: string;
  price: { amount: number; currency: string };
  status: string;
  stock: number;
  version: number;
  seller: { id: string; displayName: string };
  createdAt: string;
}

export interface ErrorView {
  code: string;
  field: string | null;
  message: string;
}

export interface ListingPayload {
  listing: ListingView | null;
  errors: ErrorView[];
}

export const createListingMutation = `mutation ($input: CreateListingInput!) {
  createListing(input: $input) { listing { ${listingFields} } errors { code field message } }
}`;

export const addCodesMutation = `mutation ($input: AddCodesInput!) {
  addCodes(input: $input) {
    listing { id stock }
    addedCount duplicateCount invalidCount
    rejectedLines { line status message }
    errors { code field message }
  }
}`;

export interface AddCodesView {
  listing: { id: string; stock: number } | null;
  addedCount: number;
  duplicateCount: number;
  invalidCount: number;
  rejectedLines: { line: number; status: 'DUPLICATE' | 'INVALID'; message: string }[];
  errors: ErrorView[];
}

export function listingInput(overrides: Record<string, unknown> = {}) {
  return {
    title: `Test game ${crypto.randomBytes(3).toString('hex')}`,
    platform: 'STEAM',
    region: 'GLOBAL',
    kind: 'GAME_KEY',
    price: 1_999,
    currency: 'EUR',
    description: 'A test listing',
    ...overrides,
  };
}

export async function createListing(
  client: TestClient,
  overrides: Record<string, unknown> = {},
): Promise<ListingView> {
  const data = await client.data<{ createListing: ListingPayload }>(createListingMutation, {
    input: listingInput(overrides),
  });
  if (!data.createListing.listing)
    throw new Error(`createListing failed: ${JSON.stringify(data.createListing.errors)}`);
  return data.createListing.listing;
}

export async function addCodes(
  client: TestClient,
  listingId: string,
  codes: string[],
): Promise<AddCodesView> {
  return (await client.data<{ addCodes: AddCodesView }>(addCodesMutation, { input: { listingId, codes } }))
    .addCodes;
}

/** Random codes in the usual 5x5 key format. */
export function randomCodes(count: number): string[] {
  return Array.from({ length: count }, () =>
    Array.from({ length: 5 }, () => crypto.randomBytes(4).toString('hex').slice(0, 5).toUpperCase()).join(
      '-',
    ),
  );
}

export async function runStatusMutation(
  client: TestClient,
  mutation: 'pauseListing' | 'activateListing' | 'archiveListing',
  input: { listingId: string; expectedVersion?: number },
) {
  const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  return client.graphql<Record<string, ListingPayload>>(
    `mutation ($input: ${type}!) { ${mutation}(input: $input) { listing { ${listingFields} } errors { code field message } } }`,
    { input },
  );
}
