import {
  HomeAssistantCredentialsSchema,
  HomeAssistantInfoSchema,
} from "@mostrador/contracts/http/home-assistant";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "@mostrador/desktop/api/test-api";
import { hashDeviceSecret } from "../devices/device-secret.js";
import { gatewayLink, type RunningGateway, startGateway } from "../gateway.js";
import { connectClient } from "../test-gateway.js";

const CREDENTIALS = "/api/integrations/home-assistant/credentials";

describe("Home Assistant credentials API", () => {
  let api: TestApi;
  let gateway: RunningGateway | null;
  let owner: Record<string, string>;

  beforeEach(async () => {
    const link = gatewayLink();
    api = await openTestApi({ link });
    owner = bearer(api.tokenFor("owner"));
    gateway = await startGateway(api.core, {
      link,
      mqttPort: 0,
      mqttHost: "127.0.0.1",
      extensions: [],
      log: () => {},
    });
  });
  afterEach(async () => {
    await gateway?.stop();
    await api.close();
  });

  const snapshot = () => ({
    credentials: api.core.db.prepare("SELECT * FROM integration_credentials").all(),
    audit: api.core.db.prepare("SELECT count(*) FROM audit_log").pluck().get(),
    outbox: api.core.db.prepare("SELECT count(*) FROM outbox").pluck().get(),
  });
  const post = (headers = owner, extra: object = {}) =>
    api.app.inject({
      method: "POST",
      url: CREDENTIALS,
      headers: { ...headers, host: "192.168.0.20:3000" },
      ...extra,
    });
  const revoke = (headers = owner) => api.app.inject({ method: "DELETE", url: CREDENTIALS, headers });

  it("issues host, port, username and a password shown once, keeping only its hash", async () => {
    const res = await post();
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      host: "192.168.0.20",
      port: gateway?.port,
      username: "homeassistant",
      password: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(schemaErrors(HomeAssistantCredentialsSchema, body)).toEqual([]);
    const rows = snapshot().credentials as { secret_hash: string; username: string }[];
    expect(rows).toEqual([
      expect.objectContaining({ username: "homeassistant", secret_hash: hashDeviceSecret(body.password) }),
    ]);
    const info = await api.app.inject({
      method: "GET",
      url: "/api/integrations/home-assistant",
      headers: owner,
    });
    expect(info.json()).toMatchObject({
      configured: true,
      username: "homeassistant",
      discoveryPrefix: "homeassistant",
    });
    expect(info.body).not.toContain(body.password);
    expect(schemaErrors(HomeAssistantInfoSchema, info.json())).toEqual([]);
    const audit = api.core.db
      .prepare("SELECT action FROM audit_log WHERE entity = 'integration'")
      .pluck()
      .all();
    expect(audit).toEqual(["integration.credentials_issued"]);
  });

  it("lets Home Assistant connect with what it answered", async () => {
    const { port, username, password } = (await post()).json();
    const client = await connectClient(`mqtt://127.0.0.1:${port}`, { clientId: "ha", username, password });
    expect(client.connected).toBe(true);
    client.end(true);
  });

  it("rotates on a second call: the old password stops working", async () => {
    const first = (await post()).json();
    const second = (await post()).json();
    expect(second.password).not.toBe(first.password);
    const url = `mqtt://127.0.0.1:${gateway?.port}`;
    await expect(
      connectClient(url, { clientId: "ha", username: "homeassistant", password: first.password }),
    ).rejects.toMatchObject({ code: 4 });
    const audit = api.core.db
      .prepare("SELECT action FROM audit_log WHERE entity = 'integration' ORDER BY at, rowid")
      .pluck()
      .all();
    expect(audit).toEqual(["integration.credentials_issued", "integration.credentials_rotated"]);
  });

  it("revokes with DELETE (204) and answers 404 when there is nothing to revoke", async () => {
    await post();
    const res = await revoke();
    expect(res.statusCode).toBe(204);
    expect(snapshot().credentials).toEqual([]);
    const before = snapshot();
    const again = await revoke();
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toMatch(/no tiene credenciales/);
    expect(snapshot()).toEqual(before);
  });

  it("refuses a cashier (403) and an anonymous caller (401), changing nothing", async () => {
    const cashier = bearer(api.tokenFor("cashier"));
    const before = snapshot();
    expect((await post(cashier)).statusCode).toBe(403);
    expect((await post({})).statusCode).toBe(401);
    expect((await revoke(cashier)).statusCode).toBe(403);
    expect(
      (await api.app.inject({ method: "GET", url: "/api/integrations/home-assistant", headers: cashier }))
        .statusCode,
    ).toBe(403);
    expect(snapshot()).toEqual(before);
  });

  it("refuses a body with fields, malformed JSON or a non-object, changing nothing", async () => {
    const before = snapshot();
    const json = { ...owner, "content-type": "application/json" };
    const cases = [
      { payload: { username: "otro" } },
      { payload: "{nope", headers: json },
      { payload: "[]", headers: json },
      { payload: '"texto"', headers: json },
      { payload: "x".repeat(2_000_000), headers: json },
    ];
    for (const c of cases) {
      const res = await post(c.headers ?? owner, { payload: c.payload });
      expect(res.statusCode, JSON.stringify(c.payload).slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.message).toBeTruthy();
    }
    expect(snapshot()).toEqual(before);
  });

  it("answers 503 while the gateway is not running and issues nothing", async () => {
    await gateway?.stop();
    gateway = null;
    const before = snapshot();
    const res = await post();
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toMatch(/gateway/);
    expect(snapshot()).toEqual(before);
  });
});
