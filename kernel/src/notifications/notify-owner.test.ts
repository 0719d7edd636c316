import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { newId } from "../db/ids.js";
import { NOTIFICATION_MESSAGE_MAX, notifyOwner } from "./notify-owner.js";

const at = "2026-03-02T10:00:00.000Z";
const productId = newId();

describe("notifying the owner", () => {
  let core: TestCore;
  beforeEach(() => {
    core = openTestCore();
  });
  afterEach(() => core.close());

  const rows = () =>
    core.db
      .prepare("SELECT entity, entity_id AS entityId, op, payload, created_at AS at FROM outbox")
      .all() as {
      entity: string;
      entityId: string;
      op: string;
      payload: string;
      at: string;
    }[];
  const lowStock = (message = "Stock bajo: Yerba — quedan 3 u. (mínimo 5 u.)") => ({
    kind: "low_stock" as const,
    dedupeKey: "low_stock:p1:m1",
    productId,
    onHand: 3,
    threshold: 5,
    message,
    at,
  });

  it("queues one notification/created op in the caller's transaction, as the cloud's ingest accepts it", () => {
    const id = core.db.transaction(() => notifyOwner(core.db, lowStock()))();
    const [row, ...more] = rows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ entity: "notification", entityId: id, op: "created", at });
    expect(JSON.parse(row?.payload ?? "{}")).toEqual(lowStock());
    expect(syncPayloadErrors("notification", "created", JSON.parse(row?.payload ?? "{}"))).toEqual([]);
  });

  it("vanishes with the write that caused it when that write rolls back", () => {
    expect(() =>
      core.db.transaction(() => {
        notifyOwner(core.db, lowStock());
        throw new Error("la venta no se guardó");
      })(),
    ).toThrow(/no se guardó/);
    expect(rows()).toEqual([]);
  });

  it("refuses to run outside a transaction", () => {
    expect(() => notifyOwner(core.db, lowStock())).toThrow(/inside the write's transaction/);
    expect(rows()).toEqual([]);
  });

  it("cuts a message past the payload's limit instead of queuing an op the cloud would park", () => {
    core.db.transaction(() => notifyOwner(core.db, lowStock("x".repeat(NOTIFICATION_MESSAGE_MAX + 50))))();
    const payload = JSON.parse(rows()[0]?.payload ?? "{}");
    expect(payload.message).toHaveLength(NOTIFICATION_MESSAGE_MAX);
    expect(payload.message.endsWith("…")).toBe(true);
    expect(syncPayloadErrors("notification", "created", payload)).toEqual([]);
  });
});
