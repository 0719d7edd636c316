import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import type { ChannelsAnswer, ContactsAnswer, MessagesAnswer } from "@mostrador/contracts/http/messaging";
import { header, quotedPrintable } from "./test-support/test-smtp.js";
import { startMessagingWorld, TG_TOKEN, WA_TOKEN } from "./test-support/messaging-world.js";
import { MessagingWorker } from "./worker.js";

let db: TestDatabase;
let cloud: TestCloud;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await startMessagingWorld(db.sql);
  cloud = await openTestCloud(db.sql, { modules: world.modules(), clock: world.clock });
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

const api = (token: string) => ({
  get: (url: string) =>
    cloud.app.inject({ method: "GET", url: `/v1/messaging${url}`, headers: bearer(token) }),
  send: (method: "POST" | "PATCH" | "PATCH", url: string, payload?: unknown) =>
    cloud.app.inject({
      method,
      url: `/v1/messaging${url}`,
      headers: bearer(token),
      ...(payload !== undefined ? { payload: payload as object } : {}),
    }),
});

const smtpSettings = () => ({
  host: "127.0.0.1",
  port: world.smtp.port,
  secure: false,
  from: "hola@almacen.test",
});

describe("channel settings", () => {
  it("secrets are required the first time, stored sealed and never answered; leaving them out keeps them", async () => {
    const o = await ownerWithStore(db.sql, cloud, "canales");
    const a = api(o.token);
    const noSecrets = await a.send("PATCH", "/channels/whatsapp", {
      enabled: true,
      settings: { phoneNumberId: "123" },
    });
    expect(noSecrets.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(noSecrets).error.code).toBe("secrets_required");
    const put = await a.send("PATCH", "/channels/whatsapp", {
      enabled: true,
      settings: { phoneNumberId: "123", alertTemplate: { name: "aviso_dueno", language: "es_AR" } },
      secrets: { accessToken: WA_TOKEN, appSecret: "secreto-app", verifyToken: "verifica" },
    });
    expect(put.statusCode).toBe(204);
    expect(
      (await a.send("PATCH", "/channels/whatsapp", { enabled: false, settings: { phoneNumberId: "456" } }))
        .statusCode,
    ).toBe(204);
    const res = await a.get("/channels");
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(WA_TOKEN);
    expect(res.body).not.toContain("secreto-app");
    expect(json<ChannelsAnswer>(res).channels).toEqual([
      expect.objectContaining({
        channel: "whatsapp",
        enabled: false,
        hasSecrets: true,
        settings: { phoneNumberId: "456" },
      }),
    ]);
    const [stored] = await db.owner.query<{ secrets_ciphertext: string }>(
      `SELECT secrets_ciphertext FROM messaging_channels WHERE tenant_id = $1`,
      [o.tenantId],
    );
    expect(stored!.secrets_ciphertext).not.toContain(WA_TOKEN);
  });

  it("bad input is refused with the error envelope and changes nothing", async () => {
    const o = await ownerWithStore(db.sql, cloud, "malos");
    const a = api(o.token);
    const before = await snapshot(db.owner);
    const bad = [
      await a.send("PATCH", "/channels/telegram", {
        enabled: true,
        settings: {},
        secrets: { botToken: "no-es-un-token", webhookSecret: "x" },
      }),
      await a.send("PATCH", "/channels/email", {
        enabled: true,
        settings: { ...smtpSettings(), from: "sin-arroba" },
      }),
      await a.send("PATCH", "/channels/email", { enabled: true, settings: smtpSettings(), extra: 1 }),
      await a.send("PATCH", "/channels/sms", { enabled: true, settings: {} }),
      await a.send("POST", "/contacts", { name: "X", phone: "hola" }),
      await a.send("POST", "/contacts", { name: "X", timeZone: "Marte/Olimpo" }),
      await a.send("POST", "/contacts", { name: "X\u0007" }),
      await a.send("PATCH", "/settings", { quietStart: "25:00", quietEnd: "09:00", defaultTimeZone: "UTC" }),
      await a.send("POST", "/test-send", {
        channel: "email",
        contactId: "0190a8e0-0000-7000-8000-000000000000",
        text: "hola",
      }),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 404, 400, 400, 400, 400, 404]);
    for (const r of bad)
      expect(json<{ error: { code: string; message: string } }>(r).error.code).toEqual(expect.any(String));
    expect(await snapshot(db.owner)).toBe(before);
  });
});

