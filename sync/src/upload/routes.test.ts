import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { ParkedOpSchema, SyncStatusSchema } from "@mostrador/contracts/http/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "@mostrador/desktop/api/test-api";
import { isoNow } from "@mostrador/kernel/core/context";
import { getSyncStatus } from "./sync-status.js";
import { enqueueUncheckedOp } from "./test-support/queue-ops.js";

let api: TestApi;
beforeEach(async () => {
  api = await openTestApi();
});
afterEach(() => api.close());

/** What enrollment and retries may change: credentials, upload state, parked list, audit. */
function syncTables(): string {
  const db = api.core.db;
  return JSON.stringify([
    db.prepare("SELECT * FROM sync_credentials").all(),
    db.prepare("SELECT * FROM sync_state").all(),
    db.prepare("SELECT * FROM outbox_parked").all(),
    db.prepare("SELECT count(*) AS n FROM audit_log").get(),
  ]);
}

describe("/api/sync", () => {
  it("reports an unconfigured appliance with its backlog", async () => {
    api.core.db.transaction(() =>
      enqueueUncheckedOp(api.core.db, {
        entity: "staff",
        entityId: "s",
        op: "created",
        payload: {},
        at: isoNow(api.core),
      }),
    )();
    const res = await api.app.inject({ url: "/api/sync/status", headers: bearer(api.tokenFor("cashier")) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      configured: false,
      online: false,
      lastSyncAt: null,
      lastError: null,
      parked: [],
    });
    expect(res.json().backlog).toBeGreaterThanOrEqual(1);
    expect(schemaErrors(SyncStatusSchema, res.json())).toEqual([]);
  });

  it("lets only a role with settings.edit enroll", async () => {
    const before = syncTables();
    const res = await api.app.inject({
      method: "POST",
      url: "/api/sync/enroll",
      headers: bearer(api.tokenFor("cashier")),
      payload: { cloudUrl: "http://127.0.0.1:9", code: "ABCD2345" },
    });
    expect(res.statusCode).toBe(403);
    expect(syncTables()).toBe(before);
  });

  it.each([
    ["malformed JSON", "{cloudUrl:", 400, "malformed"],
    ["a missing code", JSON.stringify({ cloudUrl: "https://nube.example.com" }), 400, "code"],
    [
      "a code of the wrong type",
      JSON.stringify({ cloudUrl: "https://nube.example.com", code: 12345678 }),
      400,
      "code",
    ],
    [
      "an absurdly long code",
      JSON.stringify({ cloudUrl: "https://nube.example.com", code: "A".repeat(200) }),
      400,
      "code",
    ],
    [
      "an unknown field",
      JSON.stringify({ cloudUrl: "https://nube.example.com", code: "ABCD2345", x: 1 }),
      400,
      "x",
    ],
    [
      "a URL that is not one",
      JSON.stringify({ cloudUrl: "no es una url", code: "ABCD2345" }),
      400,
      "dirección",
    ],
    [
      "a cloud that cannot be reached",
      JSON.stringify({ cloudUrl: "http://127.0.0.1:9", code: "ABCD2345" }),
      503,
      "conectar",
    ],
  ])("refuses enrolling with %s and changes nothing", async (_label, body, status, mention) => {
    const before = syncTables();
    const res = await api.app.inject({
      method: "POST",
      url: "/api/sync/enroll",
      headers: { ...bearer(api.tokenFor("owner")), "content-type": "application/json" },
      payload: body,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message.toLowerCase()).toContain(
      mention === "malformed" ? "json" : mention.toLowerCase(),
    );
    expect(syncTables()).toBe(before);
  });

  it("refuses retrying a parked op that does not exist, or with a malformed id", async () => {
    const token = api.tokenFor("owner");
    const before = syncTables();
    const unknown = await api.app.inject({
      method: "POST",
      url: "/api/sync/parked/0190b8a0-0000-7000-8000-000000000001/retry",
      headers: bearer(token),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/apartada/);
    const malformed = await api.app.inject({
      method: "POST",
      url: "/api/sync/parked/1;DROP/retry",
      headers: bearer(token),
    });
    expect(malformed.statusCode).toBe(400);
    expect(syncTables()).toBe(before);
  });

  it("marks a parked op for retry and shows it in the status", async () => {
    const db = api.core.db;
    const opId = db.transaction(() =>
      enqueueUncheckedOp(db, {
        entity: "spaceship",
        entityId: "x",
        op: "launched",
        payload: {},
        at: isoNow(api.core),
      }),
    )();
    const seq = (db.prepare("SELECT seq FROM outbox WHERE id = ?").get(opId) as { seq: number }).seq;
    db.prepare(
      "INSERT INTO outbox_parked (op_id, seq, reason, parked_at) VALUES (?, ?, 'desconocida', ?)",
    ).run(opId, seq, isoNow(api.core));
    const token = api.tokenFor("owner");
    const res = await api.app.inject({
      method: "POST",
      url: `/api/sync/parked/${opId}/retry`,
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ opId, entity: "spaceship", retryRequested: true });
    expect(schemaErrors(ParkedOpSchema, res.json())).toEqual([]);
    const status = await api.app.inject({ url: "/api/sync/status", headers: bearer(token) });
    expect(status.json().parked).toEqual([expect.objectContaining({ opId, reason: "desconocida" })]);
    // The answer holds to the contract, and nothing of the status the domain builds is dropped on the way.
    expect(schemaErrors(SyncStatusSchema, status.json())).toEqual([]);
    expect(status.json()).toEqual(getSyncStatus(api.core));
  });
});
