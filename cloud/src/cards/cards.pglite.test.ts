import type {
  CardHistoryAnswer,
  CardListAnswer,
  CardReportAnswer,
} from "@mostrador/contracts/http/cloud-cards";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteSql } from "../db/pglite.js";
import type { Sql } from "../db/sql.js";
import { OpFactory } from "../ingest/test-ops.js";
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
import { cardOp, cardPayload, entryOp, entryPayload } from "./test-cards.js";

// npm start runs the cloud on PGlite: the cards' projection (upserts from jsonb, a placeholder first) and
// the report's SQL (lateral joins, FILTER, window sums) must work there too.
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

describe("prepaid cards on PGlite", () => {
  it("projects an entry before its card, once, and reads the report, the list and the history", async () => {
    const shop = await ownerWithStore(sql, cloud, "pglite-bar");
    const till = await enrolledAppliance(cloud, shop.token, shop.storeId);
    const f = new OpFactory();
    const card = cardPayload({ issuedAt: "2026-03-02T11:00:00.000Z", updatedAt: "2026-03-02T11:00:00.000Z" });
    const topup = entryOp(f, entryPayload(card.id, "topup", 50_000, "2026-03-02T11:00:00.000Z"));
    const charge = entryOp(f, entryPayload(card.id, "charge", -12_000, "2026-03-02T11:30:00.000Z"));
    expect((await ingest(cloud, till.token, [topup, charge])).statusCode).toBe(200);
    expect(json(await ingest(cloud, till.token, [cardOp(f, card), topup]))).toMatchObject({
      applied: 1,
      duplicates: 1,
    });
    const get = (url: string) => cloud.app.inject({ method: "GET", url, headers: bearer(shop.token) });

    const report = json<CardReportAnswer>(await get("/v1/dashboard/cards/report"));
    expect(report.total).toMatchObject({
      topUps: [{ method: "cash", total: 50_000, count: 1 }],
      charges: { total: 12_000, count: 1 },
      cardsIssued: 1,
      liabilityNow: { active: 38_000, activeCards: 1 },
      liabilityAt: { active: 38_000, activeCards: 1 },
    });
    expect(json<CardListAnswer>(await get("/v1/dashboard/cards")).cards).toMatchObject([
      { id: card.id, uid: card.uid, status: "active", balance: 38_000, movements: 2 },
    ]);
    const history = json<CardHistoryAnswer>(await get(`/v1/dashboard/cards/${card.id}`));
    expect(history.entries.map((e) => e.balanceAfter)).toEqual([50_000, 38_000]);
  });
});
