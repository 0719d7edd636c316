import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "@mostrador/desktop/api/test-api";
import { type GatewayLink, gatewayLink, type RunningGateway, startGateway } from "../gateway.js";
import { FRIDGE } from "../test-gateway.js";

describe("device API", () => {
  let api: TestApi;
  let owner: Record<string, string>;
  let link: GatewayLink;
  beforeEach(async () => {
    link = gatewayLink();
    api = await openTestApi({ link });
    owner = bearer(api.tokenFor("owner"));
  });
  afterEach(async () => {
    await api.close();
  });

  const count = (table: string) =>
    api.core.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const snapshot = () => ({
    devices: count("devices"),
    sensors: count("device_sensors"),
    relays: count("device_relays"),
    outbox: count("outbox"),
    audit: count("audit_log"),
    hashes: api.core.db.prepare("SELECT group_concat(secret_hash) FROM devices").pluck().get(),
    names: api.core.db.prepare("SELECT group_concat(name) FROM devices").pluck().get(),
  });
  const post = (url: string, payload: unknown, headers = owner) =>
    api.app.inject({ method: "POST", url, payload: payload as object, headers });

  it("registers a device and answers its secret once; the list never shows it", async () => {
    const res = await post("/api/devices", FRIDGE);
    expect(res.statusCode).toBe(201);
    const { device, secret } = res.json();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(device.slug).toBe("heladera-1");
    const list = await api.app.inject({ method: "GET", url: "/api/devices", headers: owner });
    expect(list.json()).toEqual([device]);
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain("secret");
  });

  it("rotates a secret and patches name, active flag, sensors and relays", async () => {
    const { device, secret } = (await post("/api/devices", FRIDGE)).json();
    const rotated = await post(`/api/devices/${device.id}/rotate-secret`, undefined);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).not.toBe(secret);
    const patched = await api.app.inject({
      method: "PATCH",
      url: `/api/devices/${device.id}`,
      headers: owner,
      payload: { name: "Heladera 2", active: false, sensors: [{ key: "hum", kind: "humidity" }] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: "Heladera 2",
      active: false,
      sensors: [{ key: "hum", unit: "%" }],
    });
  });

  it("lets a manager manage devices but not a cashier (403, nothing written)", async () => {
    expect((await post("/api/devices", FRIDGE, bearer(api.tokenFor("manager")))).statusCode).toBe(201);
    const before = snapshot();
    const res = await post("/api/devices", { ...FRIDGE, slug: "otra" }, bearer(api.tokenFor("cashier")));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("permission_denied");
    expect(snapshot()).toEqual(before);
  });

  it("refuses bad input with a Spanish message and changes nothing", async () => {
    const { device } = (await post("/api/devices", FRIDGE)).json();
    const before = snapshot();
    const bad: [string, string, unknown, number][] = [
      ["POST", "/api/devices", "{no es json", 400],
      ["POST", "/api/devices", { name: "Sin slug" }, 400],
      ["POST", "/api/devices", { ...FRIDGE, slug: 42 }, 400],
      ["POST", "/api/devices", { ...FRIDGE, slug: "Con Espacios" }, 400],
      ["POST", "/api/devices", { ...FRIDGE, slug: "x".repeat(33) }, 400],
      ["POST", "/api/devices", { ...FRIDGE, slug: "otra", extra: true }, 400],
      ["POST", "/api/devices", { ...FRIDGE, slug: "otra", name: "" }, 400],
      ["POST", "/api/devices", { ...FRIDGE, slug: "otra", sensors: [{ key: "t", kind: "plasma" }] }, 400],
      [
        "POST",
        "/api/devices",
        { ...FRIDGE, slug: "otra", sensors: [{ key: "t", kind: "temperature", min: -1e300 }] },
        400,
      ],
      [
        "POST",
        "/api/devices",
        { ...FRIDGE, slug: "otra", sensors: [{ key: "t", kind: "temperature", max: 1000 }] },
        400,
      ],
      [
        "POST",
        "/api/devices",
        { ...FRIDGE, slug: "otra", relays: [{ key: "r", name: "R", maxOnSeconds: -5 }] },
        400,
      ],
      [
        "POST",
        "/api/devices",
        { ...FRIDGE, slug: "otra", relays: [{ key: "r", name: "R", maxOnSeconds: 1.5 }] },
        400,
      ],
      [
        "POST",
        "/api/devices",
        { ...FRIDGE, slug: "otra", relays: [{ key: "r", name: "R", maxOnSeconds: 1e12 }] },
        400,
      ],
      [
        "POST",
        "/api/devices",
        {
          ...FRIDGE,
          slug: "otra",
          sensors: Array.from({ length: 17 }, (_, i) => ({ key: `s${i}`, kind: "door" })),
        },
        400,
      ],
      ["POST", "/api/devices", FRIDGE, 409],
      ["PATCH", `/api/devices/${device.id}`, {}, 400],
      ["PATCH", `/api/devices/${device.id}`, { slug: "nuevo" }, 400],
      ["PATCH", `/api/devices/${device.id}`, { active: "no" }, 400],
      ["PATCH", "/api/devices/no-existe", { name: "x" }, 404],
      ["POST", "/api/devices/no-existe/rotate-secret", undefined, 404],
    ];
    for (const [method, url, payload, status] of bad) {
      const res = await api.app.inject({
        method: method as "POST" | "PATCH",
        url,
        headers: payload === undefined ? owner : { ...owner, "content-type": "application/json" },
        ...(payload === undefined
          ? {}
          : { payload: typeof payload === "string" ? payload : JSON.stringify(payload) }),
      });
      expect({ url, payload, status: res.statusCode }).toEqual({ url, payload, status });
      expect(res.json().error.message).toMatch(/[a-záéíóúñ]/i);
    }
    expect(snapshot()).toEqual(before);
  });

  it("needs a session to list devices", async () => {
    expect((await api.app.inject({ method: "GET", url: "/api/devices" })).statusCode).toBe(401);
  });

  describe("GET /api/gateway/stats", () => {
    let gateway: RunningGateway | null = null;
    afterEach(async () => {
      await gateway?.stop();
      gateway = null;
    });

    it("answers 503 with a message while the gateway is not running", async () => {
      const res = await api.app.inject({ method: "GET", url: "/api/gateway/stats", headers: owner });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe("gateway_not_running");
    });

    it("shows the running gateway's counters", async () => {
      gateway = await startGateway(api.core, {
        link,
        mqttPort: 0,
        mqttHost: "127.0.0.1",
        extensions: [],
        log: () => {},
      });
      const res = await api.app.inject({ method: "GET", url: "/api/gateway/stats", headers: owner });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        mqttPort: gateway.port,
        devicesOnline: 0,
        connections: { current: 0, accepted: 0 },
        messages: { accepted: 0 },
      });
    });
  });
});
