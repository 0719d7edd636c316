import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { createContact } from "./contacts.js";
import { ownerAlertKey } from "./owner-notifications.js";
import { optIn, optOut } from "./consent.js";
import { enqueue, cancel } from "./queue.js";
import { header } from "./test-support/test-smtp.js";
import { startMessagingWorld } from "./test-support/messaging-world.js";
import { MessagingWorker } from "./worker.js";

let db: TestDatabase;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await startMessagingWorld(db.sql, { refuseEmail: ["no-existe@almacen.test"] });
});
afterAll(async () => {
  await world?.close();
  await db?.drop();
});

const worker = (hooks = {}) => new MessagingWorker(db.sql, world.clock, world.config, () => {}, hooks);

async function messagesOf(tenantId: string) {
  return db.owner.query<{
    id: string;
    channel: string;
    status: string;
    attempts: number;
    provider_id: string | null;
    last_error: string | null;
    address: string;
  }>(
    `SELECT id, channel, status, attempts, provider_id, last_error, address FROM messages WHERE tenant_id = $1 ORDER BY channel`,
    [tenantId],
  );
}

/** Deliveries the fakes saw for one tenant's owner (by address), per channel. */
function deliveredTo(owner: { email: string; phone: string; chat: string }) {
  return {
    email: world.smtp.received.filter((m) => m.to.includes(owner.email)),
    whatsapp: world.whatsapp.sent.filter((m) => m.body.to === owner.phone),
    telegram: world.telegram.sent.filter((m) => m.chatId === owner.chat),
  };
}

async function ownerAddresses(tenantId: string, contactId: string) {
  const [c] = await db.owner.query<{ email: string; phone: string; telegram_chat_id: string }>(
    `SELECT email, phone, telegram_chat_id FROM messaging_contacts WHERE tenant_id = $1 AND id = $2`,
    [tenantId, contactId],
  );
  return { email: c!.email, phone: c!.phone, chat: c!.telegram_chat_id };
}

