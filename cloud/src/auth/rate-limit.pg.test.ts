import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { openPgSql } from "../db/pg.js";
import type { Sql } from "../db/sql.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { AttemptLimiter, limitedAttempt } from "./rate-limit.js";

const MIN = 60 * 1000;
const policy = { limit: 3, windowMs: 15 * MIN };
const fail = () => Promise.reject(new CloudError("unauthorized", "bad_credentials", "mal"));

async function refusal(p: Promise<unknown>): Promise<CloudError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CloudError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

let db: TestDatabase;
/** A second pool on the same database: what a second replica of the service would hold. */
let replica: Sql;
beforeAll(async () => {
  db = await createTestDatabase();
  replica = openPgSql({ connectionString: db.url, role: "mostrador_app" });
});
afterAll(async () => {
  await replica?.close();
  await db.drop();
});
beforeEach(async () => {
  await db.owner.exec("DELETE FROM auth_attempts");
});

const rows = async () =>
  (await db.owner.query<{ n: number }>("SELECT count(*)::int AS n FROM auth_attempts"))[0]!.n;

describe("AttemptLimiter in PostgreSQL", () => {
  it("refuses the attempt after the limit with the seconds until the oldest failure expires", async () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter(db.sql, clock, "login", policy);
    for (let i = 0; i < 3; i++) {
      await expect(limitedAttempt(limiter, ["ip:1"], "espera", fail)).rejects.toMatchObject({
        code: "bad_credentials",
      });
      clock.advance(MIN);
    }
    const err = await refusal(limiter.admit(["ip:1"], "Demasiados intentos"));
    expect(err).toMatchObject({
      kind: "too_many_requests",
      code: "too_many_attempts",
      message: "Demasiados intentos",
      details: { retryAfterSeconds: 12 * 60 }, // first failure at 0, now 3 min: 12 min left
    });
  });

  it("lets attempts in again once the window has passed, and refusals do not extend it", async () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter(db.sql, clock, "login", policy);
    for (let i = 0; i < 3; i++) await expect(limitedAttempt(limiter, ["k"], "x", fail)).rejects.toThrow();
    clock.advance(14 * MIN);
    await refusal(limiter.admit(["k"], "x"));
    clock.advance(MIN);
    await expect(limitedAttempt(limiter, ["k"], "x", async () => "ok")).resolves.toBe("ok");
  });

  it("does not count successes or internal failures, only refusals", async () => {
    const limiter = new AttemptLimiter(db.sql, new ManualClock(), "login", policy);
    for (let i = 0; i < 10; i++) await limitedAttempt(limiter, ["k"], "x", async () => i);
    for (let i = 0; i < 10; i++)
      await expect(
        limitedAttempt(limiter, ["k"], "x", () => Promise.reject(new Error("db down"))),
      ).rejects.toThrow("db down");
    expect(await rows()).toBe(0);
    await expect(limitedAttempt(limiter, ["k"], "x", fail)).rejects.toMatchObject({
      code: "bad_credentials",
    });
  });

  it("counts successes too when asked (sign-up), so a flood of new accounts is stopped", async () => {
    const limiter = new AttemptLimiter(db.sql, new ManualClock(), "signup", policy);
    for (let i = 0; i < 3; i++)
      await limitedAttempt(limiter, ["ip:1"], "x", async () => i, { countSuccesses: true });
    expect((await refusal(limiter.admit(["ip:1"], "x"))).code).toBe("too_many_attempts");
  });

  it("counts attempts in flight, so parallel guesses cannot all slip in before the first fails", async () => {
    const limiter = new AttemptLimiter(db.sql, new ManualClock(), "login", policy);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => limitedAttempt(limiter, ["k"], "x", fail)),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as CloudError).code : "ok"));
    expect(codes.filter((c) => c === "bad_credentials")).toHaveLength(3);
    expect(codes.filter((c) => c === "too_many_attempts")).toHaveLength(7);
  });

  it("refuses when any of the keys is over the limit and leaves other keys and scopes alone", async () => {
    const limiter = new AttemptLimiter(db.sql, new ManualClock(), "login", policy);
    for (let i = 0; i < 3; i++)
      await expect(limitedAttempt(limiter, ["email:a", `ip:${i}`], "x", fail)).rejects.toThrow();
    expect((await refusal(limiter.admit(["email:a", "ip:9"], "x"))).code).toBe("too_many_attempts");
    await expect(limiter.admit(["email:b", "ip:0"], "x")).resolves.toBeDefined();
    const other = new AttemptLimiter(db.sql, new ManualClock(), "reset", policy);
    await expect(other.admit(["email:a"], "x")).resolves.toBeDefined();
  });

  it("two replicas on one database share the count: failures at one lock the key at the other", async () => {
    const clock = new ManualClock();
    const a = new AttemptLimiter(db.sql, clock, "login", policy);
    const b = new AttemptLimiter(replica, clock, "login", policy);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => limitedAttempt(i % 2 ? a : b, ["email:x"], "x", fail)),
    );
    const refused = results.filter(
      (r) => r.status === "rejected" && (r.reason as CloudError).code === "too_many_attempts",
    );
    expect(refused).toHaveLength(5);
    expect((await refusal(a.admit(["email:x"], "x"))).code).toBe("too_many_attempts");
    expect((await refusal(b.admit(["email:x"], "x"))).code).toBe("too_many_attempts");
  });
});
