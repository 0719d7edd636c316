import { describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { AttemptLimiter, limitedAttempt } from "./rate-limit.js";

const MIN = 60 * 1000;
const policy = { limit: 3, windowMs: 15 * MIN };
const fail = () => Promise.reject(new CloudError("unauthorized", "bad_credentials", "mal"));

function refusal(fn: () => unknown): CloudError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CloudError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("AttemptLimiter", () => {
  it("refuses the attempt after the limit with the seconds until the oldest failure expires", async () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter(clock, policy);
    for (let i = 0; i < 3; i++) {
      await expect(limitedAttempt(limiter, ["ip:1"], "espera", fail)).rejects.toMatchObject({
        code: "bad_credentials",
      });
      clock.advance(MIN);
    }
    const err = refusal(() => limiter.admit(["ip:1"], "Demasiados intentos"));
    expect(err).toMatchObject({
      kind: "too_many_requests",
      code: "too_many_attempts",
      message: "Demasiados intentos",
      details: { retryAfterSeconds: 12 * 60 }, // first failure at 0, now 3 min: 12 min left
    });
  });

  it("lets attempts in again once the window has passed, and refusals do not extend it", async () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter(clock, policy);
    for (let i = 0; i < 3; i++) await expect(limitedAttempt(limiter, ["k"], "x", fail)).rejects.toThrow();
    clock.advance(14 * MIN);
    refusal(() => limiter.admit(["k"], "x"));
    clock.advance(MIN);
    await expect(limitedAttempt(limiter, ["k"], "x", async () => "ok")).resolves.toBe("ok");
  });

  it("does not count successes or internal failures, only refusals", async () => {
    const limiter = new AttemptLimiter(new ManualClock(), policy);
    for (let i = 0; i < 10; i++) await limitedAttempt(limiter, ["k"], "x", async () => i);
    for (let i = 0; i < 10; i++)
      await expect(
        limitedAttempt(limiter, ["k"], "x", () => Promise.reject(new Error("db down"))),
      ).rejects.toThrow("db down");
    expect(limiter.size).toBe(0);
    await expect(limitedAttempt(limiter, ["k"], "x", fail)).rejects.toMatchObject({
      code: "bad_credentials",
    });
  });

  it("counts attempts in flight, so parallel guesses cannot all slip in before the first fails", async () => {
    const limiter = new AttemptLimiter(new ManualClock(), policy);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => limitedAttempt(limiter, ["k"], "x", fail)),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as CloudError).code : "ok"));
    expect(codes.filter((c) => c === "bad_credentials")).toHaveLength(3);
    expect(codes.filter((c) => c === "too_many_attempts")).toHaveLength(7);
  });

  it("refuses when any of the keys is over the limit and leaves other keys alone", async () => {
    const limiter = new AttemptLimiter(new ManualClock(), policy);
    for (let i = 0; i < 3; i++)
      await expect(limitedAttempt(limiter, ["email:a", `ip:${i}`], "x", fail)).rejects.toThrow();
    expect(refusal(() => limiter.admit(["email:a", "ip:9"], "x")).code).toBe("too_many_attempts");
    expect(() => limiter.admit(["email:b", "ip:0"], "x")).not.toThrow();
  });
});
