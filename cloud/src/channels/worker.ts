import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import type { ChannelsConfig } from "./config.js";
import { connectionsOf, pushConnection } from "./push.js";
import { checkStale } from "./stale-stock.js";
import { fulfilConnection } from "./fulfilment.js";

/**
 * One pass of the channels worker over every tenant with due pushes or a connection to watch: the
 * stale-stock check, then each connection's outbox, then the fulfilments it owes. Several workers may run
 * it at once (both are claimed with SKIP LOCKED and a lease). Answers how many listings and fulfilments
 * were sent.
 */
export async function runChannelsPass(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  log: (message: string, err?: unknown) => void,
): Promise<number> {
  const tenants = await sql.query<{ tenant: string }>("SELECT channels_tenants_with_work($1) AS tenant", [
    clock.now(),
  ]);
  let sent = 0;
  for (const { tenant } of tenants)
    for (const conn of await connectionsOf(sql, tenant))
      try {
        const stale = await checkStale(sql, clock, tenant, conn);
        sent += await pushConnection(sql, config, clock, tenant, conn, stale);
        sent += await fulfilConnection(sql, config, clock, tenant, conn);
      } catch (err) {
        log(`channels: falló el envío de la conexión ${conn.id}`, err);
      }
  return sent;
}
