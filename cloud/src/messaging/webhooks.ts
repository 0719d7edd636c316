import { createHmac, timingSafeEqual } from "node:crypto";
import { Type } from "@sinclair/typebox";
import type { TelegramSecrets, WhatsappSecrets } from "@mostrador/contracts/http/messaging";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { loadChannels } from "./channel-config.js";
import type { MessagingConfig } from "./config.js";
import { firstDelivery, type InboundHandlers, receiveInbound } from "./inbound.js";
import { normalizePhone } from "./phone.js";
import { applyProviderStatus } from "./provider-statuses.js";
import { TelegramBot, type TelegramUpdate } from "./channels/telegram-bot.js";
import { handleTelegramUpdate } from "./telegram-updates.js";

const TenantParams = Type.Object(
  { tenantId: Type.String({ format: "uuid" }) },
  { additionalProperties: false },
);

const VerifyQuery = Type.Object(
  {
    "hub.mode": Type.String({ maxLength: 40 }),
    "hub.verify_token": Type.String({ maxLength: 500 }),
    "hub.challenge": Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body with the app secret. */
export function validWhatsappSignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", appSecret).update(raw).digest("hex");
  return sameText(header.slice("sha256=".length).toLowerCase(), expected);
}

async function channelSecrets<T>(
  q: Queryable,
  config: MessagingConfig,
  channel: "whatsapp" | "telegram",
): Promise<T> {
  const stored = (await loadChannels(q, config.secrets)).get(channel);
  if (!stored?.secrets)
    throw new CloudError("not_found", "channel_not_configured", "El canal no está configurado");
  return stored.secrets as T;
}

const signatureRefused = () =>
  new CloudError("unauthorized", "bad_signature", "La firma del aviso no corresponde: no se procesó nada");

interface WhatsappValue {
  statuses?: { id?: string; status?: string; errors?: { code?: number; title?: string }[] }[];
  messages?: {
    id?: string;
    from?: string;
    timestamp?: string;
    type?: string;
    text?: { body?: string };
    button?: { text?: string; payload?: string };
    interactive?: { button_reply?: { id?: string; title?: string } };
    context?: { id?: string };
  }[];
}

/**
 * Public webhooks, one URL per tenant (its id in the path: each tenant's Meta app and bot point at
 * their own). Nothing changes unless the request proves it comes from the provider: WhatsApp's
 * X-Hub-Signature-256 over the raw body (a raw-body parser scoped to these routes), Telegram's
 * X-Telegram-Bot-Api-Secret-Token. Text checks are ours (textCheck: "query-and-params"): a person's
 * message may hold line breaks.
 */
export const messagingWebhookRoutes =
  (config: MessagingConfig, handlers: InboundHandlers): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (app) => {
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) =>
      done(null, body),
    );

    // Meta's verification handshake: echo hub.challenge when the verify token is the tenant's.
    app.get(
      "/messaging/webhooks/whatsapp/:tenantId",
      { config: { auth: "public" }, schema: { params: TenantParams, querystring: VerifyQuery } },
      async (request, reply) => {
        const { tenantId } = request.params as { tenantId: string };
        const query = request.query as Record<string, string>;
        const secrets = await sql.withTenant(tenantId, (q) =>
          channelSecrets<WhatsappSecrets>(q, config, "whatsapp"),
        );
        if (query["hub.mode"] !== "subscribe" || !sameText(query["hub.verify_token"]!, secrets.verifyToken))
          throw new CloudError("forbidden", "bad_verify_token", "El token de verificación no corresponde");
        return reply.type("text/plain").send(query["hub.challenge"]);
      },
    );

    app.post(
      "/messaging/webhooks/whatsapp/:tenantId",
      { config: { auth: "public", textCheck: "query-and-params" }, schema: { params: TenantParams } },
      async (request, reply) => {
        const { tenantId } = request.params as { tenantId: string };
        const raw = request.body;
        if (!Buffer.isBuffer(raw)) throw signatureRefused();
        await sql.withTenant(tenantId, async (q) => {
          const secrets = await channelSecrets<WhatsappSecrets>(q, config, "whatsapp");
          if (
            !validWhatsappSignature(
              raw,
              request.headers["x-hub-signature-256"] as string | undefined,
              secrets.appSecret,
            )
          )
            throw signatureRefused();
          let body: { entry?: { changes?: { value?: WhatsappValue }[] }[] };
          try {
            body = JSON.parse(raw.toString("utf8")) as typeof body;
          } catch {
            throw new CloudError("invalid", "invalid_json", "El cuerpo no es JSON");
          }
          const now = clock.now();
          for (const entry of body.entry ?? [])
            for (const change of entry.changes ?? []) {
              const value = change.value ?? {};
              for (const s of value.statuses ?? [])
                if (s.id && s.status) {
                  const error = s.errors?.[0]
                    ? `${s.errors[0].code ?? ""} ${s.errors[0].title ?? ""}`.trim()
                    : null;
                  await applyProviderStatus(q, tenantId, "whatsapp", s.id, s.status, error, now);
                }
              for (const m of value.messages ?? []) await whatsappInbound(q, tenantId, m, now);
            }
        });
        return reply.status(200).send({ ok: true });
      },
    );

    async function whatsappInbound(
      q: Queryable,
      tenantId: string,
      m: NonNullable<WhatsappValue["messages"]>[number],
      now: Date,
    ) {
      const phone = m.from ? normalizePhone(m.from) : null;
      if (!phone) return;
      if (m.id && !(await firstDelivery(q, tenantId, "whatsapp", m.id, now))) return;
      const [contact] = await q.query<{ id: string }>(`SELECT id FROM messaging_contacts WHERE phone = $1`, [
        phone,
      ]);
      if (!contact) return; // someone the tenant has no contact for: nothing to opt out, nobody asked
      const sentAt = m.timestamp ? new Date(Number(m.timestamp) * 1000) : now;
      // The 24 h window opens at the person's message.
      await q.query(
        `UPDATE messaging_contacts SET whatsapp_last_inbound_at = GREATEST(COALESCE(whatsapp_last_inbound_at, $2), $2) WHERE id = $1`,
        [contact.id, sentAt],
      );
      const text = m.text?.body ?? m.button?.text ?? m.interactive?.button_reply?.title ?? "";
      if (!text) return;
      await receiveInbound(q, handlers, {
        tenantId,
        channel: "whatsapp",
        contactId: contact.id,
        text,
        payload: m.button?.payload ?? m.interactive?.button_reply?.id ?? null,
        answersProviderId: m.context?.id ?? null,
        at: now,
      });
    }

    app.post(
      "/messaging/webhooks/telegram/:tenantId",
      { config: { auth: "public", textCheck: "query-and-params" }, schema: { params: TenantParams } },
      async (request, reply) => {
        const { tenantId } = request.params as { tenantId: string };
        const raw = request.body;
        const outcome = await sql.withTenant(tenantId, async (q) => {
          const secrets = await channelSecrets<TelegramSecrets>(q, config, "telegram");
          const given = request.headers["x-telegram-bot-api-secret-token"];
          if (typeof given !== "string" || !sameText(given, secrets.webhookSecret)) throw signatureRefused();
          let update: TelegramUpdate;
          try {
            update = JSON.parse(Buffer.isBuffer(raw) ? raw.toString("utf8") : "") as TelegramUpdate;
          } catch {
            throw new CloudError("invalid", "invalid_json", "El cuerpo no es JSON");
          }
          const answer = await handleTelegramUpdate(q, handlers, tenantId, update, clock.now());
          return answer ? { answer, botToken: secrets.botToken } : null;
        });
        // Answered after the commit: the chat is linked whether or not Telegram takes the answer.
        if (outcome)
          await new TelegramBot(config.telegram, outcome.botToken).sendText(
            outcome.answer.chatId,
            outcome.answer.text,
          );
        return reply.status(200).send({ ok: true });
      },
    );
  };
