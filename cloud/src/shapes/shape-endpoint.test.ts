import { createServer, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import {
  COMPACT_CLOCKS,
  COMPACT_CLOCKS_HEADER,
  compactClocks,
  expandClocks,
} from "@mostrador/contracts/http/cloud-shapes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudProduct, updateCloudProduct } from "../catalog/products.js";
import { ManualClock } from "../core/clock.js";
import { buildCloudServer } from "../server.js";
import {
  bearer,
  enrolledAppliance,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { compactShapeLog } from "./shape-log.js";

let db: TestDatabase;
let cloud: TestCloud;
let a: Awaited<ReturnType<typeof ownerWithStore>>;
let b: Awaited<ReturnType<typeof ownerWithStore>>;
let tillA: Awaited<ReturnType<typeof enrolledAppliance>>;
let tillB: Awaited<ReturnType<typeof enrolledAppliance>>;
let yerbaId: string;
const clock = new ManualClock();

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS = "1500";
  process.env.CLOUD_SHAPE_POLL_MS = "50";
  cloud = await openTestCloud(db.sql);
  delete process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS;
  delete process.env.CLOUD_SHAPE_POLL_MS;
  a = await ownerWithStore(db.sql, cloud, "a");
  b = await ownerWithStore(db.sql, cloud, "b");
  tillA = await enrolledAppliance(cloud, a.token, a.storeId, "Caja A");
  tillB = await enrolledAppliance(cloud, b.token, b.storeId, "Caja B");
  const yerba = await createCloudProduct(
    db.sql,
    a.tenantId,
    {
      sku: "YER-1",
      name: "Yerba 1 kg",
      price: 450_000,
      ivaRate: 2100,
      unit: "each",
      barcodes: ["7790387000011"],
    },
    clock,
  );
  yerbaId = yerba.id;
  await createCloudProduct(
    db.sql,
    b.tenantId,
    { sku: "SEC-1", name: "Secreto de B", price: 1, ivaRate: 0, unit: "each" },
    clock,
  );
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

const shape = (token: string, query: string) =>
  cloud.app.inject({ method: "GET", url: `/v1/shape?${query}`, headers: bearer(token) });

type Msg = { headers: Record<string, string>; key?: string; value?: Record<string, string | null> };

describe("GET /v1/shape served from the change log", () => {
  it("answers offset=-1 with the tenant's rows as Postgres text, the protocol headers and up-to-date", async () => {
    const res = await shape(tillA.token, "table=products&offset=-1");
    expect(res.statusCode).toBe(200);
    expect(res.headers["electric-handle"]).toMatch(/^[0-9a-f]{16}-1$/);
    expect(res.headers["electric-offset"]).toMatch(/^\d+_0$/);
    expect(res.headers["electric-up-to-date"]).toBeDefined();
    expect(JSON.parse(String(res.headers["electric-schema"])).price).toEqual({ type: "int8" });
    const body = res.json<Msg[]>();
    expect(body).toHaveLength(2);
    expect(body[0]).toMatchObject({
      headers: { operation: "insert" },
      key: `"public"."products"/"${yerbaId}"`,
      value: { sku: "YER-1", price: "450000", active: "t", barcodes: '["7790387000011"]', iva_rate: "2100" },
    });
    expect(body[1]!.headers.control).toBe("up-to-date");
  });

  it("sends only the changes after an offset, and a live request waits for the next edit", async () => {
    const first = await shape(tillA.token, "table=products&offset=-1");
    const handle = String(first.headers["electric-handle"]);
    const offset = String(first.headers["electric-offset"]);
    const idle = await shape(tillA.token, `table=products&offset=${offset}&handle=${handle}`);
    expect(idle.json<Msg[]>().map((m) => m.headers.control)).toEqual(["up-to-date"]);

    const live = shape(tillA.token, `table=products&offset=${offset}&handle=${handle}&live=true`);
    await new Promise((r) => setTimeout(r, 200));
    await updateCloudProduct(db.sql, a.tenantId, yerbaId, { price: 460_000 }, clock);
    const res = await live;
    expect(res.statusCode).toBe(200);
    expect(res.headers["electric-cursor"]).toBeDefined();
    const body = res.json<Msg[]>();
    expect(body[0]).toMatchObject({ headers: { operation: "update" }, value: { price: "460000" } });
    expect(body.at(-1)!.headers.control).toBe("up-to-date");
    expect(Number(String(res.headers["electric-offset"]).split("_")[0])).toBeGreaterThan(
      Number(offset.split("_")[0]),
    );
  });

  it("answers a live request with just up-to-date when nothing changes before the timeout", async () => {
    const first = await shape(tillA.token, "table=products&offset=-1");
    const q = `table=products&offset=${first.headers["electric-offset"]}&handle=${first.headers["electric-handle"]}&live=true`;
    const started = Date.now();
    const res = await shape(tillA.token, q);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(res.json<Msg[]>()).toEqual([
      { headers: { control: "up-to-date", global_last_seen_lsn: expect.any(String) } },
    ]);
  });

  it("answers 409 must-refetch with a new handle once the log was compacted", async () => {
    const first = await shape(tillA.token, "table=products&offset=-1");
    await compactShapeLog(db.sql, a.tenantId, "products");
    const res = await shape(
      tillA.token,
      `table=products&offset=${first.headers["electric-offset"]}&handle=${first.headers["electric-handle"]}`,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual([{ headers: { control: "must-refetch" } }]);
    expect(res.headers["electric-handle"]).not.toBe(first.headers["electric-handle"]);
    const again = await shape(tillA.token, "table=products&offset=-1");
    expect(again.headers["electric-handle"]).toBe(res.headers["electric-handle"]);
    expect(again.json<Msg[]>()).toHaveLength(2);
  });
});

describe("GET /v1/shape snapshot text and transfer", () => {
  it("writes a snapshot row as the same text row a change of it carries, every column", async () => {
    const c = await ownerWithStore(db.sql, cloud, "texto");
    const till = await enrolledAppliance(cloud, c.token, c.storeId, "Caja C");
    const product = await createCloudProduct(
      db.sql,
      c.tenantId,
      {
        sku: 'ALF-"1"',
        name: "Alfajor ñandú \\ triple",
        price: 99_999_999,
        ivaRate: 1050,
        unit: "kg",
        barcodes: ["7790000000002", "7790000000001"],
        lowStockThreshold: 2_500,
      },
      clock,
    );
    const first = await shape(till.token, "table=products&offset=-1");
    await updateCloudProduct(db.sql, c.tenantId, product.id, { active: false }, clock);
    const change = (
      await shape(
        till.token,
        `table=products&offset=${String(first.headers["electric-offset"])}&handle=${String(first.headers["electric-handle"])}`,
      )
    ).json<Msg[]>()[0]!;
    const snapshotRow = (await shape(till.token, "table=products&offset=-1")).json<Msg[]>()[0]!;
    expect(snapshotRow.key).toBe(change.key);
    const schema = JSON.parse(String(first.headers["electric-schema"])) as Record<string, { type: string }>;
    // jsonb is compared as JSON (Postgres prints it with spaces), everything else as the exact text.
    const comparable = (row: Record<string, string | null>) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          k,
          schema[k]?.type === "jsonb" && v !== null ? JSON.parse(v) : v,
        ]),
      );
    expect(comparable(snapshotRow.value!)).toEqual(comparable(change.value!));
    expect(snapshotRow.value).toMatchObject({
      sku: 'ALF-"1"',
      name: "Alfajor ñandú \\ triple",
      price: "99999999",
      active: "f",
      unit: "kg",
      variant_of: null,
    });
  });

  it("sends products' clocks compact to an appliance that asks, alike in the snapshot and in a change, and whole to one that does not", async () => {
    const c = await ownerWithStore(db.sql, cloud, "relojes");
    const till = await enrolledAppliance(cloud, c.token, c.storeId, "Caja R");
    const product = await createCloudProduct(
      db.sql,
      c.tenantId,
      { sku: "MAT-1", name: "Mate", price: 1_000, ivaRate: 2100, unit: "each" },
      clock,
    );
    clock.advance(60_000);
    const ask = (query: string, compact: boolean) =>
      cloud.app.inject({
        method: "GET",
        url: `/v1/shape?${query}`,
        headers: { ...bearer(till.token), ...(compact ? { [COMPACT_CLOCKS_HEADER]: COMPACT_CLOCKS } : {}) },
      });
    const first = await ask("table=products&offset=-1", true);
    await updateCloudProduct(db.sql, c.tenantId, product.id, { price: 1_200 }, clock);
    const after = `table=products&offset=${String(first.headers["electric-offset"])}&handle=${String(first.headers["electric-handle"])}`;
    const clocksOf = (res: Awaited<ReturnType<typeof ask>>) =>
      JSON.parse(res.json<Msg[]>()[0]!.value!.field_hlc!) as unknown;
    const [snapshot, change, wholeSnapshot, wholeChange] = [
      clocksOf(await ask("table=products&offset=-1", true)),
      clocksOf(await ask(after, true)),
      clocksOf(await ask("table=products&offset=-1", false)),
      clocksOf(await ask(after, false)),
    ];
    expect(wholeSnapshot).toEqual(wholeChange);
    const whole = wholeSnapshot as Record<string, string>;
    expect(new Set(Object.values(whole)).size).toBe(2);
    expect(snapshot).toEqual(compactClocks(whole));
    expect(change).toEqual(snapshot);
    expect(expandClocks(snapshot)).toEqual(whole);
    // One message per line: an appliance applies the rows while the rest is still arriving.
    expect(first.body.split("\n")).toHaveLength(first.json<Msg[]>().length + 2);
  });

  it("sends the snapshot gzipped to a client that accepts it, and plain to one that does not", async () => {
    const url = "/v1/shape?table=products&offset=-1";
    const plain = await cloud.app.inject({ method: "GET", url, headers: bearer(tillA.token) });
    const zipped = await cloud.app.inject({
      method: "GET",
      url,
      headers: { ...bearer(tillA.token), "accept-encoding": "gzip" },
    });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers["electric-handle"]).toBe(plain.headers["electric-handle"]);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString("utf8"))).toEqual(plain.json());
  });
});

