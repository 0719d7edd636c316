import { Type } from "@sinclair/typebox";
import {
  type Channel,
  ChannelBodySchemas,
  ChannelsAnswerSchema,
  type ConsentBody,
  ConsentBodySchema,
  type ContactBody,
  ContactBodySchema,
  ContactsAnswerSchema,
  EnqueuedAnswerSchema,
  MessagesAnswerSchema,
  MessagesQuerySchema,
  MessagingSettingsSchema,
  type MessagingSettings,
  TelegramSetupAnswerSchema,
  type TestSendBody,
  TestSendBodySchema,
  type WhatsappSettings,
} from "@mostrador/contracts/http/messaging";
import { CloudError } from "../core/errors.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { IdParams } from "../http/schemas.js";
import { listChannels, saveChannel } from "./channel-config.js";
import type { MessagingConfig } from "./config.js";
import { createContact, getContact, listContacts, updateContact } from "./contacts.js";
import { confirmEmailOptIn, optIn, optOut } from "./consent.js";
import { confirmUrl, readUnsubscribeToken } from "./links.js";
import { cancel, enqueue, listMessages } from "./queue.js";
import { sha256Hex } from "./secrets.js";
import { connectTelegramBot } from "./telegram-setup.js";
import { newId } from "../core/ids.js";

