import { graphql } from '../../gql';

export const AddCodesMutation = graphql(`
  mutation AddCodes($input: AddCodesInput!) {
    addCodes(input: $input) {
      addedCount
      duplicateCount
      invalidCount
      rejectedLines {
        line
        status
        message
      }
      listing {
        id
        stock
        version
        updatedAt
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
