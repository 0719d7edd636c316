import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  enrolledAppliance,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { checkApplianceOutages } from "./appliance-outages.js";
import { startMessagingWorld } from "./test-support/messaging-world.js";
import { MessagingWorker } from "./worker.js";

let db: TestDatabase;
let cloud: TestCloud;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await startMessagingWorld(db.sql);
  cloud = await openTestCloud(db.sql, { modules: world.modules(), clock: world.clock });
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

const MIN = 60_000;

async function outageNotices(tenantId: string) {
  const rows = await db.owner.query<{ message: string; kind: string }>(
    `SELECT message, payload->>'kind' AS kind FROM owner_notifications WHERE tenant_id = $1 ORDER BY created_at, message`,
    [tenantId],
  );
  return rows.map((r) => `${r.kind}: ${r.message}`);
}

describe("an appliance that stops talking to the cloud", () => {
  it("is reported once after N minutes of silence (30 by default) and once when it is back; the owner's inbox gets both", async () => {
    const o = await ownerWithStore(db.sql, cloud, "caida");
    const appliance = await enrolledAppliance(cloud, o.token, o.storeId, "Caja del fondo");
    const owner = (method: "POST" | "PATCH", url: string, payload: object) =>
      cloud.app.inject({ method, url: `/v1/messaging${url}`, headers: bearer(o.token), payload });
    await owner("PATCH", "/channels/email", {
      enabled: true,
      settings: { host: "127.0.0.1", port: world.smtp.port, secure: false, from: "avisos@caida.test" },
    });
    await owner("POST", "/contacts", { name: "Dueña", email: "duena@caida.test", ownerRecipient: true });
    // Any authenticated call from the appliance is "seen" (tenancy/appliances.ts writes last_seen_at).
    const call = () =>
      cloud.app.inject({
        method: "POST",
        url: "/v1/ingest",
        headers: bearer(appliance.token),
        payload: { ops: [] },
      });
    expect((await call()).statusCode).toBe(200);

    world.clock.advance(29 * MIN);
    await checkApplianceOutages(db.sql, world.clock);
    expect(await outageNotices(o.tenantId)).toEqual([]);

    world.clock.advance(2 * MIN);
    await checkApplianceOutages(db.sql, world.clock);
    world.clock.advance(10 * MIN);
    await checkApplianceOutages(db.sql, world.clock); // still down: nothing new
    let notices = await outageNotices(o.tenantId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^appliance_offline: La caja «Caja del fondo» no se comunica con la nube desde el .* \(más de 30 min\)/,
    );

    await call();
    await checkApplianceOutages(db.sql, world.clock);
    await checkApplianceOutages(db.sql, world.clock);
    notices = await outageNotices(o.tenantId);
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatch(
      /^appliance_offline: La caja «Caja del fondo» volvió a comunicarse con la nube/,
    );

    await new MessagingWorker(db.sql, world.clock, world.config).runOnce();
    const inbox = world.smtp.received.filter((m) => m.to.includes("duena@caida.test"));
    expect(inbox).toHaveLength(2);
  });

  it("follows the tenant's own N, and a revoked appliance is not reported", async () => {
    const o = await ownerWithStore(db.sql, cloud, "caida-10");
    const kept = await enrolledAppliance(cloud, o.token, o.storeId, "Caja 1");
    const revoked = await enrolledAppliance(cloud, o.token, o.storeId, "Caja vieja");
    const set = await cloud.app.inject({
      method: "PATCH",
      url: "/v1/messaging/settings",
      headers: bearer(o.token),
      payload: {
        quietStart: "21:00",
        quietEnd: "09:00",
        defaultTimeZone: "America/Argentina/Buenos_Aires",
        applianceOfflineMinutes: 10,
      },
    });
    expect(set.statusCode).toBe(204);
    for (const a of [kept, revoked])
      await cloud.app.inject({
        method: "POST",
        url: "/v1/ingest",
        headers: bearer(a.token),
        payload: { ops: [] },
      });
    await cloud.app.inject({
      method: "POST",
      url: `/v1/appliances/${revoked.applianceId}/revoke`,
      headers: bearer(o.token),
    });
    world.clock.advance(11 * MIN);
    await checkApplianceOutages(db.sql, world.clock);
    const notices = await outageNotices(o.tenantId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("«Caja 1»");
    expect(notices[0]).toContain("más de 10 min");

    const tooShort = await cloud.app.inject({
      method: "PATCH",
      url: "/v1/messaging/settings",
      headers: bearer(o.token),
      payload: {
        quietStart: "21:00",
        quietEnd: "09:00",
        defaultTimeZone: "America/Argentina/Buenos_Aires",
        applianceOfflineMinutes: 1,
      },
    });
    expect(tooShort.statusCode).toBe(400);
  });
});
