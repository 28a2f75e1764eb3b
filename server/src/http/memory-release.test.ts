import { MemoryRelease } from './memory-release';

/** When the memory of closed sockets is given back: after a burst of closes, once socket churn is quiet. */
describe('MemoryRelease', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function release(
    options: Partial<{ minClosedSockets: number; quietMs: number; minIntervalMs: number }> = {},
  ) {
    const collections: number[] = [];
    const released: number[] = [];
    const memoryRelease = new MemoryRelease({
      minClosedSockets: 3,
      quietMs: 1_000,
      minIntervalMs: 10_000,
      ...options,
      collect: () => collections.push(Date.now()),
      onReleased: ({ closedSockets }) => released.push(closedSockets),
    });
    return { memoryRelease, collections, released };
  }

  it('collects once, a quiet period after the open sockets dropped enough, and never for less', () => {
    // given a release that waits for the open sockets to drop by three, and four sockets open
    const { memoryRelease, collections, released } = release();
    for (let index = 0; index < 4; index++) memoryRelease.socketOpened();

    // when two close and time passes, nothing is collected
    memoryRelease.socketClosed();
    memoryRelease.socketClosed();
    jest.advanceTimersByTime(5_000);
    expect(collections).toHaveLength(0);

    // when a third closes, then sockets keep opening and closing for a while
    memoryRelease.socketClosed();
    jest.advanceTimersByTime(900);
    memoryRelease.socketOpened();
    jest.advanceTimersByTime(900);
    memoryRelease.socketClosed();
    jest.advanceTimersByTime(999);
    // then nothing is collected while the churn goes on
    expect(collections).toHaveLength(0);

    // and once it has been quiet for the quiet period, one collection, for the drop from four open to one
    jest.advanceTimersByTime(1);
    expect(released).toEqual([3]);
    jest.advanceTimersByTime(60_000);
    expect(collections).toHaveLength(1);
  });

  it('never collects for steady churn, however many sockets close in total', () => {
    // given a release that waits for a drop of three, and two sockets open
    const { memoryRelease, collections } = release();
    memoryRelease.socketOpened();
    memoryRelease.socketOpened();

    // when sockets keep closing and opening, a hundred of each, with quiet periods between
    for (let index = 0; index < 100; index++) {
      memoryRelease.socketClosed();
      memoryRelease.socketOpened();
      jest.advanceTimersByTime(5_000);
    }

    // then nothing is collected: the open sockets never dropped by three
    expect(collections).toHaveLength(0);
  });

  it('waits for the minimum interval between two collections', () => {
    // given a release that collected after a first burst of closes
    const { memoryRelease, collections } = release();
    for (let index = 0; index < 6; index++) memoryRelease.socketOpened();
    for (let index = 0; index < 3; index++) memoryRelease.socketClosed();
    jest.advanceTimersByTime(1_000);
    expect(collections).toHaveLength(1);

    // when a second burst closes right after
    for (let index = 0; index < 3; index++) memoryRelease.socketClosed();

    // then the second collection comes no sooner than the interval after the first
    jest.advanceTimersByTime(9_999);
    expect(collections).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(collections).toHaveLength(2);
    expect(collections[1]! - collections[0]!).toBe(10_000);
  });

  it('collects nothing once stopped', () => {
    const { memoryRelease, collections } = release();
    for (let index = 0; index < 4; index++) memoryRelease.socketOpened();
    for (let index = 0; index < 3; index++) memoryRelease.socketClosed();
    memoryRelease.stop();
    memoryRelease.socketClosed();
    jest.advanceTimersByTime(60_000);
    expect(collections).toHaveLength(0);
  });
});