describe("an owner's alarm notification", () => {
  it("reaches email, WhatsApp and Telegram once each, though enqueued three times", async () => {
    const t = await world.tenant("alarma");
    const notificationId = await world.ownerNotification(
      t.tenantId,
      t.storeId,
      "Stock bajo: Yerba 1 kg (quedan 2)",
    );
    await worker().runOnce();
    // The same notification enqueued twice more (a retry of the sync, a second worker): no-ops.
    for (let i = 0; i < 2; i++)
      await db.sql.withTenant(t.tenantId, async (q) => {
        for (const channel of ["email", "whatsapp", "telegram"] as const) {
          const again = await enqueue(
            q,
            t.tenantId,
            {
              channel,
              contactId: t.ownerContactId,
              kind: "transactional",
              reason: "owner_alert",
              body: "Stock bajo: Yerba 1 kg (quedan 2)",
              // The key the worker gives an owner notification (an older op: its id is the event).
              dedupeKey: ownerAlertKey(t.storeId, notificationId, {}),
            },
            world.clock.now(),
          );
          expect(again.duplicate).toBe(true);
        }
      });
    await worker().runOnce();
    world.clock.advance(10 * 60_000);
    await worker().runOnce();

    const to = deliveredTo(await ownerAddresses(t.tenantId, t.ownerContactId));
    expect(to.email).toHaveLength(1);
    expect(to.whatsapp).toHaveLength(1);
    expect(to.telegram).toHaveLength(1);
    expect(to.telegram[0]!.text).toBe("Local alarma: Stock bajo: Yerba 1 kg (quedan 2)");
    // WhatsApp outside the 24 h window: the approved template, the text as its parameter, to 54 + 10 digits.
    expect(to.whatsapp[0]!.body).toMatchObject({
      to: expect.stringMatching(/^54112345\d{4}$/) as string,
      type: "template",
      template: { name: "aviso_dueno" },
    });
    expect(to.whatsapp[0]!.body.template!.components[0]!.parameters[0]!.text).toContain("Yerba");
    // Email: VERP return path, List-Unsubscribe, the link in the text.
    const mail = to.email[0]!;
    const messages = await messagesOf(t.tenantId);
    const emailMessage = messages.find((m) => m.channel === "email")!;
    expect(mail.envelopeFrom).toBe(`bounces+${emailMessage.id}@rebotes.test`);
    expect(header(mail.raw, "List-Unsubscribe")).toContain(
      `<${world.config.publicUrl}/v1/messaging/unsubscribe?token=`,
    );
    expect(header(mail.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(mail.raw).toContain("Para no recibir m");
    expect(messages.map((m) => m.status)).toEqual(["accepted", "accepted", "accepted"]);
    expect(messages.every((m) => m.provider_id)).toBe(true);
    const [n] = await db.owner.query<{ status: string }>(
      `SELECT status FROM owner_notifications WHERE tenant_id = $1`,
      [t.tenantId],
    );
    expect(n!.status).toBe("sent");
  });

  it("killed between the provider's answer and the record: the fresh worker resends after the lease, same Message-ID for email", async () => {
    const t = await world.tenant("caida");
    await world.ownerNotification(t.tenantId, t.storeId, "Heladera 2 a 9 °C");
    const dying = worker({
      afterProviderCall() {
        throw new Error("proceso terminado");
      },
    });
    await expect(dying.runOnce()).rejects.toThrow("proceso terminado");
    // The batch of three was claimed; the first provider call went out, then the process died: nothing
    // was recorded, so all three rows stay "sending" under their lease, one of them already delivered.
    const owner = await ownerAddresses(t.tenantId, t.ownerContactId);
    let messages = await messagesOf(t.tenantId);
    expect(messages.map((m) => m.status)).toEqual(["sending", "sending", "sending"]);
    const before = deliveredTo(owner);
    expect(before.email.length + before.whatsapp.length + before.telegram.length).toBe(1);
    const interrupted = before.email.length ? "email" : before.whatsapp.length ? "whatsapp" : "telegram";

    // Before the lease runs out a fresh worker leaves them alone (the old one might still be alive)...
    await worker().runOnce();
    expect((await messagesOf(t.tenantId)).map((m) => m.status)).toEqual(["sending", "sending", "sending"]);
    // ...after it, they are sent again: at-least-once. The channel whose call had gone out gets a
    // second copy (README: the residual window); the others get their first.
    world.clock.advance(121_000);
    await worker().runOnce();
    messages = await messagesOf(t.tenantId);
    expect(messages.map((m) => m.status)).toEqual(["accepted", "accepted", "accepted"]);
    expect(messages.map((m) => m.attempts)).toEqual([2, 2, 2]);

    const to = deliveredTo(owner);
    const counts = { email: to.email.length, whatsapp: to.whatsapp.length, telegram: to.telegram.length };
    expect(counts).toEqual({ email: 1, whatsapp: 1, telegram: 1, [interrupted]: 2 });
    if (interrupted === "email") {
      const ids = to.email.map((m) => header(m.raw, "Message-ID"));
      expect(ids, JSON.stringify(ids)).toHaveLength(2);
      expect(new Set(ids).size).toBe(1); // the receiving side sees the same email twice, one Message-ID
    }
  });

  it("an interrupted marketing message is not resent (a promotion is not worth a duplicate)", async () => {
    const t = await world.tenant("promo-caida");
    const contactId = await db.sql.withTenant(t.tenantId, async (q) => {
      const id = await createContact(
        q,
        t.tenantId,
        { name: "Cliente", telegramChatId: "8100" },
        world.clock.now(),
      );
      await optIn(
        q,
        t.tenantId,
        id,
        "telegram",
        { source: "mostrador", recordedBy: "dueña" },
        world.clock.now(),
      );
      await enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: id,
          kind: "marketing",
          reason: "marketing",
          body: "2x1 en alfajores",
          dedupeKey: "promo-1",
        },
        world.clock.now(),
      );
      return id;
    });
    await expect(
      worker({
        afterProviderCall() {
          throw new Error("terminado");
        },
      }).runOnce(),
    ).rejects.toThrow();
    world.clock.advance(121_000);
    await worker().runOnce();
    const [m] = await db.owner.query<{ status: string; last_error: string }>(
      `SELECT status, last_error FROM messages WHERE tenant_id = $1 AND contact_id = $2`,
      [t.tenantId, contactId],
    );
    expect(m).toMatchObject({ status: "failed" });
    expect(m!.last_error).toMatch(/interrumpido/i);
    expect(world.telegram.sent.filter((s) => s.chatId === "8100")).toHaveLength(1);
  });
});

