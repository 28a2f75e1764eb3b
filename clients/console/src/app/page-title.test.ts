import { pageTitle } from './page-title';

describe('pageTitle', () => {
  it('names the page first, then the console; the console alone without a heading', () => {
    expect(pageTitle('Dispute queue')).toBe('Dispute queue · CodeSale console');
    expect(pageTitle('  Listing\n   not found ')).toBe('Listing not found · CodeSale console');
    expect(pageTitle('')).toBe('CodeSale console');
    expect(pageTitle(undefined)).toBe('CodeSale console');
  });
});
