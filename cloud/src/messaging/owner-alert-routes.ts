import {
  type AlertPreferences,
  AlertPreferencesSchema,
  OwnerNotificationsAnswerSchema,
  TelegramLinkAnswerSchema,
} from "@mostrador/contracts/http/messaging";
import { Type } from "@sinclair/typebox";
import { CloudError } from "../core/errors.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { IdParams } from "../http/schemas.js";
import { getAlertPreferences, listOwnerNotifications, saveAlertPreferences } from "./alert-preferences.js";
import type { MessagingConfig } from "./config.js";
import { removeContact } from "./contacts.js";
import { createTelegramLink } from "./telegram-links.js";

const RemovedSchema = Type.Object(
  { outcome: Type.Union([Type.Literal("deleted"), Type.Literal("retired")]) },
  { additionalProperties: false },
);

/**
 * The owner-alert part of the dashboard's messaging API: removing a contact, each owner recipient's
 * alert preferences, "Conectar Telegram" links, and the owner notifications with their delivery status.
 */
export const ownerAlertRoutes =
  (_config: MessagingConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (app) => {
    app.delete(
      "/messaging/contacts/:id",
      { schema: { params: IdParams, response: { 200: RemovedSchema } }, preHandler: requireRole("owner") },
      async (request) => {
        const { id } = request.params as { id: string };
        const outcome = await sql.withTenant(ownerOf(request).tenantId, (q) =>
          removeContact(q, id, clock.now()),
        );
        return { outcome };
      },
    );

    app.get(
      "/messaging/contacts/:id/alert-preferences",
      { schema: { params: IdParams, response: { 200: AlertPreferencesSchema } } },
      async (request) => {
        const { id } = request.params as { id: string };
        return sql.withTenant(ownerOf(request).tenantId, (q) => getAlertPreferences(q, id));
      },
    );

    app.put(
      "/messaging/contacts/:id/alert-preferences",
      { schema: { params: IdParams, body: AlertPreferencesSchema }, preHandler: requireRole("owner") },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const tenantId = ownerOf(request).tenantId;
        await sql.withTenant(tenantId, (q) =>
          saveAlertPreferences(q, tenantId, id, request.body as AlertPreferences, clock.now()),
        );
        return reply.status(204).send();
      },
    );

    // "Conectar Telegram": a one-time deep link to the tenant's bot; /start <token> links the chat.
    app.post(
      "/messaging/contacts/:id/telegram-link",
      {
        schema: { params: IdParams, response: { 200: TelegramLinkAnswerSchema } },
        preHandler: requireRole("owner"),
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const tenantId = ownerOf(request).tenantId;
        return sql.withTenant(tenantId, async (q) => {
          const [channel] = await q.query<{ username: string | null }>(
            `SELECT settings->>'botUsername' AS username FROM messaging_channels WHERE channel = 'telegram' AND enabled`,
          );
          if (!channel?.username)
            throw new CloudError(
              "invalid",
              "telegram_not_connected",
              "Primero configurá el bot de Telegram (Mensajería → Telegram) y guardalo",
            );
          const { token, expiresAt } = await createTelegramLink(q, tenantId, id, clock.now());
          return {
            url: `https://t.me/${channel.username}?start=${token}`,
            expiresAt: expiresAt.toISOString(),
          };
        });
      },
    );

    app.get(
      "/messaging/owner-notifications",
      { schema: { response: { 200: OwnerNotificationsAnswerSchema } } },
      async (request) => ({
        notifications: await sql.withTenant(ownerOf(request).tenantId, (q) => listOwnerNotifications(q)),
      }),
    );
  };
