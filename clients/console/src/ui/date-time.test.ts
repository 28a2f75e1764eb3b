import { formatDateTime } from './date-time';

describe('formatDateTime', () => {
  it('writes a timestamp as day, month, year and minutes', () => {
    expect(formatDateTime('2026-03-01T10:00:02.000Z')).toMatch(/^\d{1,2} Mar 2026, \d{2}:\d{2}$/);
  });

  it('writes a dash for no timestamp or an unreadable one', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
});
