import { createHmac } from "node:crypto";
import { AutomationList, CampaignView, SegmentView } from "@mostrador/contracts/http/cloud-campaigns";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { SegmentRule } from "@mostrador/contracts/marketing/segment-rules";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { saveChannel } from "../messaging/channel-config.js";
import {
  startMessagingWorld,
  WA_APP_SECRET,
  WA_PHONE_ID,
  WA_TOKEN,
} from "../messaging/test-support/messaging-world.js";
import { whatsappStatus, whatsappWebhookBody } from "../messaging/test-support/fake-whatsapp.js";
import { MessagingWorker } from "../messaging/worker.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { createCampaignsModule } from "./module.js";
import { runAutomations, runDueCampaigns } from "./scheduler.js";

const DAY = 86_400_000;
let db: TestDatabase;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;
let cloud: TestCloud;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let other: Awaited<ReturnType<typeof ownerWithStore>>;
const f = new OpFactory();
const ids: Record<string, string> = {};
let appToken: string;

const daysAgo = (n: number) => new Date(world.clock.now().getTime() - n * DAY).toISOString();

/** A customer born at the shop's till, with sales (days ago, centavos) and, if given, an email opt-in. */
async function customer(
  target: { token: string; storeId: string; tenantId: string },
  appToken: string,
  key: string,
  opts: {
    email?: string;
    phone?: string;
    sales?: [number, number, string?][];
    tags?: string[];
    birthday?: string;
    optIn?: ("email" | "whatsapp")[];
  },
) {
  const id = uuidv7();
  ids[key] = id;
  const ops: unknown[] = [
    f.op("customer", id, "created", {
      id,
      name: `${key} Pérez`,
      docType: null,
      docNumber: null,
      ivaCondition: "consumidor_final",
      phone: opts.phone ?? null,
      email: opts.email ?? null,
      birthday: opts.birthday ?? null,
      notes: null,
      tags: opts.tags ?? [],
      loyaltyCode: null,
      bornAt: target.storeId,
      mergedInto: null,
      erasedAt: null,
      at: daysAgo(200),
      fieldHlc: Object.fromEntries(
        [
          "name",
          "docType",
          "docNumber",
          "ivaCondition",
          "phone",
          "email",
          "birthday",
          "notes",
          "tags",
          "loyaltyCode",
        ].map((field) => [field, `${String(Date.parse(daysAgo(200))).padStart(15, "0")}-00000-abcd`]),
      ),
    }),
  ];
  for (const [days, amount, product] of opts.sales ?? []) {
    const { payload } = f.sale([{ productId: product ?? "p-coca", quantity: 1, unitPrice: amount }]);
    ops.push(f.op("sale", payload.id, "created", { ...payload, createdAt: daysAgo(days), customerId: id }));
  }
  for (const channel of opts.optIn ?? [])
    ops.push(
      f.op("customer", id, "consent", {
        id: uuidv7(),
        customerId: id,
        channel,
        granted: true,
        source: "till",
        staffId: "s-1",
        at: daysAgo(100),
      }),
    );
  expect((await ingest(cloud, appToken, ops)).statusCode).toBe(200);
  // The email double opt-in: the person followed the emailed link (messaging's own test covers the link).
  await db.owner.query(
    `UPDATE messaging_consents k SET status = 'opted_in', opted_in_at = now(), confirm_token_hash = NULL
       FROM customers c WHERE c.id = $1 AND k.contact_id = c.contact_id`,
    [id],
  );
  return id;
}

const api = (method: "GET" | "POST" | "PUT", url: string, payload?: unknown, token = shop.token) =>
  cloud.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

const count = async (rule: SegmentRule, token = shop.token) => {
  const res = await api("POST", "/v1/segments/count", { rule }, token);
  expect(res.statusCode, res.body).toBe(200);
  return json<{ count: number }>(res).count;
};

const RECENT_LAPSED: SegmentRule = {
  all: [
    { field: "daysSinceLastPurchase", op: "lte", value: 90 },
    { not: { field: "daysSinceLastPurchase", op: "lte", value: 30 } },
  ],
};

