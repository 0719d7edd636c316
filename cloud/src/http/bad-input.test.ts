import { listRoutes } from "@mostrador/platform/http/route-list";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { HOSTILE_TEXT, HOSTILE_URL_TEXT } from "@mostrador/contracts/text-samples";
import { apiKeyFor } from "../publicapi/test-public-api.js";

let db: TestDatabase;
let cloud: TestCloud;
let owner: Awaited<ReturnType<typeof ownerWithStore>>;
let applianceId: string;
let applianceToken: string;
let apiKey: string;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  owner = await ownerWithStore(db.sql, cloud);
  ({ applianceId, token: applianceToken } = await enrolledAppliance(cloud, owner.token, owner.storeId));
  // Its first call notes last_seen_at (then at most every 30 s): done here, so the cases' snapshots hold.
  await cloud.app.inject({ method: "GET", url: "/v1/appliance/me", headers: bearer(applianceToken) });
  apiKey = (await apiKeyFor(cloud, owner.token)).secret; // the public API's routes (/api/v1)
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

interface Case {
  name: string;
  method: "GET" | "POST";
  url: () => string;
  /** true: the owner's session; "appliance": the enrolled appliance's token. */
  auth?: boolean | "appliance";
  body?: unknown;
  raw?: string;
  status: number;
  code?: string;
  message?: RegExp;
}

const MISSING_UUID = "0190a0b0-0000-7000-8000-000000000000";
const long = (n: number) => "x".repeat(n);

