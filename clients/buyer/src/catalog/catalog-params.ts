import { parseMoneyInput } from '@codesale/client-shared';
import type { ListingFilter, ListingKind, ListingSort, Platform, Region } from '../gql/graphql';
import { currencies, isOneOf, kindLabels, platformLabels, regionLabels, sortLabels } from './labels';

/** Listings per page of the catalog. */
export const catalogPageSize = 24;

/**
 * The catalog's state, all of it in the URL's search params (shareable, the back button works):
 * q (title search), platform, region, kind, currency, min and max (major units as typed, "12.50"),
 * sort, after (the cursor of the page's start).
 */
export interface CatalogParams {
  q: string;
  platform: Platform | '';
  region: Region | '';
  kind: ListingKind | '';
  currency: string;
  min: string;
  max: string;
  sort: ListingSort;
  after: string;
}

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export interface ParsedCatalog {
  params: CatalogParams;
  variables: { filter: ListingFilter; sort: ListingSort; first: number; after: string | null };
  /** Values that could not be used, per field, in words for the form. */
  problems: Partial<Record<'min' | 'max', string>>;
}

/** Control characters (NUL among them, which the API refuses in any string) are typing noise in a URL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f]+/g;

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.replace(controlCharacters, ' ').trim() ?? '';
}

/** Reads the URL's search params; unknown values are dropped rather than sent to the API. */
export function parseCatalogParams(searchParams: SearchParamsRecord): ParsedCatalog {
  const raw = (name: string) => single(searchParams[name]);
  const platform = raw('platform');
  const region = raw('region');
  const kind = raw('kind');
  const sort = raw('sort');
  const currency = raw('currency').toUpperCase();
  const params: CatalogParams = {
    q: raw('q').slice(0, 100),
    platform: isOneOf(platformLabels, platform) ? platform : '',
    region: isOneOf(regionLabels, region) ? region : '',
    kind: isOneOf(kindLabels, kind) ? kind : '',
    currency: (currencies as readonly string[]).includes(currency) ? currency : '',
    min: raw('min'),
    max: raw('max'),
    sort: isOneOf(sortLabels, sort) ? sort : 'NEWEST',
    after: raw('after'),
  };

  const problems: ParsedCatalog['problems'] = {};
  const price = (name: 'min' | 'max'): number | undefined => {
    if (!params[name]) return undefined;
    const minor = parseMoneyInput(params[name]);
    if (minor === null) {
      problems[name] = 'Enter an amount such as 5 or 12.50';
      return undefined;
    }
    return minor;
  };
  const minPrice = price('min');
  const maxPrice = price('max');
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    problems.max = 'The maximum is below the minimum';
  }

  const filter: ListingFilter = {};
  if (params.q) filter.search = params.q;
  if (params.platform) filter.platform = params.platform;
  if (params.region) filter.region = params.region;
  if (params.kind) filter.kind = params.kind;
  if (params.currency) filter.currency = params.currency;
  if (minPrice !== undefined) filter.minPrice = minPrice;
  if (maxPrice !== undefined && !problems.max) filter.maxPrice = maxPrice;

  return {
    params,
    variables: { filter, sort: params.sort, first: catalogPageSize, after: params.after || null },
    problems,
  };
}

/** The catalog's URL for `params` with `changes`; empty values and the default sort are left out. */
export function catalogHref(params: CatalogParams, changes: Partial<CatalogParams> = {}): string {
  const next = { ...params, ...changes };
  const query = new URLSearchParams();
  for (const name of [
    'q',
    'platform',
    'region',
    'kind',
    'currency',
    'min',
    'max',
    'sort',
    'after',
  ] as const) {
    const value = next[name];
    if (!value || (name === 'sort' && value === 'NEWEST')) continue;
    query.set(name, value);
  }
  const text = query.toString();
  return text ? `/?${text}` : '/';
}

/** Whether any filter or search narrows the catalog (for the empty state's wording). */
export function isFiltered(params: CatalogParams): boolean {
  return Boolean(
    params.q ||
    params.platform ||
    params.region ||
    params.kind ||
    params.currency ||
    params.min ||
    params.max,
  );
}
