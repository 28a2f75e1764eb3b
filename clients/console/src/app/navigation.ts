import type { Role } from '../gql/graphql';

/** The console's sections and who may open them. The API enforces the same roles on every field. */
export interface NavigationLink {
  label: string;
  path: string;
  roles: readonly Role[];
  /** A live count beside the label (AppLayout's navigationCounters). */
  counter?: NavigationCounter;
}

/** Counts the layout can show beside a link. */
export type NavigationCounter = 'disputesAwaitingSeller';

export interface NavigationSection {
  label: string;
  links: readonly NavigationLink[];
}

const staff: readonly Role[] = ['SUPPORT', 'ADMIN'];
const admin: readonly Role[] = ['ADMIN'];
const seller: readonly Role[] = ['SELLER'];
/** Everyone the console has pages for: a buyer-only account has none (it is offered to start selling). */
const consoleUsers: readonly Role[] = ['SELLER', 'SUPPORT', 'ADMIN'];

export const navigationSections: readonly NavigationSection[] = [
  {
    label: 'Support',
    links: [
      { label: 'Dispute queue', path: '/support/disputes', roles: staff },
      { label: 'Look up', path: '/support/lookup', roles: staff },
    ],
  },
  {
    label: 'Admin',
    links: [
      { label: 'Money', path: '/admin/money', roles: admin },
      { label: 'Payouts', path: '/admin/payouts', roles: admin },
      { label: 'Ledger', path: '/admin/ledger', roles: admin },
      { label: 'Flagged wallets', path: '/admin/wallets', roles: admin },
      { label: 'Risk overrides', path: '/admin/risk', roles: admin },
      { label: 'Staff', path: '/admin/staff', roles: admin },
      { label: 'Audit log', path: '/admin/audit', roles: admin },
    ],
  },
  {
    label: 'Seller',
    links: [
      { label: 'Listings', path: '/seller/listings', roles: seller },
      { label: 'Sales', path: '/seller/sales', roles: seller },
      { label: 'Disputes', path: '/seller/disputes', roles: seller, counter: 'disputesAwaitingSeller' },
      { label: 'Payouts', path: '/seller/payouts', roles: seller },
      { label: 'API keys', path: '/seller/api-keys', roles: seller },
    ],
  },
  // Last, so that homePath (the first link a role opens) stays each role's own work.
  {
    label: 'Your account',
    links: [{ label: 'Account', path: '/account', roles: consoleUsers }],
  },
];

export function allowedSections(roles: readonly Role[]): NavigationSection[] {
  return navigationSections
    .map((section) => ({
      ...section,
      links: section.links.filter((link) => link.roles.some((role) => roles.includes(role))),
    }))
    .filter((section) => section.links.length > 0);
}

/** Where a viewer lands after signing in: the first section their roles open. */
export function homePath(roles: readonly Role[]): string {
  return allowedSections(roles)[0]?.links[0]?.path ?? '/no-access';
}

/**
 * The store (the buyer app) is served on the console's origin at `/`, the console under /console/.
 * It is a link to another app, not one of the console's routes: a plain `<a href="/">`, which the
 * browser loads in full (a router link would resolve "/" under the console's basename). The store
 * is public (its catalogue is open to everyone), so every signed-in user is offered it: a seller
 * who also buys gets back to their orders and wallet there.
 */
export const storeLink = { label: 'Go to the store', href: '/' } as const;
