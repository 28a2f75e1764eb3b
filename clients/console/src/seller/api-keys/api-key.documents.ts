import { graphql, useFragment as readFragment, type FragmentType } from '../../gql';
import type { SellerApiKeyFragment } from '../../gql/graphql';

export const SellerApiKeyFields = graphql(`
  fragment SellerApiKey on ApiKey {
    id
    name
    prefix
    scopes
    createdAt
    lastUsedAt
    revokedAt
  }
`);

export const SellerApiKeysQuery = graphql(`
  query SellerApiKeys($first: Int!, $after: String) {
    myApiKeys(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...SellerApiKey
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey {
        ...SellerApiKey
      }
      secret
      errors {
        code
        message
        field
      }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        ...SellerApiKey
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** Reads an API key out of a masked fragment reference (codegen's fragment masking; not a hook). */
export function readApiKey(reference: FragmentType<typeof SellerApiKeyFields>): SellerApiKeyFragment {
  return readFragment(SellerApiKeyFields, reference);
}
