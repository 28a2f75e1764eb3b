import { focusOnArrival, orderArrival, takeArrivalFocus } from './arrival-focus';

describe('arrival focus', () => {
  it('is taken once, by the page it was asked for', () => {
    focusOnArrival(orderArrival('order-1'));
    expect(takeArrivalFocus(orderArrival('order-1'))).toBe(true);
    expect(takeArrivalFocus(orderArrival('order-1'))).toBe(false);
  });

  it('is dropped when another page shows first: a later visit of the page asked for starts as usual', () => {
    focusOnArrival(orderArrival('order-1'));
    expect(takeArrivalFocus(orderArrival('order-2'))).toBe(false);
    expect(takeArrivalFocus(orderArrival('order-1'))).toBe(false);
  });
});
