import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "@mostrador/desktop/api/test-api";
import { listAlarms } from "../alarms/alarms.js";
import { type GatewayLink, gatewayLink } from "../gateway.js";
import { writeReadings } from "../telemetry/telemetry-writer.js";
import { openIotCore, startRuntime } from "./test-iot.js";

let api: TestApi;
let iot: ReturnType<typeof openIotCore>;
let owner: string;
let cashier: string;
let link: GatewayLink;
beforeEach(async () => {
  link = gatewayLink();
  api = await openTestApi({ link });
  iot = openIotCore(api.core);
  owner = api.tokenFor("owner");
  cashier = api.tokenFor("cashier");
});
afterEach(() => api.close());

const snapshot = () =>
  api.core.db
    .prepare(
      "SELECT (SELECT count(*) FROM rules) || '/' || (SELECT count(*) FROM outbox) || '/' || (SELECT count(*) FROM alarms) || '/' || (SELECT count(*) FROM relay_commands) AS s",
    )
    .get();
// it.each tables are built before beforeEach runs: they name the fridge by this placeholder.
const FRIDGE = "__fridge__";
const validRule = () => ({
  name: "Heladera",
  deviceId: iot ? iot.fridge.id : FRIDGE,
  condition: { kind: "above", key: "temperature", threshold: 5, clearBelow: 4, forSeconds: 600 },
  actions: [{ kind: "alarm", severity: 3, message: "Heladera caliente" }],
});

