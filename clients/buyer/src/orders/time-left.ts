'use client';

import { useEffect, useState } from 'react';

/**
 * Time left in an order's protection window (or a dispute's response deadline), as text. Precise
 * to the second on a detail page, to the minute in lists.
 */
export function formatTimeLeft(milliseconds: number, precision: 'seconds' | 'minutes' = 'seconds'): string {
  if (milliseconds <= 0) return 'ended';
  return `${formatDuration(milliseconds, precision)} left`;
}

/**
 * Time left to answer support's request in a dispute, as the orders list shows it instead of the
 * protection window: "Answer within 23 h 59 min".
 */
export function formatAnswerTimeLeft(
  milliseconds: number,
  precision: 'seconds' | 'minutes' = 'minutes',
): string {
  if (milliseconds <= 0) return 'Answer deadline passed';
  return `Answer within ${formatDuration(milliseconds, precision)}`;
}

/** A positive duration: "2 d 3 h 4 min 5 s", or "2 d 3 h 4 min" to the minute (a last minute is "1 min", never "0 min"). */
export function formatDuration(milliseconds: number, precision: 'seconds' | 'minutes' = 'seconds'): string {
  const totalSeconds = Math.floor(milliseconds / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} d`);
  if (days > 0 || hours > 0) parts.push(`${hours} h`);
  if (precision === 'minutes') {
    parts.push(`${Math.max(minutes, days === 0 && hours === 0 ? 1 : 0)} min`);
    return parts.join(' ');
  }
  parts.push(`${minutes} min`, `${seconds} s`);
  return parts.join(' ');
}

/** The current time, ticking every `intervalMs`: only the component that uses it re-renders. */
export function useNow(intervalMs: number): number | null {
  // Null until mounted: the server's render and the first browser render must agree.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
