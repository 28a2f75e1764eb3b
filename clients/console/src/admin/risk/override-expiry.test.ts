import {
  earliestOverrideExpiry,
  expiryAfterDays,
  latestOverrideExpiry,
  parseDateTimeLocalValue,
  toDateTimeLocalValue,
  validateOverrideExpiry,
} from './override-expiry';

const now = new Date(2026, 2, 10, 12, 30, 45);

describe('validateOverrideExpiry', () => {
  it('accepts an end tomorrow', () => {
    expect(validateOverrideExpiry('2026-03-11T12:30', now)).toBeNull();
  });

  it('accepts the latest end the field offers: a year away, to the minute', () => {
    const latest = toDateTimeLocalValue(latestOverrideExpiry(now));
    expect(validateOverrideExpiry(latest, now)).toBeNull();
  });

  it('refuses an end a minute past a year', () => {
    const tooFar = new Date(latestOverrideExpiry(now).getTime() + 60_000);
    expect(validateOverrideExpiry(toDateTimeLocalValue(tooFar), now)).toMatch(/at most 365 days/);
  });

  it('refuses an end in the past or right now', () => {
    expect(validateOverrideExpiry('2026-03-10T12:29', now)).toMatch(/future/);
    expect(validateOverrideExpiry('2026-03-10T12:30', now)).toMatch(/future/);
  });

  it('refuses an empty value and a date the calendar does not have', () => {
    expect(validateOverrideExpiry('', now)).toMatch(/Choose/);
    expect(validateOverrideExpiry('2026-02-31T10:00', now)).toMatch(/Choose/);
    expect(validateOverrideExpiry('next week', now)).toMatch(/Choose/);
  });
});

describe('expiry presets', () => {
  it('caps a preset longer than a year at the latest end allowed', () => {
    expect(expiryAfterDays(now, 400)).toEqual(latestOverrideExpiry(now));
    expect(validateOverrideExpiry(toDateTimeLocalValue(expiryAfterDays(now, 365)), now)).toBeNull();
  });

  it('keeps a shorter preset as asked, to the minute', () => {
    expect(expiryAfterDays(now, 7)).toEqual(new Date(2026, 2, 17, 12, 30, 0));
  });

  it('offers the next whole minute as the earliest end', () => {
    expect(earliestOverrideExpiry(now)).toEqual(new Date(2026, 2, 10, 12, 31, 0));
    expect(validateOverrideExpiry(toDateTimeLocalValue(earliestOverrideExpiry(now)), now)).toBeNull();
  });
});

describe('datetime-local values', () => {
  it('round-trips a local date through the field format', () => {
    const date = new Date(2026, 11, 31, 23, 59);
    expect(parseDateTimeLocalValue(toDateTimeLocalValue(date))).toEqual(date);
  });
});
