import type { TelegramLinkAnswer } from "@mostrador/contracts/http/messaging";
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
import { InboundHandlers } from "./inbound.js";
import { startFakeTelegram, telegramUpdate } from "./test-support/fake-telegram.js";
import { startMessagingWorld, TG_TOKEN } from "./test-support/messaging-world.js";
import { pollTelegramUpdates } from "./telegram-poll.js";

let db: TestDatabase;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;
let cloud: TestCloud;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await startMessagingWorld(db.sql);
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

const api = (c: TestCloud, token: string) => ({
  get: (url: string) => c.app.inject({ method: "GET", url: `/v1/messaging${url}`, headers: bearer(token) }),
  send: (method: "POST" | "PATCH", url: string, payload?: object) =>
    c.app.inject({
      method,
      url: `/v1/messaging${url}`,
      headers: bearer(token),
      ...(payload ? { payload } : {}),
    }),
});

const chatOf = async (contactId: string) =>
  (
    await db.owner.query<{ chat: string | null }>(
      `SELECT telegram_chat_id AS chat FROM messaging_contacts WHERE id = $1`,
      [contactId],
    )
  )[0]!.chat;

describe("Telegram with a public URL (webhook)", () => {
  it("saving the bot sets the webhook; the owner's deep link connects their chat once, and an expired or spent link is refused in the chat", async () => {
    cloud = await openTestCloud(db.sql, {
      modules: world.modules({ publicUrl: "https://nube.example", telegramUpdates: "webhook" }),
      clock: world.clock,
    });
    const o = await ownerWithStore(db.sql, cloud, "tg-webhook");
    const a = api(cloud, o.token);
    const { id: contactId } = json<{ id: string }>(
      await a.send("POST", "/contacts", { name: "Marta", email: "marta@tg.test", ownerRecipient: true }),
    );
    // Before the bot is saved there is no link to give.
    const early = await a.send("POST", `/contacts/${contactId}/telegram-link`);
    expect(early.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(early).error.code).toBe("telegram_not_connected");

    const saved = await a.send("PATCH", "/channels/telegram", {
      enabled: true,
      settings: {},
      secrets: { botToken: TG_TOKEN, webhookSecret: "secreto_tg" },
    });
    expect(json(saved)).toEqual({
      botUsername: world.telegram.username,
      updates: "webhook",
      ok: true,
      description: "Webhook was set",
    });
    expect(world.telegram.webhooks.at(-1)).toEqual({
      url: `https://nube.example/v1/messaging/webhooks/telegram/${o.tenantId}`,
      secretToken: "secreto_tg",
    });

    const link = json<TelegramLinkAnswer>(await a.send("POST", `/contacts/${contactId}/telegram-link`));
    const token = new URL(link.url).searchParams.get("start")!;
    expect(link.url).toBe(`https://t.me/${world.telegram.username}?start=${token}`);

    const post = (chatId: string, text: string, secret = "secreto_tg") =>
      cloud.app.inject({
        method: "POST",
        url: `/v1/messaging/webhooks/telegram/${o.tenantId}`,
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        payload: JSON.stringify(telegramUpdate({ chatId, text })),
      });
    // A forged update (wrong secret) links nothing.
    expect((await post("555", `/start ${token}`, "otro")).statusCode).toBe(401);
    expect(await chatOf(contactId)).toBeNull();

    expect((await post("8080", `/start ${token}`)).statusCode).toBe(200);
    expect(await chatOf(contactId)).toBe("8080");
    expect(world.telegram.sent.filter((s) => s.chatId === "8080").map((s) => s.text)).toEqual([
      "Listo, Marta: desde ahora vas a recibir acá los avisos de Mostrador.",
    ]);

    // The same link from another chat: spent. The chat stays Marta's.
    await post("9090", `/start ${token}`);
    expect(await chatOf(contactId)).toBe("8080");
    expect(world.telegram.sent.filter((s) => s.chatId === "9090").map((s) => s.text)[0]).toContain(
      "ya se usó o venció",
    );

    // A link not used within a day expires.
    const late = json<TelegramLinkAnswer>(await a.send("POST", `/contacts/${contactId}/telegram-link`));
    world.clock.advance(25 * 60 * 60 * 1000);
    await post("7070", `/start ${new URL(late.url).searchParams.get("start")!}`);
    expect(await chatOf(contactId)).toBe("8080");

    // Links only for contacts that exist.
    const before = await snapshot(db.owner);
    const missing = await a.send("POST", `/contacts/019a0000-0000-7000-8000-00000000beef/telegram-link`);
    expect(missing.statusCode).toBe(404);
    expect(await snapshot(db.owner)).toBe(before);
    await cloud.close();
  });
});

