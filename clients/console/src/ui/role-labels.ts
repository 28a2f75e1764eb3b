import type { Role } from '../gql/graphql';

/** Roles as people say them: the API's codes (SUPPORT, ADMIN) are not shown on screen. */
export const roleLabels: Record<Role, string> = {
  ADMIN: 'Admin',
  BUYER: 'Buyer',
  SELLER: 'Seller',
  SUPPORT: 'Support',
};

const listFormat = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });

/** "Support", "Buyer and Seller": a user's roles in a sentence. */
export function rolesInWords(roles: readonly Role[]): string {
  return roles.length === 0 ? 'No role' : listFormat.format(roles.map((role) => roleLabels[role]));
}
