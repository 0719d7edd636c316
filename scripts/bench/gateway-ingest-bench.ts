import { openBenchGateway, openRawBroker } from "./gateway-fixture.js";
import { PublisherPool } from "./gateway-publisher-pool.js";

export interface IngestRun {
  /** Readings that arrived (raw: delivered in process; gateway: accepted and handed to telemetry). */
  arrived: number;
  /** Gateway only: rows in the readings table once the telemetry buffer flushed. */
  persisted: number | null;
  perSecond: number;
}

/** One round: a raw run and a gateway run back to back (alternating which goes first), and their ratio. */
export interface IngestRound {
  raw: IngestRun;
  gateway: IngestRun;
  /** gateway / raw readings per second. */
  ratio: number;
}

export interface IngestResults {
  publishers: number;
  perPublisher: number;
  rounds: number;
  byQos: Record<"0" | "1", IngestRound[]>;
}

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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

/**
 * Ingest throughput of the gateway (authentication, topic policy, validation, rules, batched telemetry
 * writes) against raw Aedes, with the same publishers in a child process. Measured in pairs: a raw run and a
 * gateway run back to back, the order alternating from one round to the next, so a slow or fast spell of this
 * shared machine (other tenants' load moves raw Aedes by ±15 % between runs) lands on both sides of a ratio.
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

  const runRaw = async (qos: 0 | 1): Promise<IngestRun> => {
    // Raw Aedes accepts anyone: the same client ids, no passwords.
    await pool.connect(
      raw.url,
      gw.publishers.map((p) => ({ clientId: p.clientId, topic: p.topic })),
    );
    const r = await timeBurst(pool, expected, perPublisher, qos, arrivals);
    await pool.disconnect();
    return { arrived: r.arrived, persisted: null, perSecond: r.arrived / r.seconds };
  };
  const runGateway = async (qos: 0 | 1): Promise<IngestRun> => {
    await pool.connect(gw.url, gw.publishers);
    const before = rows();
    const g = await timeBurst(pool, expected, perPublisher, qos, arrivals);
    await pool.disconnect();
    await sleep(400); // the telemetry buffer flushes every 250 ms
    const persisted = rows() - before;
    // Throughput counts only what reached SQLite: a reading accepted but never stored is not ingested.
    return { arrived: g.arrived, persisted, perSecond: Math.min(g.arrived, persisted) / g.seconds };
  };

  const byQos: IngestResults["byQos"] = { "0": [], "1": [] };
  try {
    for (const qos of [0, 1] as const) {
      for (let round = 0; round < rounds; round++) {
        let rawRun: IngestRun;
        let gatewayRun: IngestRun;
        if (round % 2 === 0) {
          rawRun = await runRaw(qos);
          gatewayRun = await runGateway(qos);
        } else {
          gatewayRun = await runGateway(qos);
          rawRun = await runRaw(qos);
        }
        byQos[qos].push({ raw: rawRun, gateway: gatewayRun, ratio: gatewayRun.perSecond / rawRun.perSecond });
      }
    }
  } finally {
    stopRaw();
    stopGw();
    pool.close();
    await raw.close();
    await gw.close();
  }
  return { publishers, perPublisher, rounds, byQos };
}