describe("retries, failures and limits", () => {
  it("two workers running at once never take the same message (FOR UPDATE SKIP LOCKED)", async () => {
    const t = await world.tenant("carrera");
    await db.sql.withTenant(t.tenantId, async (q) => {
      const id = await createContact(
        q,
        t.tenantId,
        { name: "Muchos", telegramChatId: "9900" },
        world.clock.now(),
      );
      for (let i = 0; i < 12; i++)
        await enqueue(
          q,
          t.tenantId,
          {
            channel: "telegram",
            contactId: id,
            kind: "transactional",
            reason: "requested",
            body: `n${i}`,
            dedupeKey: `c${i}`,
          },
          world.clock.now(),
        );
    });
    for (const n of [1, 2, 3, 4]) await world.ownerNotification(t.tenantId, t.storeId, `Aviso ${n}`);
    await Promise.all([worker().runOnce(), worker().runOnce(), worker().runOnce()]);
    await worker().runOnce();
    const texts = world.telegram.sent.filter((s) => s.chatId === "9900").map((s) => s.text);
    expect(texts.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `n${i}`).sort());
    const owner = await ownerAddresses(t.tenantId, t.ownerContactId);
    expect(
      deliveredTo(owner)
        .email.map((m) => /Aviso \d/.exec(m.raw)?.[0])
        .sort(),
    ).toEqual(["Aviso 1", "Aviso 2", "Aviso 3", "Aviso 4"]);
  });

  it("a provider 5xx is retried with backoff; a 4xx fails without retry", async () => {
    const t = await world.tenant("reintento");
    const chat = "9100";
    const ids = await db.sql.withTenant(t.tenantId, async (q) => {
      const id = await createContact(
        q,
        t.tenantId,
        { name: "Pedido", telegramChatId: chat },
        world.clock.now(),
      );
      const a = await enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: id,
          kind: "transactional",
          reason: "requested",
          body: "Tu pedido está listo",
          dedupeKey: "pedido-1",
        },
        world.clock.now(),
      );
      return { a: a.id, contact: id };
    });
    world.telegram.failNext(502);
    await worker().runOnce();
    let [m] = await db.owner.query<{ status: string; attempts: number; next_attempt_at: Date }>(
      `SELECT status, attempts, next_attempt_at FROM messages WHERE id = $1`,
      [ids.a],
    );
    expect(m).toMatchObject({ status: "queued", attempts: 1 });
    expect(m!.next_attempt_at.getTime() - world.clock.now().getTime()).toBe(30_000);
    await worker().runOnce(); // not due yet
    expect(world.telegram.sent.filter((s) => s.chatId === chat)).toHaveLength(0);
    world.clock.advance(30_000);
    await worker().runOnce();
    [m] = await db.owner.query(`SELECT status, attempts, next_attempt_at FROM messages WHERE id = $1`, [
      ids.a,
    ]);
    expect(m).toMatchObject({ status: "accepted", attempts: 2 });

    // A bad number on WhatsApp (549… form stored by hand is impossible; a 400 from the API is final).
    world.whatsapp.failNext(400);
    const b = await db.sql.withTenant(t.tenantId, (q) =>
      enqueue(
        q,
        t.tenantId,
        {
          channel: "whatsapp",
          contactId: t.ownerContactId,
          kind: "transactional",
          reason: "owner_alert",
          body: "x",
          template: { name: "aviso_dueno", language: "es_AR", parameters: ["x"] },
          dedupeKey: "cuatrocientos",
        },
        world.clock.now(),
      ),
    );
    await worker().runOnce();
    const [failed] = await db.owner.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM messages WHERE id = $1`,
      [b.id],
    );
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("a message whose every attempt dies unrecorded stops at its attempt limit instead of looping", async () => {
    const t = await world.tenant("sin-fin");
    const { id } = await db.sql.withTenant(t.tenantId, async (q) => {
      const contact = await createContact(
        q,
        t.tenantId,
        { name: "Bucle", telegramChatId: "9700" },
        world.clock.now(),
      );
      return enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: contact,
          kind: "transactional",
          reason: "requested",
          body: "x",
          dedupeKey: "x",
        },
        world.clock.now(),
      );
    });
    await db.owner.query(`UPDATE messages SET max_attempts = 2 WHERE id = $1`, [id]);
    const dying = () =>
      worker({
        afterProviderCall() {
          throw new Error("terminado");
        },
      });
    for (let i = 0; i < 2; i++) {
      await expect(dying().runOnce()).rejects.toThrow();
      world.clock.advance(121_000);
    }
    await worker().runOnce();
    const [m] = await db.owner.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM messages WHERE id = $1`,
      [id],
    );
    expect(m).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("the rate limit per tenant and channel defers the rest to the next minute", async () => {
    const t = await world.tenant("limite");
    await db.owner.query(
      `UPDATE messaging_channels SET rate_per_minute = 2 WHERE tenant_id = $1 AND channel = 'telegram'`,
      [t.tenantId],
    );
    await db.sql.withTenant(t.tenantId, async (q) => {
      const id = await createContact(
        q,
        t.tenantId,
        { name: "Varios", telegramChatId: "9200" },
        world.clock.now(),
      );
      for (let i = 0; i < 5; i++)
        await enqueue(
          q,
          t.tenantId,
          {
            channel: "telegram",
            contactId: id,
            kind: "transactional",
            reason: "requested",
            body: `aviso ${i}`,
            dedupeKey: `k${i}`,
          },
          world.clock.now(),
        );
    });
    await worker().runOnce();
    expect(world.telegram.sent.filter((s) => s.chatId === "9200")).toHaveLength(2);
    await worker().runOnce();
    expect(world.telegram.sent.filter((s) => s.chatId === "9200")).toHaveLength(2);
    world.clock.advance(60_000);
    await worker().runOnce();
    expect(world.telegram.sent.filter((s) => s.chatId === "9200")).toHaveLength(4);
  });

  it("scheduling waits for not_before; a cancelled message never goes", async () => {
    const t = await world.tenant("agenda");
    const { later, cancelled } = await db.sql.withTenant(t.tenantId, async (q) => {
      const id = await createContact(
        q,
        t.tenantId,
        { name: "Turno", telegramChatId: "9300" },
        world.clock.now(),
      );
      const later = await enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: id,
          kind: "transactional",
          reason: "requested",
          body: "Mañana a las 10",
          dedupeKey: "recordatorio",
          notBefore: new Date(world.clock.now().getTime() + 3_600_000),
        },
        world.clock.now(),
      );
      const cancelled = await enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: id,
          kind: "transactional",
          reason: "requested",
          body: "no",
          dedupeKey: "cancelado",
        },
        world.clock.now(),
      );
      await cancel(q, t.tenantId, cancelled.id, world.clock.now());
      return { later, cancelled };
    });
    await worker().runOnce();
    expect(world.telegram.sent.filter((s) => s.chatId === "9300")).toHaveLength(0);
    world.clock.advance(3_600_000);
    await worker().runOnce();
    expect(world.telegram.sent.filter((s) => s.chatId === "9300").map((s) => s.text)).toEqual([
      "Mañana a las 10",
    ]);
    const rows = await db.owner.query<{ id: string; status: string }>(
      `SELECT id, status FROM messages WHERE id = ANY($1)`,
      [[later.id, cancelled.id]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [later.id]: "accepted",
      [cancelled.id]: "cancelled",
    });
    await expect(
      db.sql.withTenant(t.tenantId, (q) => cancel(q, t.tenantId, later.id, world.clock.now())),
    ).rejects.toMatchObject({ code: "message_not_cancellable" });
  });
});

