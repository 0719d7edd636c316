import { openBenchGateway, openRawBroker } from "./gateway-fixture.js";
import { PublisherPool } from "./gateway-publisher-pool.js";

export interface IngestRun {
  /** Readings that arrived (raw: delivered in process; gateway: accepted and handed to telemetry). */
  arrived: number;
  /** Gateway only: rows in the readings table once the telemetry buffer flushed. */
  persisted: number | null;
  perSecond: number;
}

export interface IngestResults {
  publishers: number;
  perPublisher: number;
  rounds: number;
  /** Best round of each (least disturbed by the machine's other work), per QoS. */
  raw: Record<"0" | "1", IngestRun>;
  gateway: Record<"0" | "1", IngestRun>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Times one burst from the first to the last reading that arrives, so the child's start-up and IPC are
 * not counted. Gives up when nothing arrives for 3 s (a broker that dropped messages shows as a shortfall).
 */
async function timeBurst(
  pool: PublisherPool,
  expected: number,
  perPublisher: number,
  qos: 0 | 1,
  arrivals: { count: number; first: bigint; last: bigint },
): Promise<{ arrived: number; seconds: number }> {
  arrivals.count = 0;
  const sent = pool.burst(perPublisher, qos);
  let seen = -1;
  let idleSince = Date.now();
  while (arrivals.count < expected) {
    await sleep(20);
    if (arrivals.count !== seen) {
      seen = arrivals.count;
      idleSince = Date.now();
    } else if (Date.now() - idleSince > 3_000) break;
  }
  await sent;
  const seconds = Number(arrivals.last - arrivals.first) / 1e9;
  return { arrived: arrivals.count, seconds };
}

const best = (runs: IngestRun[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

/**
 * Ingest throughput of the gateway (authentication, topic policy, validation, rules, batched telemetry
 * writes) against raw Aedes, with the same publishers in a child process, alternating raw/gateway rounds.
 */
export async function benchIngest(
  publishers: number,
  perPublisher: number,
  rounds: number,
): Promise<IngestResults> {
  const expected = publishers * perPublisher;
  const pool = new PublisherPool();
  const raw = await openRawBroker();
  const gw = await openBenchGateway(publishers);
  const arrivals = { count: 0, first: 0n, last: 0n };
  const arrive = () => {
    const now = process.hrtime.bigint();
    if (arrivals.count === 0) arrivals.first = now;
    arrivals.last = now;
    arrivals.count++;
  };
  const stopRaw = await raw.onDeliver("mostrador/#", arrive);
  const stopGw = gw.gateway.bus.on("reading", arrive);
  const countRows = gw.ctx.db.prepare("SELECT count(*) AS n FROM readings");
  const rows = () => (countRows.get() as { n: number }).n;

  const runs = {
    raw: { "0": [] as IngestRun[], "1": [] as IngestRun[] },
    gateway: { "0": [] as IngestRun[], "1": [] as IngestRun[] },
  };
  try {
    for (const qos of [0, 1] as const) {
      for (let round = 0; round < rounds; round++) {
        // Raw Aedes accepts anyone: the same client ids, no passwords.
        await pool.connect(
          raw.url,
          gw.publishers.map((p) => ({ clientId: p.clientId, topic: p.topic })),
        );
        const r = await timeBurst(pool, expected, perPublisher, qos, arrivals);
        await pool.disconnect();
        runs.raw[qos].push({ arrived: r.arrived, persisted: null, perSecond: r.arrived / r.seconds });

        await pool.connect(gw.url, gw.publishers);
        const before = rows();
        const g = await timeBurst(pool, expected, perPublisher, qos, arrivals);
        await pool.disconnect();
        await sleep(400); // the telemetry buffer flushes every 250 ms
        const persisted = rows() - before;
        // Throughput counts only what reached SQLite: a reading accepted but never stored is not ingested.
        runs.gateway[qos].push({
          arrived: g.arrived,
          persisted,
          perSecond: Math.min(g.arrived, persisted) / g.seconds,
        });
      }
    }
  } finally {
    stopRaw();
    stopGw();
    pool.close();
    await raw.close();
    await gw.close();
  }
  return {
    publishers,
    perPublisher,
    rounds,
    raw: { "0": best(runs.raw["0"]), "1": best(runs.raw["1"]) },
    gateway: { "0": best(runs.gateway["0"]), "1": best(runs.gateway["1"]) },
  };
}
