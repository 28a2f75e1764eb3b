import crypto from 'node:crypto';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import { hitRateLimit, pruneRateLimitWindows, rateLimitHits } from './rate-limit';

/**
 * The rate limits' counters: a sliding window over two fixed ones, so that the limit holds across
 * a window's edge, and old counters pruned.
 */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp.close();
});

const day = 86_400;
const newBucket = () => `test:${crypto.randomUUID()}`;

/** Sets `bucket`'s counter of the day window `offset` days from today's. */
async function setDay(bucket: string, offset: number, hits: number): Promise<void> {
  await queryDatabase(
    testApp,
    `insert into rate_limit_windows (bucket, window_start, hits)
     values ($1, to_timestamp(floor(extract(epoch from now()) / 86400) * 86400) + $2 * interval '1 day', $3)`,
    [bucket, offset, hits],
  );
}

it('counts the previous window for the part the sliding window still covers: a full one refuses at once after the edge', async () => {
  // given a bucket that used far more than its limit yesterday (weighted by the part of yesterday
  // the last 24 hours still cover, it is over the limit at any moment of today but its last millisecond)
  const bucket = newBucket();
  await setDay(bucket, -1, 2_000_000_000);
  expect(await rateLimitHits(testApp.database, bucket, day)).toBeGreaterThan(10);

  // when it is hit today, under a limit of 10
  const hit = await hitRateLimit(testApp.database, bucket, 10, day);

  // then it is refused, until yesterday has slid out far enough (within today)
  expect(hit.allowed).toBe(false);
  expect(hit.retryAfterSeconds).toBeGreaterThan(0);
  expect(hit.retryAfterSeconds).toBeLessThanOrEqual(day);
});

it('forgets a window two windows back, and refuses past the limit in the current one until it slid out', async () => {
  const bucket = newBucket();
  await setDay(bucket, -2, 2_000_000_000);
  expect(await rateLimitHits(testApp.database, bucket, day)).toBe(0);
  for (let hit = 1; hit <= 3; hit++) {
    expect((await hitRateLimit(testApp.database, bucket, 3, day)).allowed).toBe(true);
  }
  const over = await hitRateLimit(testApp.database, bucket, 3, day);
  expect(over.allowed).toBe(false);
  // the rest of today, then a quarter of tomorrow (4 hits must weigh at most 3)
  const [{ rest }] = (await queryDatabase(
    testApp,
    `select 86400 - extract(epoch from now() - to_timestamp(floor(extract(epoch from now()) / 86400) * 86400))::float8 as rest`,
  )) as [{ rest: number }];
  expect(Math.abs(over.retryAfterSeconds - (rest + day / 4))).toBeLessThan(5);
});

it('prunes counters of windows that started more than two days ago, and keeps the others', async () => {
  const bucket = newBucket();
  await setDay(bucket, -3, 1);
  await setDay(bucket, -1, 1);
  await setDay(bucket, 0, 1);
  expect(await pruneRateLimitWindows(testApp.database)).toBeGreaterThanOrEqual(1);
  const left = await queryDatabase(
    testApp,
    'select count(*)::int as count from rate_limit_windows where bucket = $1',
    [bucket],
  );
  expect(left).toEqual([{ count: 2 }]);
});