describe("consent at send time", () => {
  it("marketing without opt-in is cancelled; quiet hours defer marketing to the morning but not the owner's alarm", async () => {
    const t = await world.tenant("consent");
    const start = world.clock.now();
    const { noConsent, promo } = await db.sql.withTenant(t.tenantId, async (q) => {
      const a = await createContact(q, t.tenantId, { name: "Sin permiso", telegramChatId: "9400" }, start);
      const b = await createContact(
        q,
        t.tenantId,
        { name: "Con permiso", telegramChatId: "9401", timeZone: "America/Argentina/Buenos_Aires" },
        start,
      );
      await optIn(q, t.tenantId, b, "telegram", { source: "formulario", recordedBy: "dueña" }, start);
      const noConsent = await enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: a,
          kind: "marketing",
          reason: "marketing",
          body: "oferta",
          dedupeKey: "o1",
        },
        start,
      );
      const promo = await enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: b,
          kind: "marketing",
          reason: "marketing",
          body: "oferta",
          dedupeKey: "o1",
          notBefore: new Date("2026-03-03T01:30:00Z"),
        },
        start,
      );
      return { noConsent, promo };
    });
    await worker().runOnce();
    const [refused] = await db.owner.query<{ status: string }>(`SELECT status FROM messages WHERE id = $1`, [
      noConsent.id,
    ]);
    expect(refused!.status).toBe("cancelled");
    // 22:30 in Buenos Aires: the promotion waits until 09:00 local; an alarm at the same time goes.
    world.clock.advance(new Date("2026-03-03T01:30:00Z").getTime() - start.getTime());
    await world.ownerNotification(t.tenantId, t.storeId, "Alarma nocturna");
    await worker().runOnce();
    const [deferred] = await db.owner.query<{ status: string; not_before: Date }>(
      `SELECT status, not_before FROM messages WHERE id = $1`,
      [promo.id],
    );
    expect(deferred!.status).toBe("queued");
    expect(deferred!.not_before.toISOString()).toBe("2026-03-03T12:00:00.000Z");
    const owner = await ownerAddresses(t.tenantId, t.ownerContactId);
    expect(world.telegram.sent.filter((s) => s.chatId === owner.chat).map((s) => s.text)).toEqual([
      "Local consent: Alarma nocturna",
    ]);
  });

  it("an opt-out after enqueueing stops a queued reminder; the owner's alarm still reaches an opted-out owner", async () => {
    const t = await world.tenant("baja");
    const reminder = await db.sql.withTenant(t.tenantId, async (q) => {
      const id = await createContact(
        q,
        t.tenantId,
        { name: "Paciente", telegramChatId: "9500" },
        world.clock.now(),
      );
      const r = await enqueue(
        q,
        t.tenantId,
        {
          channel: "telegram",
          contactId: id,
          kind: "transactional",
          reason: "requested",
          body: "Recordatorio",
          dedupeKey: "r",
        },
        world.clock.now(),
      );
      await optOut(
        q,
        t.tenantId,
        id,
        "telegram",
        { source: "/stop", recordedBy: "la persona" },
        world.clock.now(),
      );
      await optOut(
        q,
        t.tenantId,
        t.ownerContactId,
        "telegram",
        { source: "/stop", recordedBy: "la persona" },
        world.clock.now(),
      );
      return r;
    });
    await world.ownerNotification(t.tenantId, t.storeId, "Puerta abierta");
    await worker().runOnce();
    const [r] = await db.owner.query<{ status: string }>(`SELECT status FROM messages WHERE id = $1`, [
      reminder.id,
    ]);
    expect(r!.status).toBe("cancelled");
    const owner = await ownerAddresses(t.tenantId, t.ownerContactId);
    expect(world.telegram.sent.filter((s) => s.chatId === owner.chat)).toHaveLength(1);
  });

  it("an SMTP refusal of the recipient (550 at RCPT) marks the message bounced and suppresses the address", async () => {
    const t = await world.tenant("rebote");
    const first = await db.sql.withTenant(t.tenantId, async (q) => {
      const id = await createContact(
        q,
        t.tenantId,
        { name: "Mal correo", email: "no-existe@almacen.test" },
        world.clock.now(),
      );
      const a = await enqueue(
        q,
        t.tenantId,
        {
          channel: "email",
          contactId: id,
          kind: "transactional",
          reason: "requested",
          subject: "Hola",
          body: "Tu turno",
          dedupeKey: "1",
        },
        world.clock.now(),
      );
      const b = await enqueue(
        q,
        t.tenantId,
        {
          channel: "email",
          contactId: id,
          kind: "transactional",
          reason: "requested",
          subject: "Hola",
          body: "Otro",
          dedupeKey: "2",
        },
        world.clock.now(),
      );
      return { a: a.id, b: b.id };
    });
    await worker().runOnce();
    const rows = await db.owner.query<{ id: string; status: string }>(
      `SELECT id, status FROM messages WHERE id = ANY($1)`,
      [[first.a, first.b]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r.status]));
    expect(byId[first.a]).toBe("bounced");
    expect(
      await db.owner.query(`SELECT reason FROM messaging_suppressions WHERE tenant_id = $1`, [t.tenantId]),
    ).toEqual([{ reason: "bounce" }]);
    // The second message (same run, claimed before the bounce) is refused the next time or bounced too;
    // a new one is refused before any SMTP conversation.
    expect(["bounced", "cancelled"]).toContain(byId[first.b]);
  });
});