const cases: Case[] = [
  // POST /v1/auth/login
  {
    name: "login: malformed JSON",
    method: "POST",
    url: () => "/v1/auth/login",
    raw: '{"email":',
    status: 400,
    code: "malformed_json",
  },
  {
    name: "login: missing password",
    method: "POST",
    url: () => "/v1/auth/login",
    body: { email: "a@b.co" },
    status: 400,
    message: /Falta el campo "password"/,
  },
  {
    name: "login: email of wrong type",
    method: "POST",
    url: () => "/v1/auth/login",
    body: { email: 5, password: "x" },
    status: 400,
    message: /debe ser de tipo string/,
  },
  {
    name: "login: unknown field",
    method: "POST",
    url: () => "/v1/auth/login",
    body: { email: "a@b.co", password: "x", admin: true },
    status: 400,
    message: /"admin" no se reconoce/,
  },
  {
    name: "login: absurdly long password",
    method: "POST",
    url: () => "/v1/auth/login",
    body: { email: "a@b.co", password: long(201) },
    status: 400,
    message: /demasiado largo/,
  },
  { name: "login: array body", method: "POST", url: () => "/v1/auth/login", body: [], status: 400 },
  // POST /v1/auth/logout, GET /v1/me without a session
  {
    name: "logout: no session",
    method: "POST",
    url: () => "/v1/auth/logout",
    status: 401,
    code: "not_logged_in",
  },
  { name: "me: no session", method: "GET", url: () => "/v1/me", status: 401, code: "not_logged_in" },
  // POST /v1/stores
  {
    name: "store: malformed JSON",
    method: "POST",
    url: () => "/v1/stores",
    auth: true,
    raw: "{name}",
    status: 400,
    code: "malformed_json",
  },
  {
    name: "store: missing name",
    method: "POST",
    url: () => "/v1/stores",
    auth: true,
    body: {},
    status: 400,
    message: /Falta el campo "name"/,
  },
  {
    name: "store: blank name",
    method: "POST",
    url: () => "/v1/stores",
    auth: true,
    body: { name: "   " },
    status: 400,
  },
  {
    name: "store: name too long",
    method: "POST",
    url: () => "/v1/stores",
    auth: true,
    body: { name: long(121) },
    status: 400,
    message: /máximo 120/,
  },
  {
    name: "store: name of wrong type",
    method: "POST",
    url: () => "/v1/stores",
    auth: true,
    body: { name: 42 },
    status: 400,
  },
  {
    name: "store: tenant_id smuggled in",
    method: "POST",
    url: () => "/v1/stores",
    auth: true,
    body: { name: "X", tenant_id: MISSING_UUID },
    status: 400,
    message: /no se reconoce/,
  },
  { name: "store: no session", method: "POST", url: () => "/v1/stores", body: { name: "X" }, status: 401 },
  { name: "stores: no session", method: "GET", url: () => "/v1/stores", status: 401 },
  // POST /v1/stores/:id/pairing-codes
  {
    name: "pairing: store id not a uuid",
    method: "POST",
    url: () => "/v1/stores/1 OR 1=1/pairing-codes",
    auth: true,
    status: 400,
    message: /formato válido/,
  },
  {
    name: "pairing: unknown store",
    method: "POST",
    url: () => `/v1/stores/${MISSING_UUID}/pairing-codes`,
    auth: true,
    status: 404,
    code: "store_not_found",
  },
  {
    name: "pairing: unexpected body field",
    method: "POST",
    url: () => `/v1/stores/${owner.storeId}/pairing-codes`,
    auth: true,
    body: { ttl: 99999 },
    status: 400,
  },
  {
    name: "pairing: no session",
    method: "POST",
    url: () => `/v1/stores/${owner.storeId}/pairing-codes`,
    status: 401,
  },
  // POST /v1/enroll
  { name: "enroll: malformed JSON", method: "POST", url: () => "/v1/enroll", raw: "code=ABCD", status: 400 },
  {
    name: "enroll: missing name",
    method: "POST",
    url: () => "/v1/enroll",
    body: { code: "ABCDEFGH" },
    status: 400,
    message: /applianceName/,
  },
  {
    name: "enroll: code of wrong type",
    method: "POST",
    url: () => "/v1/enroll",
    body: { code: 12345678, applianceName: "Caja" },
    status: 400,
  },
  {
    name: "enroll: absurd code",
    method: "POST",
    url: () => "/v1/enroll",
    body: { code: long(21), applianceName: "Caja" },
    status: 400,
  },
  {
    name: "enroll: code with forbidden letters",
    method: "POST",
    url: () => "/v1/enroll",
    body: { code: "OOOO0000", applianceName: "Caja" },
    status: 400,
    code: "pairing_code_malformed",
  },
  {
    name: "enroll: unknown code",
    method: "POST",
    url: () => "/v1/enroll",
    body: { code: "ABCDEFGH", applianceName: "Caja" },
    status: 404,
    code: "pairing_code_unknown",
  },
  {
    name: "enroll: name too long",
    method: "POST",
    url: () => "/v1/enroll",
    body: { code: "ABCDEFGH", applianceName: long(81) },
    status: 400,
  },
  {
    name: "enroll: store id smuggled in",
    method: "POST",
    url: () => "/v1/enroll",
    body: { code: "ABCDEFGH", applianceName: "Caja", storeId: MISSING_UUID },
    status: 400,
  },
  // GET /v1/appliances, POST /v1/appliances/:id/revoke
  { name: "appliances: no session", method: "GET", url: () => "/v1/appliances", status: 401 },
  {
    name: "revoke: id not a uuid",
    method: "POST",
    url: () => "/v1/appliances/abc/revoke",
    auth: true,
    status: 400,
  },
  {
    name: "revoke: unknown appliance",
    method: "POST",
    url: () => `/v1/appliances/${MISSING_UUID}/revoke`,
    auth: true,
    status: 404,
    code: "appliance_not_found",
  },
  {
    name: "revoke: unexpected body",
    method: "POST",
    url: () => `/v1/appliances/${applianceId}/revoke`,
    auth: true,
    body: { at: "2020-01-01" },
    status: 400,
  },
  {
    name: "revoke: no session",
    method: "POST",
    url: () => `/v1/appliances/${applianceId}/revoke`,
    status: 401,
  },
  // GET /v1/appliance/me
  {
    name: "appliance me: no token",
    method: "GET",
    url: () => "/v1/appliance/me",
    status: 401,
    code: "appliance_unknown",
  },
  // Unknown route
  {
    name: "unknown route",
    method: "GET",
    url: () => "/v1/nada",
    auth: true,
    status: 404,
    code: "route_not_found",
  },
  // A URL that is not valid percent-encoded UTF-8 (a lone surrogate has none): the API's envelope.
  ...["/v1/stores/%ED%A0%80/pairing-codes", "/v1/appliances/%ZZ/revoke"].map((url): Case => ({
    name: `bad URL ${url}`,
    method: "POST",
    url: () => url,
    auth: true,
    status: 400,
    code: "bad_url",
  })),
  // Control characters and lone surrogates in every text input (@mostrador/platform/http/text-policy): a 400 naming the
  // field before anything runs, never a 500 from PostgreSQL refusing a NUL.
  ...HOSTILE_TEXT.flatMap(({ label, text }): Case[] => [
    {
      name: `login: ${label} in the email`,
      method: "POST",
      url: () => "/v1/auth/login",
      body: { email: `duenio${text}@example.com`, password: "clave-de-prueba-1" },
      status: 400,
      code: "invalid_text",
      message: /"email"/,
    },
    {
      name: `login: ${label} in the password`,
      method: "POST",
      url: () => "/v1/auth/login",
      body: { email: "a@b.co", password: text },
      status: 400,
      code: "invalid_text",
      message: /"password"/,
    },
    {
      name: `login: ${label} in a key`,
      method: "POST",
      url: () => "/v1/auth/login",
      body: { email: "a@b.co", password: "x", [`clave${text}`]: 1 },
      status: 400,
      code: "invalid_text",
      message: /El nombre del campo "clave/,
    },
    {
      name: `store: ${label} in the name`,
      method: "POST",
      url: () => "/v1/stores",
      auth: true,
      body: { name: `Local ${text}` },
      status: 400,
      code: "invalid_text",
      message: /"name"/,
    },
    {
      name: `enroll: ${label} in the appliance name`,
      method: "POST",
      url: () => "/v1/enroll",
      body: { code: "ABCDEFGH", applianceName: `Caja ${text}` },
      status: 400,
      code: "invalid_text",
      message: /"applianceName"/,
    },
    {
      name: `enroll: ${label} in the code`,
      method: "POST",
      url: () => "/v1/enroll",
      body: { code: `ABCD${text}`, applianceName: "Caja" },
      status: 400,
      code: "invalid_text",
      message: /"code"/,
    },
    {
      name: `pairing: ${label} in an empty body's key`,
      method: "POST",
      url: () => `/v1/stores/${owner.storeId}/pairing-codes`,
      auth: true,
      body: { [text]: true },
      status: 400,
      code: "invalid_text",
    },
  ]),
  ...HOSTILE_URL_TEXT.flatMap(({ label, text }): Case[] => [
    {
      name: `pairing: ${label} in the store id`,
      method: "POST",
      url: () => `/v1/stores/${text}/pairing-codes`,
      auth: true,
      status: 400,
      code: "invalid_text",
      message: /"id"/,
    },
    {
      name: `revoke: ${label} in the appliance id`,
      method: "POST",
      url: () => `/v1/appliances/${text}/revoke`,
      auth: true,
      status: 400,
      code: "invalid_text",
    },
    {
      name: `stores: ${label} in the query string`,
      method: "GET",
      url: () => `/v1/stores?orden=${text}`,
      auth: true,
      status: 400,
      code: "invalid_text",
      message: /"orden"/,
    },
    {
      name: `appliance me: ${label} in the query string`,
      method: "GET",
      url: () => `/v1/appliance/me?x=${text}`,
      auth: "appliance",
      status: 400,
      code: "invalid_text",
    },
    {
      name: `shape: ${label} in the handle`,
      method: "GET",
      url: () => `/v1/shape?table=products&offset=0_0&handle=${text}`,
      auth: "appliance",
      status: 400,
      code: "invalid_text",
      message: /"handle"/,
    },
    {
      name: `ingest: ${label} in the query string`,
      method: "POST",
      url: () => `/v1/ingest?x=${text}`,
      auth: "appliance",
      body: { ops: [] },
      status: 400,
      code: "invalid_text",
    },
  ]),
];

