/**
 * The Análisis' cards and turnos figures (cloud/src/analytics/card-figures.ts, turno-figures.ts) at a
 * realistic size, on a throwaway PostgreSQL 15 cluster: a busy bar's year of prepaid-card ledger (about
 * 500 entries a night) and a medical centre's year of turnos (about 60 a day, 5 professionals). Those
 * figures are read straight from the raw, indexed rows; this bench checks that choice against the
 * same-run baseline: a bare aggregate over the same rows (one SUM/count by day, nothing else). Each
 * question runs the module's own function under the tenant, one after another.
 * `tsx scripts/bench/analytics-modules-bench.ts [--quick]` runs it alone (under a minute).
 */
import { fileURLToPath } from "node:url";
import pg from "pg";
import { analyticsPeriod } from "@mostrador/cloud/analytics/period";
import { cardFigures } from "@mostrador/cloud/analytics/card-figures";
import { turnoFigures } from "@mostrador/cloud/analytics/turno-figures";
import { systemClock } from "@mostrador/cloud/core/clock";
import { migrate } from "@mostrador/cloud/db/migrate";
import { openPgSql } from "@mostrador/cloud/db/pg";
import type { Queryable } from "@mostrador/cloud/db/sql";
import { cloudMigrations } from "@mostrador/cloud/modules";
import { buildCloudServer } from "@mostrador/cloud/server";
import { startPostgresCluster } from "@mostrador/cloud/test-support/postgres-cluster";
import { bearer, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { ratio, summarize, type LatencySummary } from "./stats.js";

const CARD_ENTRIES_PER_NIGHT = 500;
const CARDS = 3_000;
const TURNOS_PER_DAY = 60;
const PROFESSIONALS = 5;
const ZONE = "America/Argentina/Buenos_Aires";

export interface ModulesBenchResults {
  cardEntries: number;
  bookings: number;
  questions: { name: string; latency: LatencySummary; baseline: LatencySummary }[];
}

async function timed(n: number, op: () => Promise<unknown>): Promise<LatencySummary> {
  await op(); // warm-up
  const samples: bigint[] = [];
  const wall = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await op();
    samples.push(process.hrtime.bigint() - t0);
  }
  return summarize(samples, process.hrtime.bigint() - wall);
}

