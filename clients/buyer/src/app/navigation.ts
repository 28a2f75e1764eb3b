/** The header's links, in order. Pages of signed-in areas redirect to /login?next=... when signed out. */
export const navigation = [
  { href: '/', label: 'Catalog' },
  { href: '/wallet', label: 'Wallet', signedIn: true },
  { href: '/orders', label: 'Orders', signedIn: true },
  { href: '/account', label: 'Account', signedIn: true },
] as const;
