import { deadlineHoursError, maxDeadlineHours } from './response-deadline';

describe('deadlineHoursError', () => {
  it('accepts whole hours from 1 to 336 (14 days)', () => {
    expect(maxDeadlineHours).toBe(336);
    for (const hours of [1, 24, 48, 336]) expect(deadlineHoursError(hours)).toBeNull();
  });

  it('refuses 0, more than 336, fractions and an empty field, saying the allowed range', () => {
    for (const value of [0, -1, 337, 1.5, '']) {
      expect(deadlineHoursError(value)).toBe('A whole number from 1 to 336 hours (14 days)');
    }
  });
});
