import { formatExpiryInput, parseExpiry, testPaymentMethodFor, useTestCardMessage } from './test-cards';

const now = new Date('2026-05-15T12:00:00Z');
const valid = { expiry: '12/34', cvc: '123' };

describe('testPaymentMethodFor', () => {
  it.each([
    ['4242424242424242', 'pm_card_visa'],
    ['5555555555554444', 'pm_card_mastercard'],
    ['4000000000000002', 'pm_card_chargeDeclined'],
    ['4000000000009995', 'pm_card_chargeDeclinedInsufficientFunds'],
    ['4000000000000259', 'pm_card_createDispute'],
  ])('maps the test card %s to %s', (cardNumber, paymentMethod) => {
    expect(testPaymentMethodFor({ cardNumber, ...valid }, now)).toEqual({ ok: true, paymentMethod });
  });

  it('accepts the number as people type it, with spaces or dashes', () => {
    expect(testPaymentMethodFor({ cardNumber: ' 4242 4242-4242 4242 ', ...valid }, now)).toEqual({
      ok: true,
      paymentMethod: 'pm_card_visa',
    });
  });

  it.each(['4111111111111111', '4242424242424241', '', 'abcd'])(
    'refuses %p with the "use a test card" message',
    (cardNumber) => {
      expect(testPaymentMethodFor({ cardNumber, ...valid }, now)).toEqual({
        ok: false,
        field: 'cardNumber',
        message: useTestCardMessage,
      });
    },
  );

  it('refuses an expiry in the past, accepts the current month', () => {
    const card = { cardNumber: '4242424242424242', cvc: '123' };
    expect(testPaymentMethodFor({ ...card, expiry: '04/26' }, now)).toMatchObject({
      ok: false,
      field: 'expiry',
    });
    expect(testPaymentMethodFor({ ...card, expiry: '05/26' }, now)).toMatchObject({ ok: true });
    expect(testPaymentMethodFor({ ...card, expiry: '13/30' }, now)).toMatchObject({
      ok: false,
      field: 'expiry',
    });
  });

  it('refuses a CVC that is not 3 or 4 digits', () => {
    const card = { cardNumber: '4242424242424242', expiry: '12/34' };
    expect(testPaymentMethodFor({ ...card, cvc: '12' }, now)).toMatchObject({ ok: false, field: 'cvc' });
    expect(testPaymentMethodFor({ ...card, cvc: '12a' }, now)).toMatchObject({ ok: false, field: 'cvc' });
    expect(testPaymentMethodFor({ ...card, cvc: '1234' }, now)).toMatchObject({ ok: true });
  });
});

describe('parseExpiry', () => {
  it('reads MM/YY and MM/YYYY', () => {
    expect(parseExpiry('7/29')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiry('07 / 2031')).toEqual({ month: 7, year: 2031 });
    expect(parseExpiry('12 / 30')).toEqual({ month: 12, year: 2030 });
  });

  it('reads the digits alone, as card fields take them: MMYY and MMYYYY', () => {
    expect(parseExpiry('1230')).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry('0729')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiry('122030')).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry('123')).toBeNull();
    expect(parseExpiry('1330')).toBeNull();
  });
});

describe('testPaymentMethodFor and the expiry', () => {
  it.each(['1230', '12/30', '12 / 30', '12/2030'])('accepts %p', (expiry) => {
    expect(testPaymentMethodFor({ cardNumber: '4242424242424242', cvc: '123', expiry }, now)).toEqual({
      ok: true,
      paymentMethod: 'pm_card_visa',
    });
  });
});

describe('formatExpiryInput', () => {
  it.each([
    // [typed so far (before), the field's value now, what the field shows]
    ['', '1', '1'],
    ['1', '12', '12/'],
    ['12/', '12/3', '12/3'],
    ['12/3', '12/30', '12/30'],
    ['', '1230', '12/30'],
    ['', '12 / 30', '12/30'],
    ['', '12/30', '12/30'],
    ['', '122030', '12/2030'],
    ['', '12/2030', '12/2030'],
    ['', '4', '04/'],
    ['', '430', '04/30'],
    ['', '4/30', '04/30'],
    ['1', '1/', '01/'],
    ['', '0', '0'],
    ['12/30', '12/301', '12/301'],
    ['12/2030', '12/20301', '12/2030'],
    ['', 'ab', ''],
  ])('after %p, %p shows %p', (before, value, shown) => {
    expect(formatExpiryInput(value, before)).toBe(shown);
  });

  it('lets Backspace go back over the slash it inserted', () => {
    expect(formatExpiryInput('12/', '12/3')).toBe('12/');
    expect(formatExpiryInput('12', '12/')).toBe('12');
    expect(formatExpiryInput('1', '12')).toBe('1');
    expect(formatExpiryInput('04', '04/')).toBe('04');
  });
});
