import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteSql } from "../db/pglite.js";
import { cloudMigrations } from "../modules.js";
import type { Sql } from "../db/sql.js";
import { startMessagingWorld } from "./test-support/messaging-world.js";
import { MessagingWorker } from "./worker.js";

let sql: Sql;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;

beforeAll(async () => {
  sql = await openPgliteSql({ migrate: cloudMigrations() });
  world = await startMessagingWorld(sql);
}, 60_000);
afterAll(async () => {
  await world?.close();
  await sql?.close();
});

describe("the embedded cloud (PGlite) sends too", () => {
  it("an owner notification reaches the three channels once, with the same queue and locks as on PostgreSQL", async () => {
    const t = await world.tenant("pglite");
    await world.ownerNotification(t.tenantId, t.storeId, "Heladera abierta");
    const worker = new MessagingWorker(sql, world.clock, world.config);
    await worker.runOnce();
    await worker.runOnce();
    expect(world.smtp.received).toHaveLength(1);
    expect(world.whatsapp.sent).toHaveLength(1);
    expect(world.telegram.sent.map((s) => s.text)).toEqual(["Local pglite: Heladera abierta"]);
    const statuses = await sql.withTenant(t.tenantId, (q) =>
      q.query<{ status: string }>(`SELECT status FROM messages ORDER BY channel`),
    );
    expect(statuses.map((s) => s.status)).toEqual(["accepted", "accepted", "accepted"]);
  });
});
