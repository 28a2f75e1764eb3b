/**
 * The header's links, in order. Pages of signed-in areas redirect to /login?next=... when signed out.
 * `badge`: a count the link shows when it is not 0 (the Header reads it from the viewer's state).
 */
export const navigation = [
  { href: '/', label: 'Catalog' },
  { href: '/wallet', label: 'Wallet', signedIn: true },
  // Support's requests for an answer sit on orders: the list marks each and shows its deadline.
  { href: '/orders', label: 'Orders', signedIn: true, badge: 'disputesAwaitingAnswer' },
  { href: '/account', label: 'Account', signedIn: true },
] as const;