describe("shape endpoint isolation", () => {
  it("shows another tenant's appliance only its own rows, and treats this tenant's handle as unknown", async () => {
    const res = await shape(tillB.token, "table=products&offset=-1");
    const names = res.json<Msg[]>().flatMap((m) => (m.value ? [m.value.name] : []));
    expect(names).toEqual(["Secreto de B"]);
    const mine = await shape(tillA.token, "table=products&offset=-1");
    const stolen = await shape(
      tillB.token,
      `table=products&offset=${mine.headers["electric-offset"]}&handle=${mine.headers["electric-handle"]}`,
    );
    expect(stolen.statusCode).toBe(409);
    expect(stolen.body).not.toContain("Yerba");
  });

  it.each([
    ["table=products&offset=-1&where=true", "shape_filter_refused"],
    ["table=products&offset=-1&where=tenant_id%20IS%20NOT%20NULL", "shape_filter_refused"],
    ["table=products&offset=-1&params%5B1%5D=x", "shape_filter_refused"],
    ["table=products&offset=-1&params=x", "shape_filter_refused"],
    ["table=accounts&offset=-1", "invalid_input"],
    ["table=shape_log&offset=-1", "invalid_input"],
    ["offset=-1", "invalid_input"],
    ["table=products", "invalid_input"],
    ["table=products&offset=banana", "invalid_input"],
    ["table=products&offset=99999999999999999999999_0&handle=x", "invalid_input"],
    ["table=products&offset=5_0", "shape_handle_required"],
    ["table=products&offset=-1&columns=name", "shape_columns_invalid"],
    ["table=products&offset=-1&columns=id,password_hash", "shape_columns_invalid"],
    ["table=products&offset=-1&secret=abc", "invalid_input"],
  ])("refuses %s with 400 and changes nothing", async (query, code) => {
    const before = await snapshot(db.owner);
    const res = await shape(tillA.token, query);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code, message: expect.stringMatching(/\S/) } });
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("refuses a request without an appliance token or with an owner token", async () => {
    expect(
      (await cloud.app.inject({ method: "GET", url: "/v1/shape?table=products&offset=-1" })).statusCode,
    ).toBe(401);
    expect((await shape(a.token, "table=products&offset=-1")).statusCode).toBe(401);
  });
});

