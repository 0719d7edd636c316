import {
  AlarmsAnswer,
  SalesSummary,
  StockAnswer,
  StoresAnswer,
  StoreTimeZoneAnswer,
} from "@mostrador/contracts/http/dashboard";
import { describe, it } from "vitest";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { bearer, enrolledAppliance, ownerWithStore, useTestCloud } from "../test-support/test-cloud.js";
import { listAlarms } from "./alarms.js";
import { salesSummary } from "./sales-summary.js";
import { stockLevels } from "./stock.js";
import { storesInScope } from "./store-scope.js";
import { storesWithStatus } from "./stores-status.js";
import { seedAlarm, seedProduct, seedReturn, seedSale, seedStockLevel } from "./test-seed.js";

/** The dashboard's answers hold to contracts/src/http/dashboard.ts, each the domain's own value whole. */
describe("the dashboard API answers the HTTP contract", () => {
  const t = useTestCloud();

  it("stores with their appliances, a time zone saved, sales, stock and alarms of a day with data", async () => {
    const { db, cloud } = t;
    const owner = await ownerWithStore(db.sql, cloud, "panel");
    const till = await enrolledAppliance(cloud, owner.token, owner.storeId, "Caja A");
    const scope = { tenantId: owner.tenantId, storeId: owner.storeId };
    const saleId = await seedSale(db.owner, {
      ...scope,
      applianceId: till.applianceId,
      at: "2026-03-02T11:10:00Z",
      total: 150_000,
      payments: [
        { method: "cash", amount: 50_000 },
        { method: "debit", amount: 100_000 },
      ],
      lines: [{ productId: "p-yerba", description: "Yerba 1 kg", quantity: 2, total: 150_000 }],
    });
    await seedReturn(db.owner, { ...scope, saleId, at: "2026-03-02T11:30:00Z", total: 75_000 });
    const yerba = await seedProduct(db.owner, {
      tenantId: owner.tenantId,
      sku: "YER-1",
      name: "Yerba Mate 1 kg",
      price: 450_000,
      lowStockThreshold: 5,
    });
    await seedStockLevel(db.owner, { ...scope, productId: yerba, onHand: 3 });
    await seedAlarm(db.owner, {
      ...scope,
      severity: 3,
      status: "active",
      message: "Heladera a 9 °C",
      at: "2026-03-02T11:00:00Z",
    });
    const get = (url: string) => cloud.app.inject({ method: "GET", url, headers: bearer(owner.token) });
    const tenant = <T>(fn: Parameters<typeof db.sql.withTenant<T>>[1]) =>
      db.sql.withTenant(owner.tenantId, fn);

    expectAnswer(StoresAnswer, await get("/v1/dashboard/stores"), 200, {
      stores: await tenant((q) => storesWithStatus(q)),
    });
    const saved = await cloud.app.inject({
      method: "PATCH",
      url: `/v1/dashboard/stores/${owner.storeId}`,
      headers: bearer(owner.token),
      payload: { timeZone: "America/La_Paz" },
    });
    expectAnswer(StoreTimeZoneAnswer, saved, 200, { id: owner.storeId, timeZone: "America/La_Paz" });
    for (const period of ["today", "7d", "30d"] as const)
      expectAnswer(
        SalesSummary,
        await get(`/v1/dashboard/sales?period=${period}`),
        200,
        await tenant(async (q) =>
          salesSummary(q, await storesInScope(q, null), period, cloud.clock.now(), null),
        ),
      );
    expectAnswer(StockAnswer, await get("/v1/dashboard/stock"), 200, {
      items: await tenant((q) => stockLevels(q, null, false, 500)),
    });
    expectAnswer(AlarmsAnswer, await get("/v1/dashboard/alarms?filter=all"), 200, {
      alarms: await tenant((q) => listAlarms(q, null, "all", 200)),
    });
  });
});
