import type { ChangeMessage, Row } from "@electric-sql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { newId } from "@mostrador/kernel/db/ids";
import { applyCloudLimit, applyCreditLimitMessages } from "./credit-limit-apply.js";
import { park, replayFor } from "./waiting.js";

const cloudClock = (iso: string) => `${String(Date.parse(iso)).padStart(15, "0")}-00000-cloud`;
const limitRow = (customerId: string, creditLimit: number, at: string): ChangeMessage<Row> => ({
  key: customerId,
  value: {
    customer_id: customerId,
    credit_limit: BigInt(creditLimit),
    // As Electric sends a timestamptz: Postgres' text.
    set_at: at.replace("T", " ").replace(".000Z", "+00"),
    hlc: cloudClock(at),
  },
  headers: { operation: "update" },
});

describe("download_waiting: what the mechanism guarantees beyond one shape's stream", () => {
  let core: TestCore;
  let customerId: string;
  beforeEach(() => {
    core = openTestCore();
    customerId = newId();
  });
  afterEach(() => core.close());

  const limit = () =>
    core.db
      .prepare("SELECT credit_limit FROM customer_credit_limits WHERE customer_id = ?")
      .pluck()
      .get(customerId);
  const waiting = () => core.db.prepare("SELECT shape, key FROM download_waiting").all();
  /** The customer known here without her shape's row: a merge's survivor placeholder (customer-apply.ts). */
  const placeholder = () =>
    core.db
      .prepare(
        "INSERT INTO customers (id, name, name_key, born_at, created_at, updated_at) VALUES (?, '', '', 'cloud', ?, ?)",
      )
      .run(customerId, "2026-11-21T13:00:00.000Z", "2026-11-21T13:00:00.000Z");
  const replay = () =>
    core.db.transaction(() =>
      replayFor(core, "customer", [customerId], { credit_limits: (c, m) => applyCreditLimitMessages(c, m) }),
    )();

  it("a newer delivery applied directly drops the parked one, so the customer's arrival replays nothing", () => {
    core.db.transaction(() =>
      applyCreditLimitMessages(core, [limitRow(customerId, 100_000, "2026-11-21T13:00:00.000Z")]),
    )();
    expect(waiting()).toEqual([{ shape: "credit_limits", key: customerId }]);
    placeholder();
    core.db.transaction(() =>
      applyCreditLimitMessages(core, [limitRow(customerId, 200_000, "2026-11-21T14:00:00.000Z")]),
    )();
    expect(waiting()).toEqual([]);
    expect(replay().size).toBe(0);
    expect(limit()).toBe(200_000);
  });

  it("a parked row replayed after a newer limit was applied another way loses to its clock", () => {
    core.db.transaction(() =>
      applyCreditLimitMessages(core, [limitRow(customerId, 100_000, "2026-11-21T13:00:00.000Z")]),
    )();
    placeholder();
    // Applied without going through the shape (as the accounts tests and an earlier download did).
    applyCloudLimit(core, {
      customerId,
      creditLimit: 200_000,
      setAt: "2026-11-21T14:00:00.000Z",
      hlc: cloudClock("2026-11-21T14:00:00.000Z"),
    });
    expect(replay().get("credit_limits")).toEqual([]);
    expect(limit()).toBe(200_000);
    expect(waiting()).toEqual([]);
  });

  it("a replayed row its apply refuses is set aside in download_rejects; the batch that brought the customer goes on", () => {
    const key = newId();
    core.db.transaction(() =>
      park(
        core,
        "allowance_grants",
        key,
        { id: key, customer_id: customerId },
        { entity: "customer", id: customerId },
      ),
    )();
    placeholder();
    const replayed = core.db.transaction(() =>
      replayFor(core, "customer", [customerId], {
        allowance_grants: () => {
          throw new Error("fila imposible");
        },
      }),
    )();
    expect(replayed.size).toBe(0);
    expect(waiting()).toEqual([]);
    expect(core.db.prepare("SELECT shape, pk, reason FROM download_rejects").all()).toEqual([
      { shape: "allowance_grants", pk: key, reason: "fila imposible" },
    ]);
  });

  it("rows of a shape with no replayer stay parked", () => {
    core.db.transaction(() =>
      applyCreditLimitMessages(core, [limitRow(customerId, 100_000, "2026-11-21T13:00:00.000Z")]),
    )();
    placeholder();
    expect(core.db.transaction(() => replayFor(core, "customer", [customerId], {}))().size).toBe(0);
    expect(waiting()).toHaveLength(1);
  });
});
