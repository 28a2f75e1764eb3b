import fs from 'node:fs';
import net from 'node:net';

/**
 * The ports the kernel hands out for outgoing connections (and for `listen(0)`): a port picked
 * there and listened on seconds later may meanwhile be the local end of a connection (the test's
 * own database pool, a browser's), which made a stack's `listen` fail with EADDRINUSE. Ports are
 * picked below this range instead, where only another explicit listener can take them.
 */
function ephemeralRangeStart(): number {
  try {
    const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const start = Number(low);
    return Number.isInteger(start) && start > 12_000 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

const rangeStart = ephemeralRangeStart();
/** 10,000 ports under the ephemeral range (20000-29999 with Linux's default 32768). */
const pickFrom = Math.max(1_024, rangeStart - 12_768);
const pickCount = Math.min(10_000, rangeStart - pickFrom);

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A loopback port nothing listens on once the probe closes, outside the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = pickFrom + Math.floor(Math.random() * pickCount);
    if (await tryListen(port)) return port;
  }
  throw new Error(`no free loopback port in ${pickFrom}-${pickFrom + pickCount - 1} after 100 tries`);
}
