import { formatAnswerTimeLeft, formatTimeLeft } from './time-left';

describe('formatTimeLeft', () => {
  const seconds = 1000;
  const hours = 3600 * seconds;

  it('counts down days, hours, minutes and seconds', () => {
    expect(formatTimeLeft(2 * 24 * hours + 3 * hours + 4 * 60 * seconds + 5 * seconds)).toBe(
      '2 d 3 h 4 min 5 s left',
    );
    expect(formatTimeLeft(59 * seconds)).toBe('0 min 59 s left');
  });

  it('rounds lists to the minute, never showing 0 for a window still open', () => {
    expect(formatTimeLeft(3 * hours + 30 * 60 * seconds, 'minutes')).toBe('3 h 30 min left');
    expect(formatTimeLeft(20 * seconds, 'minutes')).toBe('1 min left');
  });

  it('says ended once the time is up', () => {
    expect(formatTimeLeft(0)).toBe('ended');
    expect(formatTimeLeft(-5)).toBe('ended');
  });
});

describe('formatAnswerTimeLeft', () => {
  const seconds = 1000;
  const hours = 3600 * seconds;

  it('says how long the buyer has to answer, to the minute', () => {
    expect(formatAnswerTimeLeft(24 * hours - 30 * seconds)).toBe('Answer within 23 h 59 min');
    expect(formatAnswerTimeLeft(48 * hours - 30 * seconds)).toBe('Answer within 1 d 23 h 59 min');
    expect(formatAnswerTimeLeft(20 * seconds)).toBe('Answer within 1 min');
  });

  it('says the deadline passed once it has', () => {
    expect(formatAnswerTimeLeft(0)).toBe('Answer deadline passed');
  });
});