const CreatedSchema = Type.Object({ id: Type.String({ format: "uuid" }) }, { additionalProperties: false });
const ConsentAnswerSchema = Type.Object(
  { status: Type.Union([Type.Literal("pending"), Type.Literal("opted_in"), Type.Literal("opted_out")]) },
  { additionalProperties: false },
);
const TokenQuery = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 600 }) },
  { additionalProperties: false },
);
const page = (title: string, text: string) =>
  `<!doctype html><html lang="es"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${title}</title><body style="font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
  `<h1>${title}</h1>${text}</body></html>`;

/**
 * The owner dashboard's messaging API under /v1/messaging (settings: the owner; reading: any account),
 * and the public links every email carries (unsubscribe, double opt-in confirmation).
 */
export const messagingRoutes =
  (config: MessagingConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (app) => {
    const tenantOf = (request: Parameters<typeof ownerOf>[0]) => ownerOf(request).tenantId;

    app.get(
      "/messaging/channels",
      { schema: { response: { 200: ChannelsAnswerSchema } } },
      async (request) => ({
        channels: await sql.withTenant(tenantOf(request), (q) => listChannels(q)),
      }),
    );

    for (const channel of Object.keys(ChannelBodySchemas) as Channel[])
      app.patch(
        `/messaging/channels/${channel}`,
        {
          schema: {
            body: ChannelBodySchemas[channel],
            response: { 200: TelegramSetupAnswerSchema, 204: Type.Null() },
          },
          preHandler: requireRole("owner"),
        },
        async (request, reply) => {
          const owner = ownerOf(request);
          const body = request.body as Parameters<typeof saveChannel>[4];
          await sql.withTenant(owner.tenantId, (q) =>
            saveChannel(q, config.secrets, owner.tenantId, channel, body, owner.accountId, clock.now()),
          );
          // Telegram: check the token and point the bot's updates at us; the answer shows the result.
          if (channel === "telegram" && body.enabled)
            return reply.status(200).send(await connectTelegramBot(sql, config, owner.tenantId));
          return reply.status(204).send();
        },
      );

    app.get(
      "/messaging/settings",
      { schema: { response: { 200: MessagingSettingsSchema } } },
      async (request) => {
        const [row] = await sql.withTenant(tenantOf(request), (q) =>
          q.query<{ s: string; e: string; tz: string; offline: number }>(
            `SELECT to_char(quiet_start, 'HH24:MI') AS s, to_char(quiet_end, 'HH24:MI') AS e, default_time_zone AS tz,
               appliance_offline_minutes AS offline
           FROM messaging_settings`,
          ),
        );
        return {
          quietStart: row?.s ?? "21:00",
          quietEnd: row?.e ?? "09:00",
          defaultTimeZone: row?.tz ?? "America/Argentina/Buenos_Aires",
          applianceOfflineMinutes: row?.offline ?? 30,
        };
      },
    );

    app.patch(
      "/messaging/settings",
      { schema: { body: MessagingSettingsSchema }, preHandler: requireRole("owner") },
      async (request, reply) => {
        const body = request.body as MessagingSettings;
        try {
          new Intl.DateTimeFormat("en", { timeZone: body.defaultTimeZone });
        } catch {
          throw new CloudError(
            "invalid",
            "invalid_time_zone",
            `"${body.defaultTimeZone}" no es una zona horaria`,
          );
        }
        const tenantId = tenantOf(request);
        await sql.withTenant(tenantId, (q) =>
          q.query(
            `INSERT INTO messaging_settings (tenant_id, quiet_start, quiet_end, default_time_zone, appliance_offline_minutes,
               updated_at)
             VALUES ($1, $2, $3, $4, COALESCE($6, 30), $5) ON CONFLICT (tenant_id) DO UPDATE SET
               quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
               default_time_zone = excluded.default_time_zone,
               appliance_offline_minutes = COALESCE($6, messaging_settings.appliance_offline_minutes),
               updated_at = excluded.updated_at`,
            [
              tenantId,
              body.quietStart,
              body.quietEnd,
              body.defaultTimeZone,
              clock.now(),
              body.applianceOfflineMinutes ?? null,
            ],
          ),
        );
        return reply.status(204).send();
      },
    );

    app.get(
      "/messaging/contacts",
      { schema: { response: { 200: ContactsAnswerSchema } } },
      async (request) => ({
        contacts: await sql.withTenant(tenantOf(request), (q) => listContacts(q)),
      }),
    );

    app.post(
      "/messaging/contacts",
      {
        schema: { body: ContactBodySchema, response: { 201: CreatedSchema } },
        preHandler: requireRole("owner"),
      },
      async (request, reply) => {
        const tenantId = tenantOf(request);
        const id = await sql.withTenant(tenantId, (q) =>
          createContact(q, tenantId, request.body as ContactBody, clock.now()),
        );
        return reply.status(201).send({ id });
      },
    );

    app.patch(
      "/messaging/contacts/:id",
      { schema: { params: IdParams, body: ContactBodySchema }, preHandler: requireRole("owner") },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        await sql.withTenant(tenantOf(request), (q) => updateContact(q, id, request.body as ContactBody));
        return reply.status(204).send();
      },
    );

    // Consent recorded by the owner (a form at the counter). Email opt-in sends the double opt-in mail.
    app.post(
      "/messaging/contacts/:id/consent",
      {
        schema: { params: IdParams, body: ConsentBodySchema, response: { 200: ConsentAnswerSchema } },
        preHandler: requireRole("owner"),
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const body = request.body as ConsentBody;
        const owner = ownerOf(request);
        return sql.withTenant(owner.tenantId, async (q) => {
          const now = clock.now();
          const contact = await getContact(q, id);
          const actor = { source: body.source.trim(), recordedBy: owner.email };
          if (body.action === "opt_out") {
            await optOut(q, owner.tenantId, id, body.channel, actor, now);
            return { status: "opted_out" as const };
          }
          const address =
            body.channel === "email"
              ? contact.email
              : body.channel === "whatsapp"
                ? contact.phone
                : contact.telegram_chat_id;
          if (!address)
            throw new CloudError("invalid", "no_address", "El contacto no tiene dirección en ese canal");
          const result = await optIn(q, owner.tenantId, id, body.channel, actor, now);
          if (result.confirmToken)
            await enqueue(
              q,
              owner.tenantId,
              {
                channel: "email",
                contactId: id,
                kind: "transactional",
                reason: "consent_confirmation",
                subject: "Confirmá tu suscripción",
                body: `Hola ${contact.name}: para recibir nuestras novedades por correo, confirmá en ${confirmUrl(config, result.confirmToken)}`,
                dedupeKey: `consent_confirmation:${sha256Hex(result.confirmToken).slice(0, 32)}`,
                source: "consent",
              },
              now,
            );
          return { status: result.status };
        });
      },
    );

    app.get(
      "/messaging/messages",
      { schema: { querystring: MessagesQuerySchema, response: { 200: MessagesAnswerSchema } } },
      async (request) => ({
        messages: await sql.withTenant(tenantOf(request), (q) =>
          listMessages(q, request.query as { channel?: Channel; limit: number }),
        ),
      }),
    );

    app.post(
      "/messaging/messages/:id/cancel",
      { schema: { params: IdParams }, preHandler: requireRole("owner") },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const tenantId = tenantOf(request);
        await sql.withTenant(tenantId, (q) => cancel(q, tenantId, id, clock.now()));
        return reply.status(204).send();
      },
    );

    // A test send: transactional, now, to one contact (an owner recipient gets it as an alert).
    app.post(
      "/messaging/test-send",
      {
        schema: { body: TestSendBodySchema, response: { 202: EnqueuedAnswerSchema } },
        preHandler: requireRole("owner"),
      },
      async (request, reply) => {
        const body = request.body as TestSendBody;
        const tenantId = tenantOf(request);
        const answer = await sql.withTenant(tenantId, async (q) => {
          const contact = await getContact(q, body.contactId);
          const [wa] = await q.query<{ settings: WhatsappSettings }>(
            `SELECT settings FROM messaging_channels WHERE channel = 'whatsapp'`,
          );
          const template = body.channel === "whatsapp" ? wa?.settings.alertTemplate : undefined;
          return enqueue(
            q,
            tenantId,
            {
              channel: body.channel,
              contactId: contact.id,
              kind: "transactional",
              reason: contact.owner_recipient ? "owner_alert" : "requested",
              subject: "Mensaje de prueba",
              body: body.text.trim(),
              ...(template ? { template: { ...template, parameters: [body.text.trim()] } } : {}),
              dedupeKey: `test:${newId()}`,
              source: "test-send",
            },
            clock.now(),
          );
        });
        return reply.status(202).send({ id: answer.id, status: answer.status });
      },
    );

    // --- Public links -------------------------------------------------------------------------------

    const unsubscribe = async (token: string) => {
      const claim = readUnsubscribeToken(config, token);
      if (!claim) throw new CloudError("invalid", "bad_token", "El enlace de baja no es válido");
      await sql.withTenant(claim.t, async (q) => {
        const now = clock.now();
        const [contact] = await q.query(`SELECT id FROM messaging_contacts WHERE id = $1`, [claim.c]);
        if (!contact) return; // the contact was deleted: nothing left to send to
        await optOut(
          q,
          claim.t,
          claim.c,
          claim.ch,
          { source: "enlace de baja", recordedBy: "la persona" },
          now,
        );
        if (claim.o)
          await q.query(`UPDATE messaging_contacts SET owner_recipient = false WHERE id = $1`, [claim.c]);
      });
    };

    // GET shows a button (mail scanners follow links: a GET must not unsubscribe); POST does it, which
    // is also RFC 8058's one-click (body "List-Unsubscribe=One-Click", form-encoded).
    app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_r, body, done) =>
      done(null, { form: body }),
    );
    app.get(
      "/messaging/unsubscribe",
      { config: { auth: "public" }, schema: { querystring: TokenQuery } },
      async (request, reply) => {
        const { token } = request.query as { token: string };
        if (!readUnsubscribeToken(config, token))
          throw new CloudError("invalid", "bad_token", "El enlace de baja no es válido");
        return reply
          .type("text/html; charset=utf-8")
          .send(
            page(
              "Darse de baja",
              `<form method="post"><p>¿No querés recibir más mensajes por este medio?</p><button type="submit">Darme de baja</button></form>`,
            ),
          );
      },
    );
    app.post(
      "/messaging/unsubscribe",
      { config: { auth: "public" }, schema: { querystring: TokenQuery } },
      async (request, reply) => {
        await unsubscribe((request.query as { token: string }).token);
        return reply
          .type("text/html; charset=utf-8")
          .send(page("Listo", "<p>No vas a recibir más mensajes por este medio.</p>"));
      },
    );

    app.get(
      "/messaging/confirm",
      { config: { auth: "public" }, schema: { querystring: TokenQuery } },
      async (request, reply) => {
        const { token } = request.query as { token: string };
        const [row] = await sql.query<{ tenant: string | null }>(
          `SELECT messaging_tenant_of_confirmation($1) AS tenant`,
          [sha256Hex(token)],
        );
        if (!row?.tenant)
          throw new CloudError(
            "gone",
            "confirmation_used",
            "El enlace de confirmación ya se usó o no es válido",
          );
        await sql.withTenant(row.tenant, (q) => confirmEmailOptIn(q, token, clock.now()));
        return reply
          .type("text/html; charset=utf-8")
          .send(page("¡Gracias!", "<p>Tu suscripción quedó confirmada.</p>"));
      },
    );
  };
