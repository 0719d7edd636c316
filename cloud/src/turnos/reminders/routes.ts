import {
  AnswerLinkQuery,
  type BookingReminders,
  BookingRemindersParams,
  BookingRemindersSchema,
  type ReminderSettings,
  ReminderSettingsSchema,
  ReminderSettingsViewSchema,
} from "@mostrador/contracts/http/cloud-turnos";
import { CloudError } from "../../core/errors.js";
import { ownerOf, requireRole } from "../../http/auth.js";
import type { CloudRoutesFactory } from "../../http/deps.js";
import type { Queryable } from "../../db/sql.js";
import type { MessagingConfig } from "../../messaging/config.js";
import { readAnswerToken } from "./answer-links.js";
import { type AnswerOutcome, applyAnswer } from "./answers.js";
import { saveReminderSettings } from "./schedule.js";
import { reminderSettingsView } from "./settings-view.js";

const page = (title: string, text: string) =>
  `<!doctype html><html lang="es"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${title}</title><body style="font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
  `<h1>${title}</h1>${text}</body></html>`;

const SAID: Record<AnswerOutcome["outcome"], string> = {
  confirmed: "Tu turno quedó confirmado. ¡Te esperamos!",
  cancelled: "Tu turno quedó cancelado.",
  sent_to_desk: "Recibimos tu respuesta: el local ya la tiene.",
  ignored: "",
};

/** A booking's reminders (messaging's rows for it) and the patient's answers. */
export async function bookingReminders(q: Queryable, bookingId: string): Promise<BookingReminders> {
  const [booking] = await q.query(`SELECT 1 FROM turno_bookings WHERE id = $1`, [bookingId]);
  if (!booking) throw new CloudError("not_found", "booking_not_found", "No existe ese turno");
  const reminders = await q.query<{
    id: string;
    channel: BookingReminders["reminders"][number]["channel"];
    status: BookingReminders["reminders"][number]["status"];
    dedupe_key: string;
    not_before: Date;
    last_error: string | null;
    updated_at: Date;
  }>(
    `SELECT id, channel, status, dedupe_key, not_before, last_error, updated_at FROM messages
      WHERE source = $1 ORDER BY not_before, channel`,
    [`turno:${bookingId}`],
  );
  const answers = await q.query<{
    answer: "confirm" | "cancel";
    channel: BookingReminders["answers"][number]["channel"];
    booking_start: Date;
    received_at: Date;
  }>(
    `SELECT answer, channel, booking_start, received_at FROM turno_answers WHERE booking_id = $1
      ORDER BY received_at, id`,
    [bookingId],
  );
  return {
    reminders: reminders.map((r) => ({
      messageId: r.id,
      reminder: r.dedupe_key.split(":")[2] ?? "",
      channel: r.channel,
      status: r.status,
      notBefore: r.not_before.toISOString(),
      lastError: r.last_error,
      updatedAt: r.updated_at.toISOString(),
    })),
    answers: answers.map((a) => ({
      answer: a.answer,
      channel: a.channel,
      bookingStart: a.booking_start.toISOString(),
      receivedAt: a.received_at.toISOString(),
    })),
  };
}

/**
 * The reminder email's links (`/v1/turnos/answer?token=`, public: GET shows the button — mail scanners
 * follow links, so a GET must change nothing — and POST answers) and the dashboard's view of a booking's
 * reminders with their delivery status.
 */
export const turnosReminderRoutes =
  (config: MessagingConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (app) => {
    // The link's page posts an empty form: its body carries nothing we read.
    app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_r, _body, done) =>
      done(null, {}),
    );
    const claimOf = (token: string) => {
      const claim = readAnswerToken(config, token);
      if (!claim) throw new CloudError("invalid", "bad_token", "El enlace del turno no es válido");
      return claim;
    };

    app.get(
      "/turnos/answer",
      { config: { auth: "public" }, schema: { querystring: AnswerLinkQuery } },
      async (request, reply) => {
        const claim = claimOf((request.query as { token: string }).token);
        const [title, button] =
          claim.a === "confirm"
            ? ["Confirmar el turno", "Confirmo mi turno"]
            : ["Cancelar el turno", "Cancelo mi turno"];
        return reply
          .type("text/html; charset=utf-8")
          .send(page(title, `<form method="post"><button type="submit">${button}</button></form>`));
      },
    );

    app.post(
      "/turnos/answer",
      { config: { auth: "public" }, schema: { querystring: AnswerLinkQuery } },
      async (request, reply) => {
        const claim = claimOf((request.query as { token: string }).token);
        const result = await sql.withTenant(claim.t, (q) =>
          applyAnswer(
            q,
            config,
            { bookingId: claim.b, start: claim.s, answer: claim.a, channel: "email", messageId: null },
            clock.now(),
          ),
        );
        if (result.outcome === "ignored")
          throw new CloudError("conflict", "answer_not_applicable", result.reason);
        return reply.type("text/html; charset=utf-8").send(page("Listo", `<p>${SAID[result.outcome]}</p>`));
      },
    );

    app.get(
      "/turnos/bookings/:bookingId/reminders",
      { schema: { params: BookingRemindersParams, response: { 200: BookingRemindersSchema } } },
      async (request) => {
        const { bookingId } = request.params as { bookingId: string };
        return sql.withTenant(ownerOf(request).tenantId, (q) => bookingReminders(q, bookingId));
      },
    );

    app.get(
      "/turnos/reminder-settings",
      { schema: { response: { 200: ReminderSettingsViewSchema } } },
      async (request) => reminderSettingsView(sql, ownerOf(request).tenantId, config, clock.now()),
    );

    app.put(
      "/turnos/reminder-settings",
      {
        schema: { body: ReminderSettingsSchema, response: { 200: ReminderSettingsViewSchema } },
        preHandler: requireRole("owner"),
      },
      async (request) => {
        const tenantId = ownerOf(request).tenantId;
        await sql.withTenant(tenantId, (q) =>
          saveReminderSettings(q, tenantId, request.body as ReminderSettings, clock.now()),
        );
        return reminderSettingsView(sql, tenantId, config, clock.now());
      },
    );
  };
