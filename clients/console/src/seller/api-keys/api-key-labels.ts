import type { ApiKeyScope } from '../../gql/graphql';

/** What each scope lets a partner's system do, in the seller's words. */
export const apiKeyScopeLabels: Record<ApiKeyScope, { label: string; description: string }> = {
  CATALOG_READ: { label: 'Read catalog', description: 'Read your listings and their stock.' },
  CATALOG_WRITE: {
    label: 'Write catalog',
    description: 'Create and change listings, sync prices and stock, upload codes.',
  },
  ORDERS_READ: { label: 'Read orders', description: 'Read your sales and their payout state.' },
};

export const apiKeyScopes = Object.keys(apiKeyScopeLabels) as ApiKeyScope[];
