/**
 * Online booking's slot list (issue 17: "the widget's slot list p95 under 100 ms at the cloud with 10,000
 * future bookings") on a throwaway PostgreSQL 15 cluster: a clinic of 20 professionals, each having
 * granted the cloud its next 60 days (ingested as the appliance uploads them), 10,000 future online
 * bookings with their keys written by bare SQL, then `GET /v1/turnos/public/:store/slots` for
 * "cualquiera" over a week, over real HTTP, one request after another. Same-run baseline: a bare SELECT
 * of that week's bookings of the store. `tsx scripts/bench/turnos-online-bench.ts` runs it alone.
 */
import { fileURLToPath } from "node:url";
import pg from "pg";
import { toRanges, UNIT_MS } from "@mostrador/contracts/turnos/availability";
import { dayKeyIn, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { systemClock } from "@mostrador/cloud/core/clock";
import { migrate } from "@mostrador/cloud/db/migrate";
import { openPgSql } from "@mostrador/cloud/db/pg";
import { cloudMigrations } from "@mostrador/cloud/modules";
import { buildCloudServer } from "@mostrador/cloud/server";
import { startPostgresCluster } from "@mostrador/cloud/test-support/postgres-cluster";
import { enrolledAppliance, ingest, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { v7 as uuidv7 } from "uuid";
import { summarize, type LatencySummary } from "./stats.js";

export interface TurnosOnlineResults {
  professionals: number;
  bookings: number;
  slotsPerAnswer: number;
  slots: LatencySummary;
  bareRead: LatencySummary;
}

const TZ = "America/Argentina/Buenos_Aires";
const HOURS = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
  { weekday, kind: "work" as const, startMinute: 540, endMinute: 1080 },
]);

async function timed(n: number, op: () => Promise<unknown>): Promise<LatencySummary> {
  const samples: bigint[] = [];
  const wall = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await op();
    samples.push(process.hrtime.bigint() - t0);
  }
  return summarize(samples, process.hrtime.bigint() - wall);
}