describe("contacts, consent and the log", () => {
  it("phones are normalised, duplicates refused, and another tenant sees none of it", async () => {
    const o = await ownerWithStore(db.sql, cloud, "contactos");
    const other = await ownerWithStore(db.sql, cloud, "ajeno");
    const a = api(o.token);
    const created = await a.send("POST", "/contacts", {
      name: "Ana",
      phone: "011 15 2345-6789",
      email: "Ana@Example.com",
      ownerRecipient: true,
    });
    expect(created.statusCode).toBe(201);
    const dup = await a.send("POST", "/contacts", { name: "Otra Ana", phone: "+54 9 11 2345 6789" });
    expect(dup.statusCode).toBe(409);
    const list = json<ContactsAnswer>(await a.get("/contacts")).contacts;
    expect(list).toEqual([
      expect.objectContaining({
        name: "Ana",
        phone: "541123456789",
        email: "ana@example.com",
        ownerRecipient: true,
        consents: [],
      }),
    ]);
    expect(json<ContactsAnswer>(await api(other.token).get("/contacts")).contacts).toEqual([]);
    const id = json<{ id: string }>(created).id;
    expect((await api(other.token).send("PATCH", `/contacts/${id}`, { name: "Robado" })).statusCode).toBe(
      404,
    );
  });

  it("email opt-in is double: pending until the emailed link is followed; the link works once", async () => {
    const o = await ownerWithStore(db.sql, cloud, "doble");
    const a = api(o.token);
    expect(
      (await a.send("PATCH", "/channels/email", { enabled: true, settings: smtpSettings() })).statusCode,
    ).toBe(204);
    const { id } = json<{ id: string }>(
      await a.send("POST", "/contacts", { name: "Bea", email: "bea@cliente.test" }),
    );
    const res = await a.send("POST", `/contacts/${id}/consent`, {
      channel: "email",
      action: "opt_in",
      source: "formulario en el local",
    });
    expect(json(res)).toEqual({ status: "pending" });
    await new MessagingWorker(db.sql, cloud.clock, world.config).runOnce();
    const mail = world.smtp.received.find((m) => m.to.includes("bea@cliente.test"))!;
    const link = /\/v1\/messaging\/confirm\?token=[A-Za-z0-9_-]+/.exec(quotedPrintable(mail.raw))![0];
    const confirm = await cloud.app.inject({ method: "GET", url: link });
    expect(confirm.statusCode).toBe(200);
    const consent = json<ContactsAnswer>(await a.get("/contacts")).contacts[0]!.consents[0]!;
    expect(consent).toMatchObject({ channel: "email", status: "opted_in", recordedBy: o.email });
    expect(consent.optedInAt).not.toBeNull();
    expect((await cloud.app.inject({ method: "GET", url: link })).statusCode).toBe(410);

    // Every email carries the unsubscribe link: one-click POST opts out; a forged token is refused.
    const unsubscribe = /<([^>]+)>/
      .exec(header(mail.raw, "List-Unsubscribe")!)![1]!
      .replace(world.config.publicUrl, "");
    expect((await cloud.app.inject({ method: "GET", url: unsubscribe })).statusCode).toBe(200);
    const forged = unsubscribe.slice(0, -3) + "AAA";
    expect(
      (
        await cloud.app.inject({
          method: "POST",
          url: forged,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload: "List-Unsubscribe=One-Click",
        })
      ).statusCode,
    ).toBe(400);
    const done = await cloud.app.inject({
      method: "POST",
      url: unsubscribe,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(done.statusCode).toBe(200);
    expect(json<ContactsAnswer>(await a.get("/contacts")).contacts[0]!.consents[0]).toMatchObject({
      status: "opted_out",
      source: "enlace de baja",
    });
  });

  it("a test send is queued, sent by the worker and listed with its status", async () => {
    const o = await ownerWithStore(db.sql, cloud, "prueba");
    const a = api(o.token);
    await a.send("PATCH", "/channels/telegram", {
      enabled: true,
      settings: {},
      secrets: { botToken: TG_TOKEN, webhookSecret: "s3creto" },
    });
    const { id: contactId } = json<{ id: string }>(
      await a.send("POST", "/contacts", { name: "Dueño", telegramChatId: "4242", ownerRecipient: true }),
    );
    const sent = await a.send("POST", "/test-send", { channel: "telegram", contactId, text: "Probando" });
    expect(sent.statusCode).toBe(202);
    expect(json(sent)).toMatchObject({ status: "queued" });
    await new MessagingWorker(db.sql, cloud.clock, world.config).runOnce();
    const log = json<MessagesAnswer>(await a.get("/messages?channel=telegram"));
    expect(log.messages).toEqual([
      expect.objectContaining({ contactName: "Dueño", body: "Probando", status: "accepted", attempts: 1 }),
    ]);
    expect((await a.get("/messages?status=nope")).statusCode).toBe(400);
    expect(world.telegram.sent.filter((s) => s.chatId === "4242").map((s) => s.text)).toEqual(["Probando"]);
  });

  it("an alert email's unsubscribe link takes the person off the owner's recipients (alerts ignore opt-outs)", async () => {
    const o = await ownerWithStore(db.sql, cloud, "baja-avisos");
    const a = api(o.token);
    await a.send("PATCH", "/channels/email", { enabled: true, settings: smtpSettings() });
    const { id } = json<{ id: string }>(
      await a.send("POST", "/contacts", { name: "Socio", email: "socio@e2e.test", ownerRecipient: true }),
    );
    expect(
      (await a.send("POST", "/test-send", { channel: "email", contactId: id, text: "Aviso" })).statusCode,
    ).toBe(202);
    await new MessagingWorker(db.sql, cloud.clock, world.config).runOnce();
    const mail = world.smtp.received.find((m) => m.to.includes("socio@e2e.test"))!;
    const link = /<([^>]+)>/
      .exec(header(mail.raw, "List-Unsubscribe")!)![1]!
      .replace(world.config.publicUrl, "");
    const res = await cloud.app.inject({
      method: "POST",
      url: link,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(res.statusCode).toBe(200);
    expect(json<ContactsAnswer>(await a.get("/contacts")).contacts[0]).toMatchObject({
      ownerRecipient: false,
      consents: [expect.objectContaining({ channel: "email", status: "opted_out" })],
    });
  });
});
