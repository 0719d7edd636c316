import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { shapeWaker } from "./shape-waker.js";

// Waits of an hour: if a wake-up were lost, the test would time out instead of passing.
const HOUR = 3_600_000;

describe("shape waker: no lost wake-ups between a long-poll's read and its wait", () => {
  it("returns at once when the tenant was poked after the reader took its count (the 0.5 s outliers)", async () => {
    const tenant = randomUUID();
    const seen = shapeWaker.seen(tenant); // before the log read
    shapeWaker.poke(tenant); // a commit lands while the read is in flight
    await shapeWaker.wait(tenant, seen, HOUR);
    expect(shapeWaker.seen(tenant)).toBe(seen + 1);
  });

  it("waits for the next poke of its own tenant, not another's", async () => {
    const tenant = randomUUID();
    const other = randomUUID();
    let woke = false;
    const waiting = shapeWaker.wait(tenant, shapeWaker.seen(tenant), HOUR).then(() => (woke = true));
    shapeWaker.poke(other);
    await Promise.resolve();
    expect(woke).toBe(false);
    shapeWaker.poke(tenant);
    await waiting;
    expect(woke).toBe(true);
  });

  it("ends when the request's signal aborts (the till hung up)", async () => {
    const tenant = randomUUID();
    const controller = new AbortController();
    const waiting = shapeWaker.wait(tenant, shapeWaker.seen(tenant), HOUR, controller.signal);
    controller.abort();
    await waiting;
    const aborted = new AbortController();
    aborted.abort();
    await shapeWaker.wait(tenant, shapeWaker.seen(tenant), HOUR, aborted.signal);
  });
});

describe("shape waker: a LISTEN that holds replaces the re-reads", () => {
  it("is listening while a LISTEN holds and not once it is lost", () => {
    expect(shapeWaker.listening).toBe(false);
    shapeWaker.listenerState(true);
    expect(shapeWaker.listening).toBe(true);
    shapeWaker.listenerState(false);
    expect(shapeWaker.listening).toBe(false);
  });

  it("wakes every tenant's waiting long-poll when a lost LISTEN holds again (what it missed was never notified)", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const waits = [a, b].map((t) => shapeWaker.wait(t, shapeWaker.seen(t), HOUR));
    shapeWaker.listenerState(true);
    await Promise.all(waits);
    shapeWaker.listenerState(false);
  });
});