export async function benchTurnosOnline(
  professionals: number,
  bookings: number,
  iterations: number,
): Promise<TurnosOnlineResults> {
  const cluster = await startPostgresCluster();
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_turnos");
  await admin.end();
  const owner = openPgSql({ connectionString: `${base}/bench_turnos`, role: null, max: 2 });
  await migrate(owner, cloudMigrations());
  const sql = openPgSql({
    connectionString: `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/bench_turnos`,
  });
  const app = await buildCloudServer(sql, { clock: systemClock });
  try {
    const url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    const cloud = { app, clock: systemClock, close: () => app.close() };
    const shop = await ownerWithStore(sql, cloud as never, "bench");
    const till = await enrolledAppliance(cloud as never, shop.token, shop.storeId);
    const at = new Date().toISOString();
    let seq = 0;
    const op = (entity: string, entityId: string, name: string, payload: unknown) => ({
      id: uuidv7(),
      seq: ++seq,
      entity,
      entityId,
      op: name,
      payload,
      createdAt: at,
    });
    const serviceId = uuidv7();
    const proIds = Array.from({ length: professionals }, () => uuidv7());
    const tomorrow = nextDayKey(dayKeyIn(new Date(), TZ));
    const from = wallTimeMs(tomorrow, 0, TZ);
    const grantUnits: number[] = [];
    for (let u = from / UNIT_MS; u < (from + 60 * 86_400_000) / UNIT_MS; u++) grantUnits.push(u);
    const rules = {
      slotMinutes: 15,
      minNoticeMinutes: 60,
      horizonDays: 90,
      holdMinutes: 5,
      timeZone: TZ,
      updatedAt: at,
    };
    const setup = [
      op("turno_service", serviceId, "created", {
        id: serviceId,
        name: "Consulta",
        durationMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        price: 2_000_000,
        deposit: 0,
        active: true,
        updatedAt: at,
      }),
      ...proIds.map((id, i) =>
        op("turno_professional", id, "created", {
          id,
          name: `Profesional ${i}`,
          active: true,
          serviceIds: [serviceId],
          hours: HOURS,
          updatedAt: at,
        }),
      ),
      ...proIds.map((professionalId) => {
        const id = uuidv7();
        return op("turno_allotment", id, "granted", {
          id,
          professionalId,
          start: new Date(from).toISOString(),
          end: new Date(from + 60 * 86_400_000).toISOString(),
          ranges: toRanges(grantUnits),
          rules,
          updatedAt: at,
        });
      }),
    ];
    const res = await ingest(cloud as never, till.token, setup);
    if (res.statusCode !== 200) throw new Error(`ingest: ${res.statusCode} ${res.body}`);

    // 10,000 future online bookings (bare SQL, the columns online.ts fills): each professional's 30-minute
    // consultas at 9:00, 10:00, … 17:00 of successive days, with their 6 keys (the half hours stay free).
    await owner.exec("BEGIN");
    for (let k = 0; k < bookings; k += 500) {
      const rows: unknown[] = [];
      const keys: unknown[] = [];
      for (let i = k; i < Math.min(bookings, k + 500); i++) {
        const pro = proIds[i % professionals] as string;
        const j = Math.floor(i / professionals);
        let day = tomorrow;
        for (let d = 0; d < Math.floor(j / 9); d++) day = nextDayKey(day);
        const start = wallTimeMs(day, 540 + (j % 9) * 60, TZ);
        const id = uuidv7();
        rows.push([
          id,
          pro,
          new Date(start).toISOString(),
          new Date(start + 1_800_000).toISOString(),
          start / UNIT_MS,
        ]);
        for (let u = start / UNIT_MS; u < start / UNIT_MS + 6; u++) keys.push([pro, u, id]);
      }
      await owner.query(
        `INSERT INTO turno_bookings (tenant_id, id, store_id, professional_id, service_id, start_at, end_at, state,
           origin, unit_from, unit_to, patient_name, patient_phone, price, created_at, updated_at)
         SELECT $1, r->>0, $2, r->>1, $3, (r->>2)::timestamptz, (r->>3)::timestamptz, 'booked', 'online',
           (r->>4)::int, (r->>4)::int + 6, 'Paciente', '+54 11 4444-0000', 2000000, now(), now()
         FROM jsonb_array_elements($4::jsonb) r`,
        [shop.tenantId, shop.storeId, serviceId, JSON.stringify(rows)],
      );
      await owner.query(
        `INSERT INTO turno_online_keys (tenant_id, owner_id, unit, booking_id)
         SELECT $1, r->>0, (r->>1)::int, r->>2 FROM jsonb_array_elements($2::jsonb) r
         ON CONFLICT DO NOTHING`,
        [shop.tenantId, JSON.stringify(keys)],
      );
    }
    await owner.exec("COMMIT");
    await owner.exec("ANALYZE");

    let weekEnd = tomorrow;
    for (let d = 0; d < 6; d++) weekEnd = nextDayKey(weekEnd);
    const slotsUrl = `${url}/v1/turnos/public/${shop.storeId}/slots?serviceId=${serviceId}&from=${tomorrow}&to=${weekEnd}`;
    let slotsPerAnswer = 0;
    const ask = async () => {
      const r = await fetch(slotsUrl);
      const body = (await r.json()) as { slots: unknown[] };
      slotsPerAnswer = body.slots.length;
    };
    for (let i = 0; i < 10; i++) await ask(); // warm-up
    const weekFrom = new Date(wallTimeMs(tomorrow, 0, TZ)).toISOString();
    const weekTo = new Date(wallTimeMs(nextDayKey(weekEnd), 0, TZ)).toISOString();
    const bare = () =>
      sql.withTenant(shop.tenantId, (q) =>
        q.query("SELECT * FROM turno_bookings WHERE store_id = $1 AND start_at >= $2 AND start_at < $3", [
          shop.storeId,
          weekFrom,
          weekTo,
        ]),
      );
    const slots = await timed(iterations, ask);
    const bareRead = await timed(iterations, bare);
    return { professionals, bookings, slotsPerAnswer, slots, bareRead };
  } finally {
    await app.close();
    await sql.close();
    await owner.close();
    cluster.stop();
  }
}

export function renderTurnosOnlineReport(r: TurnosOnlineResults): string {
  const ms = (x: number) => x.toFixed(1);
  return `## Turnos online: the widget's slot list at the cloud

${r.professionals} professionals, each with its next 60 days granted to the cloud, and ${r.bookings.toLocaleString("en-US")} future
online bookings (with their keys) on a throwaway PostgreSQL 15 cluster. Measured over real HTTP, one request after
another: \`GET /v1/turnos/public/:store/slots\` for "cualquiera" over a week (${r.slotsPerAnswer} free slots per answer),
against the same-run bare SELECT of that week's bookings.

| | Runs | p50 ms | p95 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: |
| Slot list (HTTP: the shared availability over the held runs minus online bookings) | ${r.slots.iterations} | ${ms(r.slots.p50)} | ${ms(r.slots.p95)} | ${ms(r.slots.p99)} |
| Baseline: bare SELECT of the week's bookings | ${r.bareRead.iterations} | ${ms(r.bareRead.p50)} | ${ms(r.bareRead.p95)} | ${ms(r.bareRead.p99)} |

Target: slot list p95 under 100 ms — ${r.slots.p95 < 100 ? "met" : "**missed**"}.
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(renderTurnosOnlineReport(await benchTurnosOnline(20, 10_000, 200)));
}
