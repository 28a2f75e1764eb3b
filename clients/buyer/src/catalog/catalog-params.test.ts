import { catalogHref, isFiltered, parseCatalogParams } from './catalog-params';

describe('parseCatalogParams', () => {
  it('turns the URL into the listings query: prices typed in major units are sent in minor units', () => {
    const parsed = parseCatalogParams({
      q: ' elden ',
      platform: 'STEAM',
      region: 'EU',
      kind: 'GAME_KEY',
      currency: 'eur',
      min: '10.5',
      max: '20',
      sort: 'PRICE_ASC',
      after: 'cursor-1',
    });
    expect(parsed.variables).toEqual({
      filter: {
        search: 'elden',
        platform: 'STEAM',
        region: 'EU',
        kind: 'GAME_KEY',
        currency: 'EUR',
        minPrice: 1050,
        maxPrice: 2000,
      },
      sort: 'PRICE_ASC',
      first: 24,
      after: 'cursor-1',
    });
    expect(parsed.problems).toEqual({});
  });

  it('drops values the API would refuse instead of failing the page', () => {
    const parsed = parseCatalogParams({
      platform: 'SEGA',
      sort: 'RANDOM',
      currency: 'XYZ',
      kind: ['GIFT_CARD', 'x'],
    });
    expect(parsed.variables.filter).toEqual({ kind: 'GIFT_CARD' });
    expect(parsed.variables.sort).toBe('NEWEST');
    expect(parsed.variables.after).toBeNull();
  });

  it('reads control characters (NUL, which the API refuses) in the search and the cursor as spaces', () => {
    const parsed = parseCatalogParams({ q: 'x\u0000y\u0007', after: '\u0000' });
    expect(parsed.variables.filter).toEqual({ search: 'x y' });
    expect(parsed.variables.after).toBeNull();
  });

  it('explains prices it cannot read, and a maximum below the minimum', () => {
    expect(parseCatalogParams({ min: 'ten' }).problems).toEqual({
      min: 'Enter an amount such as 5 or 12.50',
    });
    const inverted = parseCatalogParams({ min: '20', max: '10' });
    expect(inverted.problems.max).toBe('The maximum is below the minimum');
    expect(inverted.variables.filter).toEqual({ minPrice: 2000 });
  });
});

describe('catalogHref', () => {
  const { params } = parseCatalogParams({ q: 'xbox gift', platform: 'XBOX', sort: 'NEWEST', after: 'c1' });

  it('keeps only what narrows the list, so links stay short and shareable', () => {
    expect(catalogHref(params)).toBe('/?q=xbox+gift&platform=XBOX&after=c1');
    expect(catalogHref(params, { after: '' })).toBe('/?q=xbox+gift&platform=XBOX');
    expect(catalogHref(parseCatalogParams({}).params)).toBe('/');
  });

  it('knows when the list is filtered', () => {
    expect(isFiltered(params)).toBe(true);
    expect(isFiltered(parseCatalogParams({ sort: 'PRICE_DESC', after: 'x' }).params)).toBe(false);
  });
});
