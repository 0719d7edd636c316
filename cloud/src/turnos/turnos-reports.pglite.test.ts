import type { DashboardAgenda } from "@mostrador/contracts/http/cloud-turnos";
import type { TurnosReport } from "@mostrador/contracts/http/turnos";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteSql } from "../db/pglite.js";
import type { Sql } from "../db/sql.js";
import { OpFactory, salePayload } from "../ingest/test-ops.js";
import { cloudMigrations } from "../modules.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { AT, clinic, setupOps } from "./test-turnos.js";

// npm start runs the cloud on PGlite: the report's SQL (FILTER, GROUPING SETS, COLLATE "C", AT TIME ZONE)
// and migration 0022 must work there too.
let sql: Sql;
let cloud: TestCloud;

beforeAll(async () => {
  sql = await openPgliteSql({ migrate: cloudMigrations() });
  cloud = await openTestCloud(sql);
}, 60_000);

afterAll(async () => {
  await cloud.close();
  await sql.close();
});

describe("the dashboard's turnos report on PGlite", () => {
  it("reads a charged booking's revenue, a cancellation, occupancy and the agenda", async () => {
    const shop = await ownerWithStore(sql, cloud, "pglite-clinica");
    const till = await enrolledAppliance(cloud, shop.token, shop.storeId);
    const f = new OpFactory();
    const c = clinic();
    const consulta = { ...c.consulta, productId: uuidv7() };
    // Tuesday 2026-03-03 10:00 and 11:00 in Buenos Aires.
    const booking = (start: string, over: object = {}) => ({
      id: uuidv7(),
      customerId: uuidv7(),
      serviceId: consulta.id,
      professionalId: c.pro.id,
      resourceId: null,
      start,
      end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
      state: "booked" as const,
      holdExpiresAt: null,
      seriesId: null,
      origin: "desk" as const,
      walkIn: false,
      price: 2_000_000,
      depositPaid: 0,
      arrivedAt: null,
      cancelledAt: null,
      cancelledBy: null,
      updatedAt: AT,
      ...over,
    });
    const charged = booking("2026-03-03T13:00:00.000Z");
    const cancelled = booking("2026-03-03T14:00:00.000Z", {
      state: "cancelled" as const,
      cancelledAt: "2026-03-02T12:00:00.000Z",
    });
    const sale = {
      ...salePayload([{ productId: consulta.productId, quantity: 1, unitPrice: 2_000_000 }], 1),
      bookingId: charged.id,
    };
    const res = await ingest(cloud, till.token, [
      ...setupOps(f, { ...c, consulta }),
      f.op("turno_booking", charged.id, "created", charged),
      f.op("turno_booking", cancelled.id, "created", cancelled),
      f.op("sale", sale.id, "created", sale),
    ]);
    expect(res.statusCode).toBe(200);
    const get = (path: string) =>
      cloud.app.inject({
        method: "GET",
        url: `/v1/turnos/${path}?storeId=${shop.storeId}&from=2026-03-03&to=2026-03-03`,
        headers: bearer(shop.token),
      });
    const report = json<TurnosReport>(await get("reports"));
    expect(report).toMatchObject({
      occupancy: [{ day: "2026-03-03", openMinutes: 480, bookedMinutes: 30 }],
      cancellations: { total: 1, byNotice: [{ count: 0 }, { count: 0 }, { notice: "over24h", count: 1 }] },
      revenue: { total: 2_000_000, byService: [{ name: "Consulta", count: 1, total: 2_000_000 }] },
      // Two patients (each booking its own), both new: one whose only booking was cancelled counts too.
      patients: { new: 2, returning: 0 },
    });
    const agenda = json<DashboardAgenda>(await get("agenda"));
    expect(agenda.bookings.map((b) => b.state)).toEqual(["booked", "cancelled"]);
  });
});