describe("Electric proxy", () => {
  let stub: Server;
  let seen: URL[] = [];
  beforeAll(async () => {
    stub = createServer((req, res) => {
      seen.push(new URL(req.url ?? "/", "http://stub"));
      res.writeHead(200, {
        "content-type": "application/json",
        "electric-handle": "h-1",
        "electric-offset": "0_0",
        "electric-schema": "{}",
        "content-encoding": "identity",
      });
      res.end(JSON.stringify([{ headers: { control: "up-to-date" } }]));
    });
    await new Promise<void>((r) => stub.listen(0, "127.0.0.1", r));
  });
  afterAll(() => new Promise<void>((r) => stub.close(() => r())));

  it("forwards only protocol parameters and fixes table, tenant/store filter and secret itself", async () => {
    const address = stub.address() as { port: number };
    process.env.ELECTRIC_URL = `http://127.0.0.1:${address.port}`;
    process.env.ELECTRIC_SECRET = "s3creto";
    const proxied = await buildCloudServer(db.sql, { clock: cloud.clock });
    delete process.env.ELECTRIC_URL;
    delete process.env.ELECTRIC_SECRET;
    try {
      seen = [];
      const res = await proxied.inject({
        method: "GET",
        url: "/v1/shape?table=products&offset=12_3&handle=abc&live=true&cursor=7",
        headers: bearer(tillA.token),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers["electric-handle"]).toBe("h-1");
      expect(res.headers["content-encoding"]).toBeUndefined();
      expect(res.json()).toEqual([{ headers: { control: "up-to-date" } }]);
      const url = seen[0]!;
      expect(url.pathname).toBe("/v1/shape");
      expect(Object.fromEntries(url.searchParams)).toEqual({
        table: "products",
        offset: "12_3",
        handle: "abc",
        live: "true",
        cursor: "7",
        where: "tenant_id = $1 AND (store_id IS NULL OR store_id = $2)",
        "params[1]": a.tenantId,
        "params[2]": a.storeId,
        secret: "s3creto",
      });
      const refused = await proxied.inject({
        method: "GET",
        url: "/v1/shape?table=products&offset=-1&where=true",
        headers: bearer(tillA.token),
      });
      expect(refused.statusCode).toBe(400);
      expect(seen).toHaveLength(1);
    } finally {
      await proxied.close();
    }
  });
});