beforeAll(async () => {
  db = await createTestDatabase();
  world = await startMessagingWorld(db.sql);
  // Campaigns with messaging's configuration of this world (WhatsApp's endpoints: the fake).
  const modules = world
    .modules()
    .map((m) => (m.name === "campaigns" ? createCampaignsModule(world.config) : m));
  cloud = await openTestCloud(db.sql, { modules, clock: world.clock });
  shop = await ownerWithStore(db.sql, cloud, "campanias");
  other = await ownerWithStore(db.sql, cloud, "otra");
  const app = await enrolledAppliance(cloud, shop.token, shop.storeId);
  appToken = app.token;
  const otherApp = await enrolledAppliance(cloud, other.token, other.storeId);
  const [{ id: ownerAccount }] = (await db.owner.query<{ id: string }>(
    `SELECT id FROM accounts WHERE tenant_id = $1`,
    [shop.tenantId],
  )) as [{ id: string }];
  await db.sql.withTenant(shop.tenantId, (q) =>
    saveChannel(
      q,
      world.config.secrets,
      shop.tenantId,
      "email",
      {
        enabled: true,
        settings: {
          host: "127.0.0.1",
          port: world.smtp.port,
          secure: false,
          from: "hola@almacen.test",
          fromName: "Almacén",
        },
      },
      ownerAccount,
      world.clock.now(),
    ),
  );
  await db.sql.withTenant(shop.tenantId, (q) =>
    saveChannel(
      q,
      world.config.secrets,
      shop.tenantId,
      "whatsapp",
      {
        enabled: true,
        settings: { phoneNumberId: WA_PHONE_ID, businessAccountId: "102290129340398" },
        secrets: { accessToken: WA_TOKEN, appSecret: WA_APP_SECRET, verifyToken: "v" },
      },
      ownerAccount,
      world.clock.now(),
    ),
  );
  // ana: bought 60 days ago, email opt-in → in the segment, receives.
  await customer(shop, app.token, "ana", {
    email: "ana@example.com",
    sales: [[60, 500_000]],
    optIn: ["email"],
    tags: ["vip"],
    birthday: "1990-03-05",
  });
  // beto: bought 45 days ago, no consent → in the segment, skipped.
  await customer(shop, app.token, "beto", { email: "beto@example.com", sales: [[45, 200_000, "p-yerba"]] });
  // caro: bought 10 days ago too → not in the segment.
  await customer(shop, app.token, "caro", {
    email: "caro@example.com",
    sales: [
      [70, 100_000],
      [10, 100_000],
    ],
    optIn: ["email"],
  });
  // dani: last bought 200 days ago → not in the segment; WhatsApp opt-in.
  await customer(shop, app.token, "dani", {
    phone: "+5491122334455",
    sales: [[200, 900_000]],
    optIn: ["whatsapp"],
    birthday: "1985-07-20",
  });
  // The other tenant's customer matches the same rule: it must never count for this shop.
  await customer(other, otherApp.token, "otro", {
    email: "otro@example.com",
    sales: [[60, 100_000]],
    optIn: ["email"],
  });
  const owner = db.owner;
  await owner.query(
    `INSERT INTO loyalty_entries (tenant_id, id, store_id, customer_id, kind, points, payload, created_at)
     VALUES ($1, $2, $3, $4, 'earn', 250, '{}', now())`,
    [shop.tenantId, uuidv7(), shop.storeId, ids.dani],
  );
  await owner.query(
    `INSERT INTO account_entries (tenant_id, id, store_id, customer_id, kind, amount, payload, created_at)
     VALUES ($1, $2, $3, $4, 'charge', 150000, '{}', now())`,
    [shop.tenantId, uuidv7(), shop.storeId, ids.beto],
  );
  for (const [state, days] of [
    ["no_show", 20],
    ["done", 5],
  ] as const)
    await owner.query(
      `INSERT INTO turno_bookings (tenant_id, id, store_id, professional_id, service_id, customer_id, start_at, end_at, state, origin, price, created_at, updated_at)
       VALUES ($1, $2, $3, 'pro', 'srv', $4, $5, $5, $6, 'desk', 0, now(), now())`,
      [shop.tenantId, uuidv7(), shop.storeId, ids.caro, daysAgo(days), state],
    );
}, 60_000);

