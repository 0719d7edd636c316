import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { messagingModule } from "../messaging/module.js";
import { cloudModules } from "../modules.js";
import { bearer, json, openTestCloud, ownerWithStore, type TestCloud } from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { createPublicApiModule } from "./module.js";
import { apiKeyFor, errorOf } from "./test-public-api.js";

const PER_MINUTE = 5;

// Two replicas of the service on one database, each with the public API at 5 calls per key per minute.
let db: TestDatabase;
let one: TestCloud;
let two: TestCloud;
const clock = new ManualClock("2026-03-31T23:57:30.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  const modules = cloudModules.map((m) =>
    m.name === "publicapi"
      ? createPublicApiModule({ perMinute: PER_MINUTE, messaging: messagingModule.config })
      : m,
  );
  one = await openTestCloud(db.sql, { modules, clock });
  two = await openTestCloud(db.sql, { modules, clock });
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await db?.drop();
});

/** `n` calls at once, alternating between the two replicas. */
const burst = (secret: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      (i % 2 ? two : one).app.inject({ method: "GET", url: "/api/v1/stores", headers: bearer(secret) }),
    ),
  );
const statuses = (answers: LightMyRequestResponse[]) => answers.map((r) => r.statusCode).sort();

describe("the per-key rate limit", () => {
  it("holds under a concurrent burst across two replicas, with the standard headers and Retry-After", async () => {
    const shop = await ownerWithStore(db.sql, one, "rafaga");
    const { secret } = await apiKeyFor(one, shop.token);
    const answers = await burst(secret, 20);
    expect(statuses(answers)).toEqual([...Array(5).fill(200), ...Array(15).fill(429)]);
    const ok = answers.filter((r) => r.statusCode === 200);
    expect(ok.map((r) => r.headers["ratelimit-remaining"]).sort()).toEqual(["0", "1", "2", "3", "4"]);
    for (const r of answers) {
      expect(r.headers["ratelimit-limit"]).toBe("5");
      expect(r.headers["ratelimit-reset"]).toBe("30"); // the minute ends at 23:58:00
    }
    const refused = answers.find((r) => r.statusCode === 429)!;
    expect(refused.headers["retry-after"]).toBe("30");
    expect(refused.headers["ratelimit-remaining"]).toBe("0");
    expect(errorOf(refused)).toMatchObject({ code: "api_rate_limited" });
    expect(errorOf(refused).message).toContain("5 por minuto");
    // Another key of the same tenant has its own minute.
    const { secret: second } = await apiKeyFor(one, shop.token, { stores: "read" }, "Otra");
    expect(statuses(await burst(second, 3))).toEqual([200, 200, 200]);
    // The next minute opens the door again; refused calls were not counted in the month.
    clock.advance(30_000);
    expect(statuses(await burst(secret, 6))).toEqual([200, 200, 200, 200, 200, 429]);
    const usage = json<{ usage: { calls: number } }>(
      await one.app.inject({ method: "GET", url: "/v1/api-keys", headers: bearer(shop.token) }),
    );
    expect(usage.usage.calls).toBe(5 + 3 + 5);
  });
});

describe("the plan's monthly quota", () => {
  it("holds under a burst and answers 429 with the day it renews; the next month starts again", async () => {
    clock.advance(60_000); // 2026-03-31T23:59:00: the month is still March
    const shop = await ownerWithStore(db.sql, one, "cupo");
    // No billing row (a tenant of the CLI): every module, the enterprise plan's 1,000,000 calls.
    await db.owner.query(
      "INSERT INTO api_monthly_usage (tenant_id, month, calls) VALUES ($1, '2026-03-01', 999998)",
      [shop.tenantId],
    );
    const a = await apiKeyFor(one, shop.token, { stores: "read" }, "A");
    const b = await apiKeyFor(one, shop.token, { stores: "read" }, "B");
    const all = (await Promise.all([burst(a.secret, 4), burst(b.secret, 4)])).flat();
    expect(statuses(all)).toEqual([200, 200, ...Array(6).fill(429)]);
    const refused = all.find((r) => r.statusCode === 429)!;
    expect(errorOf(refused)).toMatchObject({
      code: "api_quota_exhausted",
      details: { resetsAt: "2026-04-01T00:00:00.000Z", quota: 1_000_000 },
    });
    expect(errorOf(refused).message).toContain("se renuevan el 2026-04-01");
    expect(refused.headers["retry-after"]).toBe("60");
    const [row] = await db.owner.query<{ calls: string }>(
      "SELECT calls FROM api_monthly_usage WHERE tenant_id = $1 AND month = '2026-03-01'",
      [shop.tenantId],
    );
    expect(Number(row?.calls)).toBe(1_000_000);
    clock.advance(60_000); // April
    expect(statuses(await burst(a.secret, 1))).toEqual([200]);
  });
});
