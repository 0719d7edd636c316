import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { closeSession } from "./close.js";
import { openSession } from "./sessions.js";
import { insertStaffRow } from "./test-sales.js";

describe("the owner hears of a cash difference at the cierre Z", () => {
  let core: TestCore;
  let cashier: Principal;
  let manager: Principal;
  let sessionId: string;
  beforeEach(() => {
    core = openTestCore();
    const terminal = createTerminal(core, { code: 3, name: "Caja 3" });
    cashier = insertStaffRow(core, "cashier", terminal.id, "Lucía");
    manager = insertStaffRow(core, "manager", terminal.id, "Martín");
    // Float $ 100: the drawer is expected to hold 10000 centavos at the close.
    sessionId = openSession(core, cashier, 10_000).id;
    updateSettings(core.db, { cashDifferenceAlert: 2_000 });
  });
  afterEach(() => core.close());

  const notifications = () =>
    (
      core.db
        .prepare("SELECT entity_id, payload FROM outbox WHERE entity = 'notification' ORDER BY seq")
        .all() as { entity_id: string; payload: string }[]
    ).map((r) => JSON.parse(r.payload) as Record<string, unknown>);

  it("queues one notification, in the close's transaction, when the drawer is short by more than the limit", () => {
    closeSession(core, manager, 7_500);
    const [alert, ...more] = notifications();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ kind: "cash_difference", dedupeKey: `cash_difference:${sessionId}` });
    expect(alert?.message).toBe(
      "Faltante de caja en Caja 3: $ 25,00 (esperado $ 100,00, contado $ 75,00; cierre Z de Martín)",
    );
    // What the cloud's ingest accepts.
    expect(syncPayloadErrors("notification", "created", alert)).toEqual([]);
  });

  it("tells an overage too", () => {
    closeSession(core, manager, 13_000);
    expect(notifications()[0]?.message).toMatch(/^Sobrante de caja en Caja 3: \$ 30,00/);
  });

  it("stays quiet at or below the limit, and when the limit is 0", () => {
    closeSession(core, manager, 8_000);
    expect(notifications()).toEqual([]);
    openSession(core, cashier, 10_000);
    updateSettings(core.db, { cashDifferenceAlert: 0 });
    closeSession(core, manager, 1_000);
    expect(notifications()).toEqual([]);
  });

  it("queues nothing when the close is refused", () => {
    expect(() => closeSession(core, cashier, 1_000)).toThrow(expect.objectContaining({ kind: "forbidden" }));
    expect(notifications()).toEqual([]);
  });
});
