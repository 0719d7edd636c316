import nodemailer from "nodemailer";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { openTestCloud, snapshot, type TestCloud } from "../test-support/test-cloud.js";
import { startBounceListener } from "./bounces.js";
import { createContact } from "./contacts.js";
import { optIn } from "./consent.js";
import type { InboundAnswer } from "./inbound.js";
import { messagingModule } from "./module.js";
import { enqueue } from "./queue.js";
import {
  postWhatsappWebhook,
  whatsappInboundText,
  whatsappStatus,
  whatsappWebhookBody,
} from "./test-support/fake-whatsapp.js";
import { postTelegramUpdate } from "./test-support/fake-telegram.js";
import {
  startMessagingWorld,
  TG_SECRET,
  WA_APP_SECRET,
  WA_PHONE_ID,
  WA_VERIFY,
} from "./test-support/messaging-world.js";
import { MessagingWorker } from "./worker.js";

let db: TestDatabase;
let cloud: TestCloud;
let base: string;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;
const answers: InboundAnswer[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  await cloud.app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(cloud.app.server.address() as AddressInfo).port}/v1/messaging/webhooks`;
  world = await startMessagingWorld(db.sql, { clock: cloud.clock });
  // What turnos will register: answers to its reminders.
  messagingModule.inbound.register({
    name: "turnos-de-prueba",
    async handle(_q, answer) {
      answers.push(answer);
    },
  });
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

const runWorker = () => new MessagingWorker(db.sql, world.clock, world.config).runOnce();

async function message(id: string) {
  const [m] = await db.owner.query<{ status: string; provider_id: string | null; last_error: string | null }>(
    `SELECT status, provider_id, last_error FROM messages WHERE id = $1`,
    [id],
  );
  return m!;
}

async function consentOf(tenantId: string, contactId: string, channel: string) {
  const [c] = await db.owner.query<{ status: string; source: string }>(
    `SELECT status, source FROM messaging_consents WHERE tenant_id = $1 AND contact_id = $2 AND channel = $3`,
    [tenantId, contactId, channel],
  );
  return c ?? null;
}

describe("WhatsApp webhook", () => {
  it("answers Meta's verification handshake with the challenge, only for the tenant's verify token", async () => {
    const t = await world.tenant("verifica");
    const url = (token: string) =>
      `${base}/whatsapp/${t.tenantId}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await fetch(url(WA_VERIFY));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    expect((await fetch(url("otro"))).status).toBe(403);
    const stranger = await fetch(
      `${base}/whatsapp/0190a8e0-0000-7000-8000-000000000000?hub.mode=subscribe&hub.verify_token=${WA_VERIFY}&hub.challenge=1`,
    );
    expect(stranger.status).toBe(404);
  });

  it("statuses move the message forward (delivered, read) and a late 'sent' does not move it back", async () => {
    const t = await world.tenant("estados");
    await world.ownerNotification(t.tenantId, t.storeId, "Corte de luz");
    await runWorker();
    const [wa] = await db.owner.query<{ id: string; provider_id: string; address: string }>(
      `SELECT id, provider_id, address FROM messages WHERE tenant_id = $1 AND channel = 'whatsapp'`,
      [t.tenantId],
    );
    const url = `${base}/whatsapp/${t.tenantId}`;
    for (const status of ["delivered", "read", "sent"] as const) {
      const res = await postWhatsappWebhook(
        url,
        WA_APP_SECRET,
        whatsappWebhookBody(WA_PHONE_ID, {
          statuses: [whatsappStatus(wa!.provider_id, status, wa!.address)],
        }),
      );
      expect(res.status).toBe(200);
    }
    expect((await message(wa!.id)).status).toBe("read");
  });

  it("a webhook with a bad signature changes nothing", async () => {
    const t = await world.tenant("firma");
    await world.ownerNotification(t.tenantId, t.storeId, "Alarma");
    await runWorker();
    const [wa] = await db.owner.query<{ provider_id: string; address: string }>(
      `SELECT provider_id, address FROM messages WHERE tenant_id = $1 AND channel = 'whatsapp'`,
      [t.tenantId],
    );
    const before = await snapshot(db.owner);
    const body = whatsappWebhookBody(WA_PHONE_ID, {
      statuses: [whatsappStatus(wa!.provider_id, "failed", wa!.address)],
      messages: [whatsappInboundText(`549${wa!.address.slice(2)}`, "BAJA", world.clock.now())],
    });
    const forged = await postWhatsappWebhook(`${base}/whatsapp/${t.tenantId}`, "otro-secreto", body);
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("bad_signature");
    // Signed right, but the body changed after signing (what the raw-body check is for).
    const raw = JSON.stringify(body);
    const { createHmac } = await import("node:crypto");
    const signature = createHmac("sha256", WA_APP_SECRET).update(raw).digest("hex");
    const tampered = await fetch(`${base}/whatsapp/${t.tenantId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${signature}` },
      body: raw.replace("BAJA", "STOP"),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(`${base}/whatsapp/${t.tenantId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: raw,
    });
    expect(unsigned.status).toBe(401);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("STOP (sent from the 549… form) stops the next marketing message and not the owner's alarm", async () => {
    const t = await world.tenant("stop");
    const [owner] = await db.owner.query<{ phone: string }>(
      `SELECT phone FROM messaging_contacts WHERE id = $1`,
      [t.ownerContactId],
    );
    await db.sql.withTenant(t.tenantId, (q) =>
      optIn(
        q,
        t.tenantId,
        t.ownerContactId,
        "whatsapp",
        { source: "formulario", recordedBy: "dueña" },
        world.clock.now(),
      ),
    );
    const res = await postWhatsappWebhook(
      `${base}/whatsapp/${t.tenantId}`,
      WA_APP_SECRET,
      whatsappWebhookBody(WA_PHONE_ID, {
        messages: [whatsappInboundText(`549${owner!.phone.slice(2)}`, "Stop", world.clock.now())],
      }),
    );
    expect(res.status).toBe(200);
    expect(await consentOf(t.tenantId, t.ownerContactId, "whatsapp")).toMatchObject({ status: "opted_out" });

    const promo = await db.sql.withTenant(t.tenantId, (q) =>
      enqueue(
        q,
        t.tenantId,
        {
          channel: "whatsapp",
          contactId: t.ownerContactId,
          kind: "marketing",
          reason: "marketing",
          body: "Promo",
          template: { name: "promo", language: "es_AR", parameters: [] },
          dedupeKey: "promo",
        },
        world.clock.now(),
      ),
    );
    await world.ownerNotification(t.tenantId, t.storeId, "Stock bajo: Leche");
    await runWorker();
    expect((await message(promo.id)).status).toBe("cancelled");
    const sent = world.whatsapp.sent.filter((s) => s.body.to === owner!.phone);
    expect(sent).toHaveLength(1);
    // The STOP itself opened the 24 h window, so the alarm goes as free text.
    expect(sent[0]!.body).toMatchObject({ type: "text", text: { body: "Local stop: Stock bajo: Leche" } });
  });

  it("an answer goes to the handler of the message it answers, and opens the 24 h window for free text", async () => {
    const t = await world.tenant("respuesta");
    const { contactId, reminder } = await db.sql.withTenant(t.tenantId, async (q) => {
      const contactId = await createContact(
        q,
        t.tenantId,
        { name: "Paciente", phone: "0341 15 555-9876" },
        world.clock.now(),
      );
      const reminder = await enqueue(
        q,
        t.tenantId,
        {
          channel: "whatsapp",
          contactId,
          kind: "transactional",
          reason: "requested",
          body: "Turno mañana 10 h",
          template: { name: "recordatorio_turno", language: "es_AR", parameters: ["Ana", "10 h"] },
          dedupeKey: "turno-1:recordatorio",
          replyHandler: "turnos-de-prueba",
          replyContext: { turnoId: "turno-1" },
        },
        world.clock.now(),
      );
      return { contactId, reminder };
    });
    await runWorker();
    const wamid = (await message(reminder.id)).provider_id!;
    const answer = whatsappWebhookBody(WA_PHONE_ID, {
      messages: [whatsappInboundText("5493415559876", "confirmar", world.clock.now(), wamid)],
    });
    const before = answers.length;
    // Meta delivers the same webhook again when our answer was slow: handled once.
    for (let i = 0; i < 2; i++)
      expect(
        (await postWhatsappWebhook(`${base}/whatsapp/${t.tenantId}`, WA_APP_SECRET, answer)).status,
      ).toBe(200);
    expect(answers.length).toBe(before + 1);
    expect(answers.at(-1)).toMatchObject({
      tenantId: t.tenantId,
      channel: "whatsapp",
      contactId,
      text: "confirmar",
      answered: { messageId: reminder.id, context: { turnoId: "turno-1" } },
    });

    // Inside the window now: a message without a template goes as free text.
    const followUp = await db.sql.withTenant(t.tenantId, (q) =>
      enqueue(
        q,
        t.tenantId,
        {
          channel: "whatsapp",
          contactId,
          kind: "transactional",
          reason: "requested",
          body: "¡Gracias, te esperamos!",
          dedupeKey: "turno-1:gracias",
        },
        world.clock.now(),
      ),
    );
    await runWorker();
    expect((await message(followUp.id)).status).toBe("accepted");
    expect(world.whatsapp.sent.at(-1)!.body).toMatchObject({
      to: "543415559876",
      type: "text",
      text: { body: "¡Gracias, te esperamos!" },
    });
    // A day later the window has closed: free text is refused, a template is required.
    world.clock.advance(24 * 3600_000);
    const late = await db.sql.withTenant(t.tenantId, (q) =>
      enqueue(
        q,
        t.tenantId,
        {
          channel: "whatsapp",
          contactId,
          kind: "transactional",
          reason: "requested",
          body: "¿Venís?",
          dedupeKey: "turno-1:tarde",
        },
        world.clock.now(),
      ),
    );
    await runWorker();
    expect(await message(late.id)).toMatchObject({
      status: "failed",
      last_error: expect.stringMatching(/plantilla/) as string,
    });
  });
});

describe("Telegram webhook", () => {
  it("a wrong secret token changes nothing; /stop opts out; a reply reaches the handler", async () => {
    const t = await world.tenant("telegram");
    const [owner] = await db.owner.query<{ telegram_chat_id: string }>(
      `SELECT telegram_chat_id FROM messaging_contacts WHERE id = $1`,
      [t.ownerContactId],
    );
    const chatId = owner!.telegram_chat_id;
    const reminder = await db.sql.withTenant(t.tenantId, (q) =>
      enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: t.ownerContactId,
          kind: "transactional",
          reason: "requested",
          body: "¿Confirmás?",
          dedupeKey: "tg-1",
          replyHandler: "turnos-de-prueba",
          replyContext: { turnoId: "tg" },
        },
        world.clock.now(),
      ),
    );
    await runWorker();
    const telegramMessageId = Number((await message(reminder.id)).provider_id!.split(":")[1]);

    const before = await snapshot(db.owner);
    const forged = await postTelegramUpdate(`${base}/telegram/${t.tenantId}`, "otro", {
      chatId,
      text: "/stop",
    });
    expect(forged.status).toBe(401);
    expect(await snapshot(db.owner)).toBe(before);

    const reply = await postTelegramUpdate(`${base}/telegram/${t.tenantId}`, TG_SECRET, {
      chatId,
      text: "cancelar",
      replyTo: telegramMessageId,
    });
    expect(reply.status).toBe(200);
    expect(answers.at(-1)).toMatchObject({
      channel: "telegram",
      text: "cancelar",
      answered: { messageId: reminder.id, context: { turnoId: "tg" } },
    });

    const stop = await postTelegramUpdate(`${base}/telegram/${t.tenantId}`, TG_SECRET, {
      chatId,
      text: "/stop",
    });
    expect(stop.status).toBe(200);
    expect(await consentOf(t.tenantId, t.ownerContactId, "telegram")).toMatchObject({ status: "opted_out" });
  });
});

describe("email bounces", () => {
  it("a DSN to the VERP address marks the message bounced and suppresses the address; the next message is not sent", async () => {
    const t = await world.tenant("dsn");
    const listener = await startBounceListener(db.sql, world.clock, {
      host: "127.0.0.1",
      port: 0,
      bounceDomain: "rebotes.test",
    });
    try {
      const { contactId, first } = await db.sql.withTenant(t.tenantId, async (q) => {
        const contactId = await createContact(
          q,
          t.tenantId,
          { name: "Buzón lleno", email: "lleno@otro.test" },
          world.clock.now(),
        );
        const first = await enqueue(
          q,
          t.tenantId,
          {
            channel: "email",
            contactId,
            kind: "transactional",
            reason: "requested",
            subject: "Turno",
            body: "Mañana",
            dedupeKey: "1",
          },
          world.clock.now(),
        );
        return { contactId, first };
      });
      await runWorker();
      expect((await message(first.id)).status).toBe("accepted");
      const mail = world.smtp.received.find((m) => m.to.includes("lleno@otro.test"))!;

      // The receiving server's report, to the envelope sender (the VERP address).
      const mta = nodemailer.createTransport({
        host: "127.0.0.1",
        port: listener.port,
        secure: false,
        ignoreTLS: true,
      });
      const refused = mta.sendMail({
        envelope: { from: "", to: "cualquiera@rebotes.test" },
        raw: "Subject: x\r\n\r\nx",
      });
      await expect(refused).rejects.toMatchObject({ responseCode: 550 });
      await mta.sendMail({
        envelope: { from: "", to: mail.envelopeFrom },
        raw: [
          "From: MAILER-DAEMON@otro.test",
          `To: ${mail.envelopeFrom}`,
          "Subject: Undelivered Mail Returned to Sender",
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
          "",
          "--b",
          "Content-Type: text/plain",
          "",
          "Mailbox full.",
          "--b",
          "Content-Type: message/delivery-status",
          "",
          "Reporting-MTA: dns; mx.otro.test",
          "",
          "Final-Recipient: rfc822; lleno@otro.test",
          "Action: failed",
          "Status: 5.2.2",
          "--b--",
          "",
        ].join("\r\n"),
      });
      mta.close();
      expect(await message(first.id)).toMatchObject({ status: "bounced" });
      expect(
        await db.owner.query(`SELECT address, reason FROM messaging_suppressions WHERE tenant_id = $1`, [
          t.tenantId,
        ]),
      ).toEqual([{ address: "lleno@otro.test", reason: "bounce" }]);
      const second = await db.sql.withTenant(t.tenantId, (q) =>
        enqueue(
          q,
          t.tenantId,
          {
            channel: "email",
            contactId,
            kind: "transactional",
            reason: "requested",
            subject: "Turno",
            body: "Otra vez",
            dedupeKey: "2",
          },
          world.clock.now(),
        ),
      );
      const received = world.smtp.received.length;
      await runWorker();
      expect(await message(second.id)).toMatchObject({ status: "cancelled" });
      expect(world.smtp.received.length).toBe(received);
    } finally {
      await listener.close();
    }
  });
});