describe("bad input at every endpoint", () => {
  it.each(cases)("$name → $status with a Spanish message, nothing changed", async (c) => {
    const before = await snapshot(db.owner);
    const headers: Record<string, string> =
      c.auth === "appliance" ? bearer(applianceToken) : c.auth ? bearer(owner.token) : {};
    if (c.raw !== undefined || c.body !== undefined) headers["content-type"] = "application/json";
    const res = await cloud.app.inject({
      method: c.method,
      url: c.url(),
      headers,
      ...(c.raw !== undefined
        ? { payload: c.raw }
        : c.body !== undefined
          ? { payload: JSON.stringify(c.body) }
          : {}),
    });
    expect(res.statusCode).toBe(c.status);
    const body = json<{ error: { code: string; message: string } }>(res);
    expect(body.error.message).toMatch(/[a-záéíóúñ]{3,}/i);
    if (c.code) expect(body.error.code).toBe(c.code);
    if (c.message) expect(body.error.message).toMatch(c.message);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("refuses a body that is too large", async () => {
    const res = await cloud.app.inject({
      method: "POST",
      url: "/v1/stores",
      headers: { ...bearer(owner.token), "content-type": "application/json" },
      payload: JSON.stringify({ name: long(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await cloud.app.inject({
      method: "POST",
      url: "/v1/stores",
      headers: { ...bearer(owner.token), "content-type": "application/x-www-form-urlencoded" },
      payload: "name=X",
    });
    expect(res.statusCode).toBe(415);
    expect(json(res)).toMatchObject({ error: { code: "unsupported_media_type" } });
  });
});

describe("the text policy at every route", () => {
  it("finds the service's routes to test (the route tree parsed)", () => {
    const all = listRoutes(cloud.app).map((r) => `${r.method} ${r.url}`);
    expect(all.length).toBeGreaterThan(15);
    expect(all).toEqual(
      expect.arrayContaining(["POST /v1/auth/login", "PATCH /v1/dashboard/catalog/:id", "POST /v1/ingest"]),
    );
  });

  it("refuses a control character in any query string, path parameter or body with 400 invalid_text, changing nothing", async () => {
    const before = await snapshot(db.owner);
    for (const { method, url } of listRoutes(cloud.app)) {
      const plain = url.replaceAll(/:\w+/g, MISSING_UUID);
      const attempts: { url: string; payload?: string; field: string }[] = [
        { url: `${plain}?filtro=a%00b`, field: "filtro" },
      ];
      const param = /:(\w+)/.exec(url)?.[1];
      if (param) attempts.push({ url: url.replaceAll(/:\w+/g, "a%01b"), field: param });
      // POST /v1/ingest checks its body per op instead (ingest.pg.test.ts): one bad op must not jam the queue.
      // Providers' webhooks check the signature over the raw body first (messaging/webhooks.pg.test.ts,
      // billing/billing.pg.test.ts, channels/channels.pg.test.ts: a forged or unknown store's order webhook).
      const providerWebhook =
        url.startsWith("/v1/messaging/webhooks/") ||
        url.startsWith("/v1/billing/webhooks/") ||
        /^\/v1\/channels\/[a-z]+\/webhooks$/.test(url);
      if (method !== "GET" && url !== "/v1/ingest" && !providerWebhook)
        attempts.push(
          { url: plain, payload: '{"nombre":"Pan\\u0000"}', field: "nombre" },
          { url: plain, payload: '{"nombre":"Pan\\ud800"}', field: "nombre" },
          { url: plain, payload: '{"a\\u001bb":1}', field: "a\\u001bb" },
        );
      for (const a of attempts) {
        const send = (token: string) =>
          cloud.app.inject({
            method: method as "GET",
            url: a.url,
            headers: { ...bearer(token), ...(a.payload ? { "content-type": "application/json" } : {}) },
            ...(a.payload ? { payload: a.payload } : {}),
          });
        let res = await send(owner.token);
        if (res.statusCode === 401) res = await send(applianceToken); // an appliance's route
        if (res.statusCode === 401) res = await send(apiKey); // the public API's
        const label = `${method} ${a.url} ${a.payload ?? ""}`;
        expect(res.statusCode, label).toBe(400);
        expect(json<{ error: { code: string } }>(res).error.code, label).toBe("invalid_text");
        expect(json<{ error: { message: string } }>(res).error.message, label).toContain(`"${a.field}"`);
      }
    }
    expect(await snapshot(db.owner)).toBe(before);
  });
});
