/** Rows fetched per page of a seller list (the API serves at most 100). */
export const sellerPageSize = 50;