describe("rules API", () => {
  it("creates, lists, edits and deletes a rule", async () => {
    const created = await api.app.inject({
      method: "POST",
      url: "/api/rules",
      headers: bearer(owner),
      payload: validRule(),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const patched = await api.app.inject({
      method: "PATCH",
      url: `/api/rules/${id}`,
      headers: bearer(owner),
      payload: { enabled: false },
    });
    expect(patched.json()).toMatchObject({ id, enabled: false, name: "Heladera" });
    const list = await api.app.inject({ method: "GET", url: "/api/rules", headers: bearer(cashier) });
    expect(list.json()).toHaveLength(1);
    expect(
      (await api.app.inject({ method: "DELETE", url: `/api/rules/${id}`, headers: bearer(owner) })).json(),
    ).toEqual({ ok: true });
    expect(
      (await api.app.inject({ method: "GET", url: "/api/rules", headers: bearer(owner) })).json(),
    ).toEqual([]);
  });

  it.each([
    ["malformed JSON", "{", 400, "malformed_json"],
    ["a missing field", { ...validRule(), name: undefined }, 400, "invalid_input"],
    [
      "a string threshold",
      { ...validRule(), condition: { kind: "above", key: "temperature", threshold: "5" } },
      400,
      "invalid_input",
    ],
    [
      "an absurd threshold",
      { ...validRule(), condition: { kind: "above", key: "temperature", threshold: 1e12 } },
      400,
      "invalid_input",
    ],
    [
      "a negative duration",
      { ...validRule(), condition: { kind: "above", key: "temperature", threshold: 5, forSeconds: -1 } },
      400,
      "invalid_input",
    ],
    [
      "severity 5",
      { ...validRule(), actions: [{ kind: "alarm", severity: 5, message: "x" }] },
      400,
      "invalid_input",
    ],
    ["no actions", { ...validRule(), actions: [] }, 400, "invalid_input"],
    ["an unknown field", { ...validRule(), extra: 1 }, 400, "invalid_input"],
    [
      "a bad schedule time",
      { ...validRule(), schedule: { days: [1], from: "25:00", to: "08:00" } },
      400,
      "invalid_input",
    ],
    ["an unknown device", { ...validRule(), deviceId: "nope" }, 404, "device_not_found"],
    [
      "an undeclared sensor",
      { ...validRule(), condition: { kind: "above", key: "humidity", threshold: 5 } },
      400,
      "unknown_sensor",
    ],
    [
      "an inverted hysteresis",
      { ...validRule(), condition: { kind: "above", key: "temperature", threshold: 5, clearBelow: 6 } },
      400,
      "bad_hysteresis",
    ],
    [
      "an undeclared relay",
      { ...validRule(), actions: [{ kind: "relay", relayKey: "pump", state: "ON" }] },
      400,
      "unknown_relay",
    ],
  ])("refuses a rule with %s and changes nothing", async (_what, payload, status, code) => {
    const before = snapshot();
    const res = await api.app.inject({
      method: "POST",
      url: "/api/rules",
      headers: { ...bearer(owner), "content-type": "application/json" },
      payload:
        typeof payload === "string" ? payload : JSON.stringify(payload).replaceAll(FRIDGE, iot.fridge.id),
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(/[a-zá-ú]/);
    expect(snapshot()).toEqual(before);
  });

  it("refuses rule edits to cashiers and unknown rule ids", async () => {
    const before = snapshot();
    expect(
      (
        await api.app.inject({
          method: "POST",
          url: "/api/rules",
          headers: bearer(cashier),
          payload: validRule(),
        })
      ).statusCode,
    ).toBe(403);
    const missing = await api.app.inject({
      method: "PATCH",
      url: "/api/rules/nope",
      headers: bearer(owner),
      payload: { name: "x" },
    });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, "rule_not_found"]);
    expect(
      (await api.app.inject({ method: "PATCH", url: "/api/rules/nope", headers: bearer(owner), payload: {} }))
        .statusCode,
    ).toBe(400);
    expect(snapshot()).toEqual(before);
  });
});

describe("alarms, readings and relays API", () => {
  it("lists, acknowledges and clears alarms; refuses a second acknowledge and unknown ids", async () => {
    await api.app.inject({
      method: "POST",
      url: "/api/rules",
      headers: bearer(owner),
      payload: { ...validRule(), condition: { kind: "above", key: "temperature", threshold: 5 } },
    });
    const rt = startRuntime(api.core);
    rt.bus.emit("reading", {
      deviceId: iot.fridge.id,
      slug: "heladera",
      key: "temperature",
      value: 9,
      unit: "°C",
      at: rt.now(),
    });
    const [alarm] = (
      await api.app.inject({ method: "GET", url: "/api/alarms?status=active", headers: bearer(cashier) })
    ).json();
    expect(alarm).toMatchObject({
      status: "active",
      severity: 3,
      deviceName: "Heladera",
      ruleName: "Heladera",
    });
    const ack = await api.app.inject({
      method: "POST",
      url: `/api/alarms/${alarm.id}/acknowledge`,
      headers: bearer(cashier),
    });
    expect(ack.json().status).toBe("acknowledged");
    const again = await api.app.inject({
      method: "POST",
      url: `/api/alarms/${alarm.id}/acknowledge`,
      headers: bearer(cashier),
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, "alarm_not_active"]);
    expect(
      (
        await api.app.inject({
          method: "POST",
          url: `/api/alarms/${alarm.id}/clear`,
          headers: bearer(cashier),
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await api.app.inject({
          method: "POST",
          url: "/api/alarms/nope/clear",
          headers: bearer(owner),
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
    const bad = await api.app.inject({
      method: "POST",
      url: `/api/alarms/${alarm.id}/clear`,
      headers: bearer(owner),
      payload: { reason: "" },
    });
    expect(bad.statusCode).toBe(400);
    expect(listAlarms(api.core.db)[0]?.status).toBe("acknowledged");
    const cleared = await api.app.inject({
      method: "POST",
      url: `/api/alarms/${alarm.id}/clear`,
      headers: bearer(owner),
      payload: { reason: "Puerta cerrada" },
    });
    expect(cleared.json()).toMatchObject({ status: "cleared", clearReason: "Puerta cerrada" });
    expect(
      (await api.app.inject({ method: "GET", url: "/api/alarms", headers: bearer(cashier) })).json(),
    ).toEqual([]);
    expect(
      (
        await api.app.inject({ method: "GET", url: "/api/alarms?status=all", headers: bearer(cashier) })
      ).json(),
    ).toHaveLength(1);
    expect(
      (await api.app.inject({ method: "GET", url: "/api/alarms?status=old", headers: bearer(cashier) }))
        .statusCode,
    ).toBe(400);
    rt.stop();
  });

  it("answers readings by resolution and refuses bad ranges, keys and unknown devices", async () => {
    const T0 = Date.parse("2026-11-21T13:00:00.000Z");
    writeReadings(api.core.db, [
      { deviceId: iot.fridge.id, key: "temperature", at: T0, value: 4 },
      { deviceId: iot.fridge.id, key: "temperature", at: T0 + 1000, value: 6 },
    ]);
    const url = (q: string) => `/api/devices/${iot.fridge.id}/readings?${q}`;
    const ok = await api.app.inject({
      method: "GET",
      url: url(`key=temperature&from=${T0}&to=${T0 + 60_000}&resolution=minute`),
      headers: bearer(cashier),
    });
    expect(ok.json().points).toEqual([{ at: T0, min: 4, max: 6, avg: 5, count: 2 }]);
    for (const q of [
      `key=temperature&from=${T0}`,
      `key=Temp!&from=${T0}&to=${T0 + 1}`,
      `key=temperature&from=-5&to=${T0}`,
      `key=temperature&from=${T0}&to=${T0 + 1}&resolution=day`,
    ]) {
      expect(
        (await api.app.inject({ method: "GET", url: url(q), headers: bearer(cashier) })).statusCode,
      ).toBe(400);
    }
    const inverted = await api.app.inject({
      method: "GET",
      url: url(`key=temperature&from=${T0}&to=${T0}`),
      headers: bearer(cashier),
    });
    expect(inverted.json().error.code).toBe("bad_range");
    const rawDay = await api.app.inject({
      method: "GET",
      url: url(`key=temperature&from=${T0}&to=${T0 + 86_400_000}&resolution=raw`),
      headers: bearer(cashier),
    });
    expect(rawDay.statusCode).toBe(400);
    expect(rawDay.json().error.code).toBe("raw_span_too_long");
    const unknown = await api.app.inject({
      method: "GET",
      url: `/api/devices/nope/readings?key=t&from=${T0}&to=${T0 + 1}`,
      headers: bearer(cashier),
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("sends relay commands through the running controller and refuses bad ones without changes", async () => {
    const url = `/api/devices/${iot.riego.id}/relays/valve`;
    const offline = await api.app.inject({
      method: "POST",
      url,
      headers: bearer(owner),
      payload: { state: "ON" },
    });
    expect([offline.statusCode, offline.json().error.code]).toEqual([503, "gateway_not_running"]);
    const rt = startRuntime(api.core, link);
    const before = snapshot();
    for (const [payload, status] of [
      [{ state: "on" }, 400],
      [{ state: "ON", seconds: 0 }, 400],
      [{ state: "ON", seconds: 1e9 }, 400],
      [{ state: "ON", seconds: 1801 }, 400],
      [{ state: "OFF", seconds: 10 }, 400],
      [{}, 400],
    ] as const) {
      expect(
        (await api.app.inject({ method: "POST", url, headers: bearer(owner), payload })).statusCode,
      ).toBe(status);
    }
    expect(
      (
        await api.app.inject({
          method: "POST",
          url: `/api/devices/${iot.riego.id}/relays/pump`,
          headers: bearer(owner),
          payload: { state: "ON" },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await api.app.inject({ method: "POST", url, headers: bearer(cashier), payload: { state: "ON" } }))
        .statusCode,
    ).toBe(403);
    expect(snapshot()).toEqual(before);
    expect(rt.sent).toEqual([]);
    const sent = await api.app.inject({
      method: "POST",
      url,
      headers: bearer(owner),
      payload: { state: "ON", seconds: 600 },
    });
    expect([sent.statusCode, sent.json().status]).toEqual([202, "pending"]);
    expect(rt.sent).toEqual([
      { topic: "mostrador/riego/relay/valve/set", payload: '{"state":"ON","seconds":600}' },
    ]);
    const history = await api.app.inject({
      method: "GET",
      url: "/api/relays/commands",
      headers: bearer(cashier),
    });
    expect(history.json()).toMatchObject([
      { relayKey: "valve", state: "ON", seconds: 600, source: "staff", deviceName: "Riego" },
    ]);
    rt.stop();
  });
});