describe("what saving the bot shows when Telegram says no", () => {
  it("an unknown token, and a public URL that is not https, come back as Telegram's refusal", async () => {
    cloud = await openTestCloud(db.sql, {
      modules: world.modules({ publicUrl: "http://nube.example", telegramUpdates: "webhook" }),
      clock: world.clock,
    });
    try {
      const o = await ownerWithStore(db.sql, cloud, "tg-no");
      const a = api(cloud, o.token);
      const unknown = await a.send("PATCH", "/channels/telegram", {
        enabled: true,
        settings: {},
        secrets: { botToken: "111111111:ZZHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", webhookSecret: "s" },
      });
      expect(json(unknown)).toEqual({
        botUsername: null,
        updates: "webhook",
        ok: false,
        description: "Telegram no reconoce el token del bot (Unauthorized)",
      });
      const http = await a.send("PATCH", "/channels/telegram", {
        enabled: true,
        settings: {},
        secrets: { botToken: TG_TOKEN, webhookSecret: "s" },
      });
      expect(json(http)).toMatchObject({
        ok: false,
        description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
      });
    } finally {
      await cloud.close();
    }
  });
});

describe("Telegram without a public URL (getUpdates)", () => {
  it("saving the bot removes any webhook; the worker's poll reads /start and connects the chat, each update once", async () => {
    // Its own bot: every bot polls only its own updates.
    const token = "987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    const bot = await startFakeTelegram(token, { username: "otro_bot" });
    const config = { ...world.config, telegram: { baseUrl: bot.url }, telegramUpdates: "poll" as const };
    cloud = await openTestCloud(db.sql, { modules: world.modules(config), clock: world.clock });
    try {
      const o = await ownerWithStore(db.sql, cloud, "tg-poll");
      const a = api(cloud, o.token);
      const saved = await a.send("PATCH", "/channels/telegram", {
        enabled: true,
        settings: {},
        secrets: { botToken: token, webhookSecret: "s" },
      });
      expect(json(saved)).toMatchObject({ botUsername: "otro_bot", updates: "poll", ok: true });
      expect(bot.webhook).toBeNull();
      const { id: contactId } = json<{ id: string }>(
        await a.send("POST", "/contacts", { name: "Raúl", ownerRecipient: true }),
      );
      const link = json<TelegramLinkAnswer>(await a.send("POST", `/contacts/${contactId}/telegram-link`));
      expect(link.url.startsWith("https://t.me/otro_bot?start=")).toBe(true);
      bot.pushUpdate({ chatId: "4321", text: `/start ${new URL(link.url).searchParams.get("start")!}` });

      const logged: string[] = [];
      const poll = () =>
        pollTelegramUpdates(db.sql, world.clock, config, new InboundHandlers(), (m) => logged.push(m));
      await poll();
      await poll();
      expect(await chatOf(contactId)).toBe("4321");
      expect(bot.sent.map((s) => s.text)).toEqual([
        "Listo, Raúl: desde ahora vas a recibir acá los avisos de Mostrador.",
      ]);
      // The first tenant's bot token is unknown to this fake: refused and logged, not fatal.
      expect(logged.some((m) => m.includes("Unauthorized"))).toBe(true);
    } finally {
      await cloud.close();
      await bot.close();
    }
  });
});