afterAll(async () => {
  await cloud?.close();
  await world?.close();
  await db?.drop();
});

describe("segments", () => {
  it("compiles each rule kind to the customers it describes, inside the tenant", async () => {
    expect(await count(RECENT_LAPSED)).toBe(2); // ana, beto (the other tenant's "otro" matches too: not counted)
    expect(await count({ field: "purchaseCount", op: "gte", value: 2 })).toBe(1); // caro
    expect(await count({ field: "purchaseCount", op: "gte", value: 1, withinDays: 50 })).toBe(2); // beto, caro
    expect(await count({ field: "totalSpent", op: "gte", value: 500_000 })).toBe(2); // ana, dani
    expect(await count({ field: "boughtProduct", value: "p-yerba" })).toBe(1);
    expect(await count({ field: "tag", value: "vip" })).toBe(1);
    expect(await count({ field: "store", value: shop.storeId })).toBe(4);
    expect(await count({ field: "birthMonth", op: "eq", value: 7 })).toBe(1); // dani
    expect(await count({ field: "daysToBirthday", op: "lte", value: 7 })).toBe(1); // ana, 5 March (today 2 March)
    expect(await count({ field: "loyaltyPoints", op: "gte", value: 200 })).toBe(1);
    expect(await count({ field: "accountBalance", op: "gt", value: 0 })).toBe(1);
    expect(await count({ field: "noShowCount", op: "gte", value: 1 })).toBe(1);
    expect(await count({ field: "visitCount", op: "eq", value: 3 })).toBe(1); // caro: 2 tickets + 1 turno
    expect(await count({ field: "daysSinceLastAppointment", op: "lte", value: 7 })).toBe(1);
    expect(
      await count({
        any: [
          { field: "tag", value: "vip" },
          { field: "birthMonth", op: "eq", value: 7 },
        ],
      }),
    ).toBe(2);
    // The other tenant sees only its own customer under the same rule.
    expect(await count(RECENT_LAPSED, other.token)).toBe(1);
  });

  it("a saved segment is evaluated when used: it updates itself", async () => {
    const res = await api("POST", "/v1/segments", { name: "Volver a ver", rule: RECENT_LAPSED });
    expect(res.statusCode, res.body).toBe(201);
    expectAnswer(SegmentView, res, 201);
    expect(json<{ count: number }>(res).count).toBe(2);
    // A customer who bought 50 days ago arrives from the till: the saved segment counts her, unsaved again.
    await customer(shop, appToken, "eli", { email: "eli@example.com", sales: [[50, 80_000]] });
    const list = json<{ segments: { count: number }[] }>(await api("GET", "/v1/segments"));
    expect(list.segments[0]!.count).toBe(3);
  });

  it("refuses a rule on an unknown field, in Spanish, and changes nothing", async () => {
    const before = await snapshot(db.owner);
    const res = await api("POST", "/v1/segments", {
      name: "Malo",
      rule: {
        all: [
          { field: "daysSinceLastPurchase", op: "lte", value: 90 },
          { field: "sueldo", op: "gt", value: 1 },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(res).error.message).toBe(
      'La regla "regla.all.1" usa un campo desconocido: "sueldo"',
    );
    const extra = await api("POST", "/v1/segments/count", { rule: { field: "tag", value: "vip", hack: 1 } });
    expect(extra.statusCode).toBe(400);
    expect(await snapshot(db.owner)).toBe(before);
  });
});

describe("campaigns", () => {
  let segmentId: string;
  let campaign: CampaignView;

  it("refuses a template with an unclosed tag (naming the line) and a segment of zero, changing nothing", async () => {
    const seg = await api("POST", "/v1/segments", {
      name: "Nadie",
      rule: { field: "tag", value: "no-existe" },
    });
    const empty = json<{ id: string }>(seg).id;
    segmentId = json<{ id: string }>(
      await api("POST", "/v1/segments", { name: "90 sin 30", rule: RECENT_LAPSED }),
    ).id;
    const before = await snapshot(db.owner);
    const bad = await api("POST", "/v1/campaigns", {
      name: "Mala",
      segmentId,
      channel: "email",
      subject: "Hola",
      body: "Hola {{ nombre }}\n{% if puntos > 0 %}tenés puntos",
      perMinute: 60,
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(bad).error.message).toBe(
      "La plantilla (mensaje) tiene una etiqueta sin cerrar en la línea 2",
    );
    expect(await snapshot(db.owner)).toBe(before);

    const draft = await api("POST", "/v1/campaigns", {
      name: "A nadie",
      segmentId: empty,
      channel: "email",
      subject: "Hola",
      body: "Hola {{ nombre }}",
      perMinute: 60,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const before2 = await snapshot(db.owner);
    const send = await api("POST", `/v1/campaigns/${json<{ id: string }>(draft).id}/send`, {
      scheduledAt: null,
    });
    expect(send.statusCode).toBe(409);
    expect(json<{ error: { message: string } }>(send).error.message).toMatch(/no tiene clientes/);
    expect(await snapshot(db.owner)).toBe(before2);
  });

  it("previews with a customer of the segment and sends a test copy to the owner", async () => {
    const res = await api("POST", "/v1/campaigns", {
      name: "Te extrañamos",
      segmentId,
      channel: "email",
      subject: "{{ nombre }}, te extrañamos",
      body: "Hola {{ nombre }}: volvé a {{ tienda }}.\n\nMirá https://almacen.test/ofertas",
      perMinute: 1,
    });
    expect(res.statusCode, res.body).toBe(201);
    expectAnswer(CampaignView, res, 201);
    campaign = json<CampaignView>(res);
    const preview = await api("POST", "/v1/campaigns/preview", {
      segmentId,
      subject: campaign.subject,
      body: campaign.body,
    });
    expect(preview.statusCode).toBe(200);
    expect(json<{ subject: string }>(preview).subject).toBe("ana, te extrañamos");
    expect(json<{ html: string }>(preview).html).toContain("#1f6f5c");
    const test = await api("POST", `/v1/campaigns/${campaign.id}/test`, {});
    expect(test.statusCode).toBe(202);
    await new MessagingWorker(db.sql, world.clock, world.config).runOnce();
    expect(world.smtp.received.map((m) => m.to[0])).toEqual([shop.email]);
    world.smtp.received.length = 0;
  });

  it("sends once, only to the opted-in, and counts the rest as skipped", async () => {
    const send = await api("POST", `/v1/campaigns/${campaign.id}/send`, { scheduledAt: null });
    expect(send.statusCode, send.body).toBe(200);
    expect(await runDueCampaigns(db.sql, world.clock, world.config)).toBe(1);
    expect(await runDueCampaigns(db.sql, world.clock, world.config)).toBe(0); // idempotent
    await new MessagingWorker(db.sql, world.clock, world.config).runOnce();
    expect(world.smtp.received.map((m) => m.to[0])).toEqual(["ana@example.com"]);
    // Quoted-printable: soft line breaks and "=" as =3D.
    const raw = world.smtp.received[0]!.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    expect(raw).toMatch(/v1\/messaging\/unsubscribe\?token=/);
    expect(raw).toMatch(/v1\/campaigns\/track\/open\?token=/);
    const view = json<CampaignView>(await api("GET", `/v1/campaigns/${campaign.id}`));
    expect(view.status).toBe("sent");
    expect(view.results).toMatchObject({
      recipients: 1,
      skippedNoConsent: 2,
      sent: 1,
      delivered: 1,
      opened: 0,
    });
  });

  it("counts opens and clicks through signed links, refuses a forged one, and attributes a later purchase", async () => {
    const [{ body: html }] = (await db.owner.query<{ body: string }>(
      `SELECT html AS body FROM messages WHERE source = $1`,
      [`campaign:${campaign.id}`],
    )) as [{ body: string }];
    const open = /track\/open\?token=([^"&]+)/.exec(html)![1]!;
    const click = /track\/click\?token=([^"&]+)/.exec(html)![1]!;
    expect(
      (await cloud.app.inject({ method: "GET", url: `/v1/campaigns/track/open?token=${open}` })).statusCode,
    ).toBe(200);
    const redirect = await cloud.app.inject({
      method: "GET",
      url: `/v1/campaigns/track/click?token=${click}`,
    });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe("https://almacen.test/ofertas");
    const [body] = click.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), u: "https://malo.test" }),
    ).toString("base64url");
    const refused = await cloud.app.inject({
      method: "GET",
      url: `/v1/campaigns/track/click?token=${forged}.${click.split(".")[1]}`,
    });
    expect(refused.statusCode).toBe(400);

    // ana buys 2 days after the send; a sale before the send never counts.
    const app = await enrolledAppliance(cloud, shop.token, shop.storeId, "Caja 2");
    const { payload } = f.sale([{ productId: "p-coca", quantity: 1, unitPrice: 345_600 }]);
    world.clock.advance(2 * DAY);
    await ingest(cloud, app.token, [
      f.op("sale", payload.id, "created", {
        ...payload,
        createdAt: world.clock.now().toISOString(),
        customerId: ids.ana,
      }),
    ]);
    const view = json<CampaignView>(await api("GET", `/v1/campaigns/${campaign.id}`));
    expect(view.results).toMatchObject({
      opened: 1,
      clicked: 1,
      attributedSales: 1,
      attributedAmount: 345_600,
    });
    world.clock.advance(-2 * DAY);
  });

  it("holds the weekly frequency cap across campaigns, and messaging defers marketing in quiet hours", async () => {
    await api("PUT", "/v1/marketing/settings", {
      weeklyCap: 1,
      attributionDays: 7,
      brandColor: "#aa0000",
      logoUrl: "",
    });
    // ana (the only vip) got the first campaign this week; she bought since, so she left "90 sin 30".
    const vip = json<{ id: string }>(
      await api("POST", "/v1/segments", { name: "VIP", rule: { field: "tag", value: "vip" } }),
    ).id;
    const second = json<CampaignView>(
      await api("POST", "/v1/campaigns", {
        name: "Otra",
        segmentId: vip,
        channel: "email",
        subject: "Hola",
        body: "Hola",
        perMinute: 60,
      }),
    );
    await api("POST", `/v1/campaigns/${second.id}/send`, { scheduledAt: null });
    await runDueCampaigns(db.sql, world.clock, world.config);
    const view = json<CampaignView>(await api("GET", `/v1/campaigns/${second.id}`));
    expect(view.results).toMatchObject({ recipients: 0, skippedCap: 1, skippedNoConsent: 0 });

    // A third, with the cap raised, at 23:00 in Buenos Aires: queued, deferred by messaging to 09:00.
    await api("PUT", "/v1/marketing/settings", {
      weeklyCap: 5,
      attributionDays: 7,
      brandColor: "#aa0000",
      logoUrl: "",
    });
    const third = json<CampaignView>(
      await api("POST", "/v1/campaigns", {
        name: "Noche",
        segmentId: vip,
        channel: "email",
        subject: "Hola",
        body: "Hola",
        perMinute: 60,
      }),
    );
    world.clock.advance(11 * 3_600_000); // 15:00Z + 11 h = 02:00Z = 23:00 in Buenos Aires
    await api("POST", `/v1/campaigns/${third.id}/send`, { scheduledAt: null });
    await runDueCampaigns(db.sql, world.clock, world.config);
    world.smtp.received.length = 0;
    await new MessagingWorker(db.sql, world.clock, world.config).runOnce();
    expect(world.smtp.received).toEqual([]);
    const [m] = await db.owner.query<{ status: string; not_before: Date }>(
      `SELECT status, not_before FROM messages WHERE source = $1`,
      [`campaign:${third.id}`],
    );
    expect(m).toEqual({ status: "queued", not_before: new Date("2026-03-03T12:00:00.000Z") });
    world.clock.advance(-11 * 3_600_000);
  });

  it("sends by WhatsApp with the approved template; a status webhook with a bad signature changes nothing", async () => {
    const seg = json<{ id: string }>(
      await api("POST", "/v1/segments", { name: "Julio", rule: { field: "birthMonth", op: "eq", value: 7 } }),
    );
    const wa = json<CampaignView>(
      await api("POST", "/v1/campaigns", {
        name: "Cumple",
        segmentId: seg.id,
        channel: "whatsapp",
        subject: "",
        body: "¡Feliz cumple, {{ nombre }}!",
        whatsappTemplate: { name: "cumple_promo", language: "es_AR", parameters: ["{{ nombre }}"] },
        perMinute: 60,
      }),
    );
    // Meta's approval of the marketing template, read from the Business Management API (the fake's list).
    world.whatsapp.setTemplate("102290129340398", {
      name: "cumple_promo",
      language: "es_AR",
      status: "APPROVED",
    });
    const approval = await api("GET", `/v1/campaigns/${wa.id}/whatsapp-approval`);
    expect(approval.statusCode, approval.body).toBe(200);
    expect(json(approval)).toEqual({ state: "approved", detail: null });
    await api("POST", `/v1/campaigns/${wa.id}/send`, { scheduledAt: null });
    await runDueCampaigns(db.sql, world.clock, world.config);
    await new MessagingWorker(db.sql, world.clock, world.config).runOnce();
    expect(world.whatsapp.sent).toHaveLength(1);
    const [m] = await db.owner.query<{ provider_id: string }>(
      `SELECT provider_id FROM messages WHERE source = $1`,
      [`campaign:${wa.id}`],
    );
    const body = JSON.stringify(
      whatsappWebhookBody(WA_PHONE_ID, {
        statuses: [whatsappStatus(m!.provider_id, "delivered", "5491122334455")],
      }),
    );
    const post = (secret: string) =>
      cloud.app.inject({
        method: "POST",
        url: `/v1/messaging/webhooks/whatsapp/${shop.tenantId}`,
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        },
        payload: body,
      });
    const before = await snapshot(db.owner);
    expect((await post("otro-secreto")).statusCode).toBe(401);
    expect(await snapshot(db.owner)).toBe(before);
    expect((await post(WA_APP_SECRET)).statusCode).toBe(200);
    const view = json<CampaignView>(await api("GET", `/v1/campaigns/${wa.id}`));
    expect(view.results).toMatchObject({ recipients: 1, sent: 1, delivered: 1 });
  });

  it("runs automations once per customer and occasion: a birthday, a lapse without consent", async () => {
    const bad = await api("PUT", "/v1/automations/birthday", {
      enabled: true,
      channel: "email",
      subject: "Feliz cumple",
      body: "{% if puntos %}hola",
      days: 0,
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(bad).error.message).toMatch(/sin cerrar en la línea 1/);
    const birthday = await api("PUT", "/v1/automations/birthday", {
      enabled: true,
      channel: "email",
      subject: "¡Feliz cumple, {{ nombre }}!",
      body: "Te regalamos un café en {{ tienda }}.",
      days: 0,
    });
    expect(birthday.statusCode, birthday.body).toBe(200);
    const lapse = await api("PUT", "/v1/automations/we_miss_you", {
      enabled: true,
      channel: "email",
      subject: "Te extrañamos",
      body: "Volvé pronto",
      days: 195,
    });
    expect(lapse.statusCode, lapse.body).toBe(200);
    world.clock.advance(2 * DAY); // 4 March: dani's last purchase 202 days ago, inside 195–202
    expect(await runAutomations(db.sql, world.clock, world.config)).toBe(0); // not ana's birthday yet
    world.clock.advance(1 * DAY);
    // dani's lapse was claimed on the 4th (no consent): not again on the 5th; ana's birthday once.
    expect(await runAutomations(db.sql, world.clock, world.config)).toBe(1);
    expect(await runAutomations(db.sql, world.clock, world.config)).toBe(0);
    const list = json<{ automations: { kind: string; results: Record<string, number> }[] }>(
      await api("GET", "/v1/automations"),
    );
    expectAnswer(AutomationList, await api("GET", "/v1/automations"));
    expect(list.automations.find((a) => a.kind === "birthday")!.results).toMatchObject({ recipients: 1 });
    expect(list.automations.find((a) => a.kind === "we_miss_you")!.results).toMatchObject({
      recipients: 0,
      skippedNoConsent: 1,
    });
    const sends = await db.owner.query<{ occasion: string }>(
      `SELECT occasion FROM automation_sends WHERE tenant_id = $1 ORDER BY occasion`,
      [shop.tenantId],
    );
    expect(sends.map((x) => x.occasion)).toEqual([expect.stringMatching(/^last:/), "year:2026"]);
    world.clock.advance(-3 * DAY);
  });

  it("throttles a campaign to its messages per minute", async () => {
    const seg = json<{ id: string }>(
      await api("POST", "/v1/segments", {
        name: "VIP o frecuentes",
        rule: {
          any: [
            { field: "tag", value: "vip" },
            { field: "purchaseCount", op: "gte", value: 2 },
          ],
        },
      }),
    );
    const c = json<CampaignView>(
      await api("POST", "/v1/campaigns", {
        name: "De a uno",
        segmentId: seg.id,
        channel: "email",
        subject: "Hola",
        body: "Hola {{ nombre }}",
        perMinute: 1,
      }),
    );
    await api("POST", `/v1/campaigns/${c.id}/send`, { scheduledAt: null });
    await runDueCampaigns(db.sql, world.clock, world.config);
    const rows = await db.owner.query<{ not_before: Date }>(
      `SELECT not_before FROM messages WHERE source = $1 ORDER BY not_before`,
      [`campaign:${c.id}`],
    );
    const now = world.clock.now().getTime();
    expect(rows.map((r) => r.not_before.getTime() - now)).toEqual([0, 60_000]); // ana, caro
  });

  it("schedules at a later time, refuses one in the past, and cancels back to a draft", async () => {
    const c = json<CampaignView>(
      await api("POST", "/v1/campaigns", {
        name: "Más tarde",
        segmentId,
        channel: "email",
        subject: "Hola",
        body: "Hola",
        perMinute: 60,
      }),
    );
    const before = await snapshot(db.owner);
    const past = await api("POST", `/v1/campaigns/${c.id}/send`, {
      scheduledAt: new Date(world.clock.now().getTime() - DAY).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(await snapshot(db.owner)).toBe(before);
    const later = new Date(world.clock.now().getTime() + DAY).toISOString();
    const scheduled = json<CampaignView>(
      await api("POST", `/v1/campaigns/${c.id}/send`, { scheduledAt: later }),
    );
    expect(scheduled).toMatchObject({ status: "scheduled", scheduledAt: later });
    expect(await runDueCampaigns(db.sql, world.clock, world.config)).toBe(0); // not yet
    const back = json<CampaignView>(await api("POST", `/v1/campaigns/${c.id}/cancel`, {}));
    expect(back).toMatchObject({ status: "draft", scheduledAt: null });
  });

  it("a customer erased on request leaves no campaign text behind (the email's HTML part included)", async () => {
    const [ana] = await db.owner.query<{ contact_id: string }>(
      `SELECT contact_id FROM customers WHERE id = $1`,
      [ids.ana],
    );
    const html = `SELECT count(*)::int AS n FROM messages WHERE contact_id = $1 AND html IS NOT NULL`;
    expect((await db.owner.query<{ n: number }>(html, [ana!.contact_id]))[0]!.n).toBeGreaterThan(0);
    const erase = await api("POST", `/v1/customers/${ids.ana}/erase`, {});
    expect(erase.statusCode, erase.body).toBe(200);
    expect((await db.owner.query<{ n: number }>(html, [ana!.contact_id]))[0]!.n).toBe(0);
  });
});