export async function benchAnalyticsModules(days: number, iterations: number): Promise<ModulesBenchResults> {
  const cluster = await startPostgresCluster();
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_modules");
  await admin.end();
  const owner = openPgSql({ connectionString: `${base}/bench_modules`, role: null, max: 2 });
  await migrate(owner, cloudMigrations());
  const sql = openPgSql({
    connectionString: `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/bench_modules`,
  });
  const app = await buildCloudServer(sql, { clock: systemClock });
  try {
    const cloud = { app, clock: systemClock, close: () => app.close() };
    const shop = await ownerWithStore(sql, cloud as never, "bench");
    const bar = shop.storeId;
    const res = await app.inject({
      method: "POST",
      url: "/v1/stores",
      headers: bearer(shop.token),
      payload: { name: "Centro médico" },
    });
    const clinic = (res.json() as { id: string }).id;
    const yearEnd = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const yearStart = new Date(Date.parse(`${yearEnd}T00:00:00Z`) - (days - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const cardEntries = CARD_ENTRIES_PER_NIGHT * days;
    const bookings = TURNOS_PER_DAY * days;

    await owner.query(
      `INSERT INTO cards (tenant_id, id, store_id, uid, status, deposit, deposit_refundable, issued_at, updated_at, payload)
       SELECT $1, 'card-' || g, $2, 'UID' || g, 'active', 0, true, $3::date, $3::date, '{}' FROM generate_series(0, $4 - 1) g`,
      [shop.tenantId, bar, yearStart, CARDS],
    );
    // A night from 21:00 in Buenos Aires (00:00 UTC): one top-up in five entries, the rest charges; a
    // refund and a cash-out now and then.
    await owner.query(
      `INSERT INTO card_entries (tenant_id, id, store_id, card_id, kind, amount, payload, created_at)
       SELECT $1, 'e' || g, $2, 'card-' || (g % $4),
              CASE WHEN g % 5 = 0 THEN 'topup' WHEN g % 97 = 0 THEN 'cashout' WHEN g % 89 = 0 THEN 'refund' ELSE 'charge' END,
              CASE WHEN g % 5 = 0 THEN 1000000 WHEN g % 97 = 0 THEN -50000 WHEN g % 89 = 0 THEN 20000 ELSE -200000 END,
              '{}', ($3::date + (g / $5) + 1)::timestamptz + make_interval(secs => (g % $5) * 36)
         FROM generate_series(0, $6 - 1) g`,
      [shop.tenantId, bar, yearStart, CARDS, CARD_ENTRIES_PER_NIGHT, cardEntries],
    );
    const hours = JSON.stringify(
      [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
        { weekday, kind: "work", startMinute: 480, endMinute: 1200 },
        { weekday, kind: "break", startMinute: 780, endMinute: 840 },
      ]),
    );
    await owner.query(
      `INSERT INTO turno_rules (tenant_id, store_id, slot_minutes, min_notice_minutes, horizon_days, hold_minutes, time_zone, updated_at)
       VALUES ($1, $2, 15, 60, 60, 5, $3, now())`,
      [shop.tenantId, clinic, ZONE],
    );
    await owner.query(
      `INSERT INTO turno_professionals (tenant_id, id, store_id, name, active, service_ids, hours, updated_at)
       SELECT $1, 'pro-' || g, $2, 'Profesional ' || g, true, '[]', $3::jsonb, now() FROM generate_series(1, $4) g`,
      [shop.tenantId, clinic, hours, PROFESSIONALS],
    );
    // 60 a day from 08:00 (11:00 UTC), 12 per professional, 30 minutes each: one in ten a no-show, one in
    // twelve cancelled, one in four with a seña.
    await owner.query(
      `INSERT INTO turno_bookings (tenant_id, id, store_id, professional_id, service_id, start_at, end_at, state, origin,
                                   price, deposit_paid, created_at, updated_at)
       SELECT $1, 'b' || g, $2, 'pro-' || (1 + g % $4), 'svc', t, t + interval '30 minutes',
              CASE WHEN g % 10 = 0 THEN 'no_show' WHEN g % 12 = 0 THEN 'cancelled' ELSE 'done' END, 'desk',
              2000000, CASE WHEN g % 4 = 0 THEN 500000 ELSE 0 END, t, t
         FROM generate_series(0, $5 - 1) g,
              LATERAL (SELECT ($3::date + (g / $6))::timestamptz + interval '11 hours'
                              + make_interval(mins => ((g % $6) / $4) * 40) AS t) x`,
      [shop.tenantId, clinic, yearStart, PROFESSIONALS, bookings, TURNOS_PER_DAY],
    );
    // What autovacuum does soon after a bulk load: statistics, and the visibility map for index-only scans.
    await owner.exec("VACUUM ANALYZE");

    const period = analyticsPeriod(yearStart, yearEnd);
    const month = analyticsPeriod(
      new Date(Date.parse(`${yearEnd}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10),
      yearEnd,
    );
    const store = (id: string, name: string) => [{ id, name, timeZone: ZONE }];
    const under = (fn: (q: Queryable) => Promise<unknown>) => () => sql.withTenant(shop.tenantId, fn);
    // The baselines: the same rows of the same period summed by day, and nothing else.
    const bareCards = (p: typeof period) =>
      under((q) =>
        q.query(
          `SELECT (created_at AT TIME ZONE $4)::date, sum(amount) FROM card_entries
            WHERE store_id = $1 AND created_at >= ($2::date::timestamp AT TIME ZONE $4)
              AND created_at < (($3::date + 1)::timestamp AT TIME ZONE $4) GROUP BY 1`,
          [bar, p.from, p.to, ZONE],
        ),
      );
    const bareTurnos = (p: typeof period) =>
      under((q) =>
        q.query(
          `SELECT (start_at AT TIME ZONE $4)::date, count(*) FROM turno_bookings
            WHERE store_id = $1 AND start_at >= ($2::date::timestamp AT TIME ZONE $4)
              AND start_at < (($3::date + 1)::timestamp AT TIME ZONE $4) GROUP BY 1`,
          [clinic, p.from, p.to, ZONE],
        ),
      );
    const questions = [];
    for (const [name, run, bare] of [
      [
        `Cards, ${days} days of the bar`,
        under((q) => cardFigures(q, store(bar, "Bar"), period)),
        bareCards(period),
      ],
      ["Cards, 30 days of the bar", under((q) => cardFigures(q, store(bar, "Bar"), month)), bareCards(month)],
      [
        `Turnos, ${days} days of the medical centre`,
        under((q) => turnoFigures(q, store(clinic, "Centro"), period)),
        bareTurnos(period),
      ],
      [
        "Turnos, 30 days of the medical centre",
        under((q) => turnoFigures(q, store(clinic, "Centro"), month)),
        bareTurnos(month),
      ],
    ] as const)
      questions.push({
        name,
        latency: await timed(iterations, run),
        baseline: await timed(iterations, bare),
      });
    return { cardEntries, bookings, questions };
  } finally {
    await app.close();
    await sql.close();
    await owner.close();
    cluster.stop();
  }
}

export function renderAnalyticsModulesReport(r: ModulesBenchResults): string {
  const ms = (x: number) => x.toFixed(1);
  const rows = r.questions
    .map(
      (q) =>
        `| ${q.name} | ${q.latency.iterations} | ${ms(q.latency.p50)} | ${ms(q.latency.p95)} | ${ms(q.baseline.p95)} | ${ratio(q.latency.p95, q.baseline.p95).toFixed(2)} |`,
    )
    .join("\n");
  return `## Analytics: cards and turnos figures read from the raw rows

A bar's prepaid-card ledger of ${r.cardEntries.toLocaleString("en-US")} entries (${CARD_ENTRIES_PER_NIGHT} a night, ${CARDS.toLocaleString("en-US")} cards) and a medical
centre's ${r.bookings.toLocaleString("en-US")} turnos (${TURNOS_PER_DAY} a day, ${PROFESSIONALS} professionals) on a throwaway PostgreSQL 15 cluster. Each
question is the Análisis section's own function (\`cardFigures\`, \`turnoFigures\`: the period, the period before,
by day, by store or professional, the float at the period's end, the open hours) under the tenant; the
baseline, in the same run, is a bare aggregate of the same rows by day (one SUM or count, nothing else).

| Question | Runs | p50 ms | p95 ms | Bare p95 ms | p95 ÷ bare p95 |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows}
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes("--quick");
  const results = await benchAnalyticsModules(quick ? 120 : 365, quick ? 5 : 15);
  console.log(renderAnalyticsModulesReport(results));
}
