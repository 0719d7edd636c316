import { PurchasingAnswer } from "@mostrador/contracts/http/cloud-purchasing";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { describe, expect, it } from "vitest";
import { storesInScope } from "../dashboard/store-scope.js";
import { OpFactory } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";
import { recentCounts, recentPurchases, storeValuations } from "./dashboard.js";

const t = useTestCloud();
const at = (s: number) => new Date(Date.parse("2026-03-02T12:00:00Z") + s * 1000).toISOString();

const count = (
  id: string,
  number: number,
  status: string,
  s: number,
  lines: OpPayload<"stock_count", "approved">["lines"] = [],
) => ({
  id,
  number,
  scope: "category",
  categoryId: "cat-1",
  status,
  note: null,
  products: 3,
  startedBy: "staff-1",
  startedAt: at(number),
  closedBy: status === "open" ? null : "staff-1",
  closedAt: status === "open" ? null : at(s),
  lines,
  at: at(s),
});

const lines = [
  { productId: "p-cola", expected: 10, counted: 8, difference: -2, unitCost: 1_000, value: -2_000 },
  {
    productId: "p-queso",
    expected: 2_000,
    counted: 2_250,
    difference: 250,
    unitCost: 900_000,
    value: 225_000,
  },
  { productId: "p-agua", expected: 5, counted: 4, difference: -1, unitCost: null, value: null },
  { productId: "p-pan", expected: 3, counted: 3, difference: 0, unitCost: 50, value: 0 },
];

describe("stock counts in the cloud", () => {
  it("projects counts whatever order and however often they arrive, and the dashboard lists their differences at cost", async () => {
    const { db, cloud } = t;
    const a = await ownerWithStore(db.sql, cloud, "conteos");
    const appliance = await enrolledAppliance(cloud, a.token, a.storeId);
    const f = new OpFactory();
    const started1 = f.op("stock_count", "sc-1", "started", count("sc-1", 1, "open", 1));
    const approved1 = f.op("stock_count", "sc-1", "approved", count("sc-1", 1, "approved", 5, lines));
    const started2 = f.op("stock_count", "sc-2", "started", count("sc-2", 2, "open", 6));
    const cancelled2 = f.op("stock_count", "sc-2", "cancelled", count("sc-2", 2, "cancelled", 7));
    // The approval and the cancellation first, the starts later: a late "started" reopens nothing.
    expect((await ingest(cloud, appliance.token, [approved1, cancelled2])).statusCode).toBe(200);
    expect((await ingest(cloud, appliance.token, [started1, started2])).statusCode).toBe(200);
    // A retry of everything, and a batch holding both states of one count, change nothing.
    expect(
      (await ingest(cloud, appliance.token, [approved1, started1, cancelled2, started2])).statusCode,
    ).toBe(200);
    const again = new OpFactory();
    expect(
      (
        await ingest(cloud, appliance.token, [
          again.op("stock_count", "sc-1", "approved", count("sc-1", 1, "approved", 5, lines)),
          again.op("stock_count", "sc-1", "started", count("sc-1", 1, "open", 1)),
        ])
      ).statusCode,
    ).toBe(200);

    const res = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/purchasing",
      headers: bearer(a.token),
    });
    const domain = await db.sql.withTenant(a.tenantId, async (q) => {
      const stores = await storesInScope(q, null);
      return {
        valuation: await storeValuations(q, stores),
        ...(await recentPurchases(q, stores, 50)),
        counts: await recentCounts(q, stores, 50),
      };
    });
    expectAnswer(PurchasingAnswer, res, 200, domain);
    const counts = json<PurchasingAnswer>(res).counts;
    expect(counts).toEqual([
      {
        id: "sc-2",
        storeId: a.storeId,
        storeName: "Local conteos",
        number: 2,
        scope: "category",
        categoryName: null,
        status: "cancelled",
        products: 3,
        differences: 0,
        differenceValue: 0,
        withoutCost: 0,
        startedAt: at(2),
        closedAt: at(7),
      },
      {
        id: "sc-1",
        storeId: a.storeId,
        storeName: "Local conteos",
        number: 1,
        scope: "category",
        categoryName: null,
        status: "approved",
        products: 3,
        // Cola, queso and agua differ; pan was counted as expected.
        differences: 3,
        differenceValue: 223_000,
        withoutCost: 1,
        startedAt: at(1),
        closedAt: at(5),
      },
    ]);
  });

  it("another tenant sees no counts and cannot touch one by its id, and a bad count is refused", async () => {
    const { db, cloud } = t;
    const a = await ownerWithStore(db.sql, cloud, "uno");
    const b = await ownerWithStore(db.sql, cloud, "dos");
    const applianceA = await enrolledAppliance(cloud, a.token, a.storeId);
    const applianceB = await enrolledAppliance(cloud, b.token, b.storeId);
    const approved = count("sc-a", 1, "approved", 5, lines);
    expect(
      (
        await ingest(cloud, applianceA.token, [
          new OpFactory().op("stock_count", "sc-a", "approved", approved),
        ])
      ).statusCode,
    ).toBe(200);

    const seenByB = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/purchasing",
      headers: bearer(b.token),
    });
    expect(json<PurchasingAnswer>(seenByB).counts).toEqual([]);

    // B's appliance sending the same count id writes B's own row: A's count is not touched.
    const same = new OpFactory().op("stock_count", "sc-a", "cancelled", count("sc-a", 1, "cancelled", 9));
    expect((await ingest(cloud, applianceB.token, [same])).statusCode).toBe(200);
    const bad = new OpFactory().rawOp("stock_count", "sc-b", "approved", {
      ...count("sc-b", 2, "approved", 5),
      lines: [{ productId: "p", expected: 1, counted: -3, difference: -4, unitCost: 10, value: -40 }],
    });
    const refused = await ingest(cloud, applianceB.token, [bad]);
    expect(refused.statusCode).toBe(422);
    expect(json<{ rejected: { id: string }[] }>(refused).rejected.map((r) => r.id)).toEqual([bad.id]);

    const seenByA = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/purchasing",
      headers: bearer(a.token),
    });
    expect(json<PurchasingAnswer>(seenByA).counts.map((c) => [c.id, c.status, c.differenceValue])).toEqual([
      ["sc-a", "approved", 223_000],
    ]);
    const afterB = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/purchasing",
      headers: bearer(b.token),
    });
    expect(json<PurchasingAnswer>(afterB).counts.map((c) => [c.id, c.status])).toEqual([
      ["sc-a", "cancelled"],
    ]);
  });
});
