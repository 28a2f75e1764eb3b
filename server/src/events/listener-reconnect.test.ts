import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import {
  rawId,
  signUp,
  startTestApp,
  startTestAppOnDatabase,
  subscribe,
  type TestApp,
} from '../../test/harness';
import { withTransaction } from '../db/transaction';
import { fromGlobalId } from '../graphql/relay';
import { listenerApplicationName } from './pubsub';

/**
 * The listener's connection is killed, again and again, while transactions keep publishing: every
 * subscriber (in-process on two instances, and a graphql-ws client) must receive every committed
 * event exactly once, in commit order per topic, and none of those that rolled back.
 */

const burstTopic = 'BURST_TEST';
const viewerTopic = 'VIEWER_EVENTS';
const endTag = 'end';
const workers = 6;
const kills = 3;

/**
 * Commit order, observed independently of the events table: each transaction's last statement
 * increments this row, whose lock it then holds until it commits, so the values committed
 * transactions read are in their commit order. Publishing comes first, outside that order.
 */
const commitOrderTable = 'burst_commit_order';

interface Published {
  tag: string;
  topics: string[];
  /** Position in commit order; only for transactions that committed. */
  committedAs?: number;
}

describe('PostgresPubSub while its LISTEN connection is killed during a burst', () => {
  let instanceA: TestApp;
  let instanceB: TestApp;
  let observer: pg.Client;

  beforeAll(async () => {
    instanceA = await startTestApp();
    instanceB = await startTestAppOnDatabase(instanceA.config.database.url!);
    observer = new pg.Client({ connectionString: instanceA.config.database.url! });
    await observer.connect();
    await observer.query(`create table ${commitOrderTable} (id int primary key, position int not null)`);
    await observer.query(`insert into ${commitOrderTable} values (1, 0)`);
  });
  afterAll(async () => {
    await observer.end();
    await instanceB.close();
    await instanceA.close();
  });

  /** The backends of both instances' LISTEN connections. */
  async function listenerPids(): Promise<number[]> {
    const { rows } = await observer.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and application_name = $1`,
      [listenerApplicationName],
    );
    return rows.map((row) => row.pid);
  }

  /** Commits so far, and those that committed while the listeners were reconnecting (not a vacuous test). */
  let commits = 0;
  let commitsWhileDisconnected = 0;

  async function killListeners(): Promise<void> {
    const before = await listenerPids();
    expect(before).toHaveLength(2);
    const { rows } = await observer.query(
      `select pg_terminate_backend(pid, 10000) as terminated from pg_stat_activity
       where datname = current_database() and application_name = $1`,
      [listenerApplicationName],
    );
    expect(rows).toEqual([{ terminated: true }, { terminated: true }]);
    const commitsBefore = commits;
    // Both instances reconnect on their own; wait (bounded) for two new listener connections.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const now = await listenerPids();
      if (now.length === 2 && now.every((pid) => !before.includes(pid))) {
        // Between the old connection's end and this point, the first ones at least had no listener.
        commitsWhileDisconnected += commits - commitsBefore;
        return;
      }
      if (Date.now() > deadline) throw new Error('the listeners did not reconnect within 15 s');
    }
  }

  it('delivers every committed event once, in commit order per topic, and none that rolled back', async () => {
    // given a user watching their viewerEvents over graphql-ws, and in-process subscribers on both instances
    const user = await signUp(instanceA.baseUrl);
    const userRawId = rawId(user.userId);
    const websocket = user.client.websocket();
    const viewerEvents = await subscribe(websocket, 'subscription { viewerEvents { subjectId } }');
    const tagOfSubject = new Map<string, string>();
    const subjectOf = (tag: string) => {
      const subject = crypto.randomUUID();
      tagOfSubject.set(subject, tag);
      return subject;
    };
    const inProcess = [instanceA, instanceA, instanceB].flatMap((instance) => [
      { name: 'burst', received: collect(instance.services.pubsub.subscribe(burstTopic), burstTag) },
      {
        name: 'viewer',
        received: collect(instance.services.pubsub.subscribe(viewerTopic, userRawId), (payload) =>
          tagOfSubject.get((payload as { subjectId: string }).subjectId),
        ),
      },
    ]);

    // when six workers publish in a loop (each transaction on one or both topics; one in five rolls
    // back), while both instances' listener connections are killed three times
    const published: Published[] = [];
    let stopping = false;
    const publishOne = async (tag: string, topics: string[], rollBack: boolean) => {
      const record: Published = { tag, topics };
      published.push(record);
      try {
        record.committedAs = await withTransaction(instanceA.services.database, async (tx) => {
          for (const topic of topics) {
            if (topic === burstTopic) await instanceA.services.pubsub.publish(tx, burstTopic, { tag });
            else
              await instanceA.services.pubsub.publish(
                tx,
                viewerTopic,
                { kind: 'API_KEY_CREATED', subjectId: subjectOf(tag) },
                userRawId,
              );
          }
          const result = await tx.execute<{ position: number }>(
            sql.raw(`update ${commitOrderTable} set position = position + 1 where id = 1 returning position`),
          );
          if (rollBack) throw new RolledBack();
          return result.rows[0]!.position;
        });
        commits++;
      } catch (error) {
        if (!(error instanceof RolledBack)) throw error;
      }
    };
    const burst = Array.from({ length: workers }, async (_, worker) => {
      for (let index = 0; !stopping; index++) {
        const topics =
          index % 2 === 0 ? [burstTopic, viewerTopic] : [[burstTopic], [viewerTopic]][worker % 2]!;
        await publishOne(`${worker}-${index}`, topics, (worker + index) % 5 === 0);
      }
    });
    for (let kill = 0; kill < kills; kill++) await killListeners();
    stopping = true;
    await Promise.all(burst);

    // and an end marker commits after the burst (again, until every subscriber has it)
    const websocketReceived = untilEnd(viewerEvents, tagOfSubject);
    const allEnded = Promise.all([...inProcess.map((subscriber) => subscriber.received), websocketReceived]);
    for (let attempt = 0; attempt < 20; attempt++) {
      await publishOne(endTag, [burstTopic, viewerTopic], false);
      const ended = await Promise.race([allEnded.then(() => true), delay(500).then(() => false)]);
      if (ended) break;
    }
    await allEnded;

    // then each subscriber received exactly the committed events of its topic, in commit order
    const committed = published
      .filter((record) => record.committedAs !== undefined && record.tag !== endTag)
      .sort((a, b) => a.committedAs! - b.committedAs!);
    const expected = (topic: string) =>
      committed.filter((record) => record.topics.includes(topic)).map((record) => record.tag);
    expect(commitsWhileDisconnected).toBeGreaterThan(0);
    expect(published.some((record) => record.committedAs === undefined)).toBe(true);
    for (const subscriber of inProcess) {
      expect({ subscriber: subscriber.name, received: await subscriber.received }).toEqual({
        subscriber: subscriber.name,
        received: expected(subscriber.name === 'burst' ? burstTopic : viewerTopic),
      });
    }
    expect(await websocketReceived).toEqual(expected(viewerTopic));

    viewerEvents.unsubscribe();
    await websocket.dispose();
  });
});

class RolledBack extends Error {}

function burstTag(payload: unknown): string {
  return (payload as { tag: string }).tag;
}

/** The tags an in-process subscriber receives, up to the end marker. */
async function collect(events: AsyncIterable<unknown>, tagOf: (payload: unknown) => string | undefined) {
  const received: (string | undefined)[] = [];
  for await (const payload of events) {
    const tag = tagOf(payload);
    if (tag === endTag) break;
    received.push(tag);
  }
  return received;
}

/** The tags the graphql-ws subscriber receives, up to the end marker. */
async function untilEnd(
  subscription: Awaited<ReturnType<typeof subscribe>>,
  tagOfSubject: Map<string, string>,
): Promise<(string | undefined)[]> {
  const received: (string | undefined)[] = [];
  for (;;) {
    const result = await subscription.next();
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    const subjectId = fromGlobalId(result.data!['viewerEvents'].subjectId, 'ApiKey')!;
    const tag = tagOfSubject.get(subjectId);
    if (tag === endTag) return received;
    received.push(tag);
  }
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds).unref());
}
