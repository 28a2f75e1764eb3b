/**
 * Where the focus goes on the page a client-side navigation opens. Next's router leaves the focus
 * where it was: on the element that started the navigation, which the new page removed, so the
 * keyboard and screen readers fall back to the page's body. A component that navigates on the
 * buyer's behalf (Buy opens the new order) names the page it is taking the buyer to; that page takes
 * the request once it shows, and moves the focus to its heading. Kept in memory: a reload or a link
 * opened directly starts at the top of the page, as browsers do.
 */
let pending: string | null = null;

/** The page named `target` (e.g. `order:<id>`) should take the focus when it shows. */
export function focusOnArrival(target: string): void {
  pending = target;
}

/** True once for the page named `target` when a navigation asked for its focus; a request for another page is dropped. */
export function takeArrivalFocus(target: string): boolean {
  const asked = pending === target;
  pending = null;
  return asked;
}

/** The name of an order's page (OrderPage), for Buy's request. */
export const orderArrival = (orderId: string) => `order:${orderId}`;
