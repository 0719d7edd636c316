import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Channel } from "@mostrador/contracts/http/messaging";
import type { Clock } from "../../core/clock.js";
import { CloudError } from "../../core/errors.js";
import type { Queryable, Sql } from "../../db/sql.js";
import type { IngestScope } from "../../ingest/handlers.js";
import type { MessagingConfig } from "../../messaging/config.js";
import { enqueue } from "../../messaging/queue.js";
import { lockTenantShapes, reclaimAllotment } from "../allotments.js";
import { bookOnline, nextFreeAfter } from "../online.js";
import { contactOf, whenText } from "../reminders/schedule.js";
import { waitlistAnswerUrl } from "./links.js";

/**
 * The waitlist's offers in the cloud (docs/turnos.md "Waitlist"). The desk gives a freed slot as a
 * `waitlist` allotment (its units are the cloud's, never on the public page) and the entries that fit it,
 * in order. One patient at a time has the offer (their turn, `minutes` long): a WhatsApp message with
 * "Acepto"/"No puedo" buttons and an email with signed links. The first "acepto" of the patient whose
 * turn it is books the slot through the online booking path under the cloud's keys, in ONE transaction
 * that first locks the offer row: a second acceptance (the same patient on another channel, or a late
 * one) waits for the first, then finds the offer booked and gets "Ya no está disponible" with the next
 * free slots. A decline or an expiry passes the turn to the next; with nobody left the allotment is
 * returned to the desk (the reclaim path), whose shape closes the offer there.
 */

type Entry = OpPayload<"turno_waitlist_entry", "created">;
type Offer = OpPayload<"turno_waitlist_offer", "created">;

/** The messaging handler name answers to offers are routed to (answers.ts registers it). */
export const WAITLIST_REPLY_HANDLER = "turnos_waitlist";

export async function applyWaitlistEntryOps(
  q: Queryable,
  scope: IngestScope,
  ops: IngestOp[],
): Promise<void> {
  for (const op of ops) {
    const e = op.payload as Entry;
    await q.query(
      `INSERT INTO turno_waitlist_entries (tenant_id, id, store_id, customer_id, service_id, professional_id, weekdays,
         from_minute, to_minute, from_day, to_day, state, booking_id, created_at, updated_at)
       VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (tenant_id, id) DO UPDATE SET service_id = EXCLUDED.service_id,
         professional_id = EXCLUDED.professional_id, weekdays = EXCLUDED.weekdays,
         from_minute = EXCLUDED.from_minute, to_minute = EXCLUDED.to_minute, from_day = EXCLUDED.from_day,
         to_day = EXCLUDED.to_day, state = EXCLUDED.state, booking_id = EXCLUDED.booking_id,
         updated_at = EXCLUDED.updated_at
       WHERE turno_waitlist_entries.updated_at <= EXCLUDED.updated_at`,
      [
        e.id,
        scope.storeId,
        e.customerId,
        e.serviceId,
        e.professionalId,
        JSON.stringify(e.weekdays),
        e.fromMinute,
        e.toMinute,
        e.fromDay,
        e.toDay,
        e.state,
        e.bookingId,
        e.createdAt,
        e.updatedAt,
      ],
    );
  }
}

/** Stores each new offer with its turns in the desk's order, and gives the first patient their turn. */
export function applyWaitlistOfferOps(config: MessagingConfig) {
  return async (q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> => {
    for (const op of ops) {
      const o = op.payload as Offer;
      const inserted = await q.query(
        `INSERT INTO turno_waitlist_offers (tenant_id, id, store_id, allotment_id, professional_id, service_id,
           start_at, minutes, state, created_at, updated_at)
         VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7, 'open', $8, $8)
         ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
        [o.id, scope.storeId, o.allotmentId, o.professionalId, o.serviceId, o.start, o.minutes, scope.now],
      );
      if (inserted.length === 0) continue; // the same offer again
      for (const [position, e] of o.entries.entries())
        await q.query(
          `INSERT INTO turno_waitlist_turns (tenant_id, offer_id, position, entry_id, patient_name, patient_phone,
             patient_email, state) VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, 'pending')`,
          [o.id, position, e.entryId, e.name, e.phone, e.email],
        );
      await passTurn(q, config, o.id, scope.now);
    }
  };
}

interface OfferRow {
  tenant_id: string;
  id: string;
  store_id: string;
  allotment_id: string;
  professional_id: string;
  service_id: string;
  start_at: Date;
  minutes: number;
  state: "open" | "booked" | "returned";
  booking_id: string | null;
}

interface TurnRow {
  position: number;
  entry_id: string;
  patient_name: string;
  patient_phone: string | null;
  patient_email: string | null;
  state: string;
  expires_at: Date | null;
}

/** The offer, locked: every change of an offer (answer, sweep) takes this lock first, after the shapes'. */
async function lockOffer(q: Queryable, offerId: string): Promise<OfferRow | null> {
  await lockTenantShapes(q);
  const [o] = await q.query<OfferRow>(`SELECT * FROM turno_waitlist_offers WHERE id = $1 FOR UPDATE`, [
    offerId,
  ]);
  return o ?? null;
}

const turnsOf = (q: Queryable, offerId: string) =>
  q.query<TurnRow>(
    `SELECT position, entry_id, patient_name, patient_phone, patient_email, state, expires_at
       FROM turno_waitlist_turns WHERE offer_id = $1 ORDER BY position`,
    [offerId],
  );

/**
 * Gives the offer to the next patient in line still waiting (an entry the desk removed or booked since
 * is skipped), or, with nobody left or the slot no longer ahead, returns the allotment. The offer is
 * locked by the caller (or just inserted in the caller's transaction).
 */
async function passTurn(q: Queryable, config: MessagingConfig, offerId: string, now: Date): Promise<void> {
  const offer = await lockOffer(q, offerId);
  if (!offer || offer.state !== "open") return;
  const turns = await turnsOf(q, offerId);
  if (turns.some((t) => t.state === "offered" || t.state === "accepted")) return;
  const ahead = offer.start_at.getTime() > now.getTime();
  for (const t of turns) {
    if (t.state !== "pending" || !ahead) continue;
    const [entry] = await q.query<{ state: string }>(
      "SELECT state FROM turno_waitlist_entries WHERE id = $1",
      [t.entry_id],
    );
    if (entry && (entry.state === "removed" || entry.state === "booked" || entry.state === "expired")) {
      await setTurn(q, offerId, t.position, "skipped", now);
      continue;
    }
    const expires = new Date(now.getTime() + offer.minutes * 60_000);
    await q.query(
      `UPDATE turno_waitlist_turns SET state = 'offered', offered_at = $3, expires_at = $4
        WHERE offer_id = $1 AND position = $2`,
      [offerId, t.position, now, expires],
    );
    await sendOffer(q, config, offer, t, expires, now);
    return;
  }
  // Nobody took it: the units go back to the desk (their allotment returned, down its shape).
  await q.query(`UPDATE turno_waitlist_offers SET state = 'returned', updated_at = $2 WHERE id = $1`, [
    offerId,
    now,
  ]);
  await reclaimAllotment(q, offer.allotment_id, now);
}

const setTurn = (q: Queryable, offerId: string, position: number, state: string, now: Date) =>
  q.query(
    `UPDATE turno_waitlist_turns SET state = $3, answered_at = $4 WHERE offer_id = $1 AND position = $2`,
    [offerId, position, state, now],
  );

async function sendOffer(
  q: Queryable,
  config: MessagingConfig,
  offer: OfferRow,
  t: TurnRow,
  expires: Date,
  now: Date,
): Promise<void> {
  const [info] = await q.query<{
    store: string;
    service: string;
    professional: string;
    time_zone: string | null;
  }>(
    `SELECT st.name AS store, s.name AS service, p.name AS professional, r.time_zone
       FROM stores st JOIN turno_services s ON s.id = $2 JOIN turno_professionals p ON p.id = $3
       LEFT JOIN turno_rules r ON r.store_id = st.id WHERE st.id = $1`,
    [offer.store_id, offer.service_id, offer.professional_id],
  );
  const zone = info?.time_zone ?? "America/Argentina/Buenos_Aires";
  const when = whenText(offer.start_at, zone);
  const until = whenText(expires, zone).split(", ")[1] ?? "";
  const contactId = await contactOf(
    q,
    offer.tenant_id,
    { name: t.patient_name, phone: t.patient_phone, email: t.patient_email },
    now,
  );
  const [reach] = await q.query<{ phone: string | null; email: string | null }>(
    "SELECT phone, email FROM messaging_contacts WHERE id = $1",
    [contactId],
  );
  const name = t.patient_name || "Hola";
  const text =
    `${name}: se liberó un turno el ${when} con ${info?.professional ?? "el profesional"} ` +
    `(${info?.service ?? "turno"}) en ${info?.store ?? "el local"}. Estabas en la lista de espera: ` +
    `es tuyo si lo aceptás antes de las ${until}.`;
  const claim = { t: offer.tenant_id, o: offer.id, p: t.position };
  const replyContext = { offerId: offer.id, position: t.position };
  const channels: Channel[] = [];
  if (reach?.phone) channels.push("whatsapp");
  if (reach?.email) channels.push("email");
  for (const channel of channels)
    await enqueue(
      q,
      offer.tenant_id,
      channel === "whatsapp"
        ? {
            channel,
            contactId,
            kind: "transactional",
            reason: "requested",
            body: `${text} Respondé ACEPTO o NO.`,
            template: {
              name: "oferta_lista_espera",
              language: "es_AR",
              parameters: [
                name,
                when,
                info?.professional ?? "",
                info?.service ?? "",
                info?.store ?? "",
                until,
              ],
              quickReplies: [
                `waitlist:accept:${offer.id}:${t.position}`,
                `waitlist:decline:${offer.id}:${t.position}`,
              ],
            },
            dedupeKey: `waitlist:${offer.id}:${t.position}`,
            source: `waitlist:${offer.id}`,
            replyHandler: WAITLIST_REPLY_HANDLER,
            replyContext,
          }
        : {
            channel,
            contactId,
            kind: "transactional",
            reason: "requested",
            subject: `Se liberó un turno el ${when}`,
            body: [
              text,
              "",
              `Lo quiero: ${waitlistAnswerUrl(config, { ...claim, a: "accept" })}`,
              `No puedo: ${waitlistAnswerUrl(config, { ...claim, a: "decline" })}`,
            ].join("\n"),
            dedupeKey: `waitlist:${offer.id}:${t.position}`,
            source: `waitlist:${offer.id}`,
            replyHandler: WAITLIST_REPLY_HANDLER,
            replyContext,
          },
      now,
    );
}

export type WaitlistAnswer = "accept" | "decline";

export type WaitlistOutcome =
  { outcome: "booked"; bookingId: string; start: string } | { outcome: "declined" };

/**
 * A patient's answer to their turn (`position`) of an offer. In one transaction, after the offer's lock:
 * accept books the slot (the online path, only inside the offer's allotment, naming the entry), marks
 * the turn accepted and the offer booked, and gives the allotment's remaining units back; decline passes
 * the turn. Refused, changing nothing: an unknown offer or turn (404), an offer already booked or
 * returned (409 "Ya no está disponible" with the next free slots), a turn not (or no longer) theirs —
 * expired, answered, or not yet offered (409).
 */
export async function answerOffer(
  q: Queryable,
  config: MessagingConfig,
  input: { offerId: string; position: number; answer: WaitlistAnswer },
  now: Date,
): Promise<WaitlistOutcome> {
  const offer = await lockOffer(q, input.offerId);
  if (!offer) throw new CloudError("not_found", "offer_not_found", "Ese ofrecimiento de turno no existe");
  const [turn] = await q.query<TurnRow>(
    `SELECT position, entry_id, patient_name, patient_phone, patient_email, state, expires_at
       FROM turno_waitlist_turns WHERE offer_id = $1 AND position = $2 FOR UPDATE`,
    [input.offerId, input.position],
  );
  if (!turn) throw new CloudError("not_found", "offer_not_found", "Ese ofrecimiento de turno no existe");
  if (offer.state !== "open") {
    if (offer.state === "booked" && turn.state === "accepted" && input.answer === "accept")
      return { outcome: "booked", bookingId: offer.booking_id!, start: offer.start_at.toISOString() };
    throw await noLongerAvailable(q, offer, now);
  }
  const expired = turn.expires_at !== null && turn.expires_at.getTime() <= now.getTime();
  if (turn.state !== "offered" || expired)
    // Too late (the sweep passes the turn on in its own transaction), already answered, or not theirs yet.
    throw new CloudError(
      "conflict",
      turn.state === "pending" ? "offer_not_yours_yet" : "offer_expired",
      turn.state === "pending"
        ? "Todavía no es tu turno para ese horario"
        : "Tu tiempo para aceptar ese turno ya venció",
    );
  if (input.answer === "decline") {
    await setTurn(q, offer.id, turn.position, "declined", now);
    await passTurn(q, config, offer.id, now);
    return { outcome: "declined" };
  }
  const booked = await bookOnline(
    q,
    offer.store_id,
    {
      serviceId: offer.service_id,
      professionalId: offer.professional_id,
      start: offer.start_at.toISOString(),
      name: turn.patient_name,
      phone: turn.patient_phone ?? "",
      email: turn.patient_email,
      optIn: false,
    },
    now,
    { allotmentId: offer.allotment_id, entryId: turn.entry_id },
  );
  await setTurn(q, offer.id, turn.position, "accepted", now);
  await q.query(
    `UPDATE turno_waitlist_offers SET state = 'booked', booking_id = $2, updated_at = $3 WHERE id = $1`,
    [offer.id, booked.booking.id, now],
  );
  await q.query(
    `UPDATE turno_waitlist_turns SET state = 'skipped' WHERE offer_id = $1 AND state = 'pending'`,
    [offer.id],
  );
  // The allotment was just this slot: whatever the booking did not take goes back to the desk now.
  await reclaimAllotment(q, offer.allotment_id, now);
  return { outcome: "booked", bookingId: booked.booking.id, start: booked.booking.start };
}

async function noLongerAvailable(q: Queryable, offer: OfferRow, now: Date): Promise<CloudError> {
  let nextFree: FreeSlot[] = [];
  try {
    nextFree = await nextFreeAfter(q, offer.store_id, offer.service_id, offer.start_at.getTime(), now);
  } catch (err) {
    if (!(err instanceof CloudError)) throw err;
  }
  return new CloudError("conflict", "slot_taken", "Ya no está disponible", { nextFree });
}

/** Every open offer whose current turn ran out passes to the next patient (each in its own transaction). */
export async function sweepOffers(sql: Sql, clock: Clock, config: MessagingConfig): Promise<void> {
  const now = clock.now();
  const tenants = await sql.query<{ tenant: string }>(`SELECT turnos_tenants_with_open_offers() AS tenant`);
  for (const { tenant } of tenants) {
    const offers = await sql.withTenant(tenant, (q) =>
      q.query<{ id: string }>(
        `SELECT id FROM turno_waitlist_offers WHERE state = 'open' ORDER BY created_at`,
      ),
    );
    for (const { id } of offers)
      await sql.withTenant(tenant, async (q) => {
        const offer = await lockOffer(q, id);
        if (!offer || offer.state !== "open") return;
        const late = await q.query<{ position: number }>(
          `SELECT position FROM turno_waitlist_turns WHERE offer_id = $1 AND state = 'offered' AND expires_at <= $2`,
          [id, now],
        );
        for (const t of late) await setTurn(q, id, t.position, "expired", now);
        await passTurn(q, config, id, now);
      });
  }
}

/** What the patient is told after answering by WhatsApp (or on the link's page). */
export function waitlistReplyText(
  result: WaitlistOutcome | { outcome: "refused"; message: string },
  timeZone?: string,
): string {
  switch (result.outcome) {
    case "booked":
      return `Listo: el turno del ${whenText(new Date(result.start), timeZone ?? "America/Argentina/Buenos_Aires")} es tuyo. ¡Te esperamos!`;
    case "declined":
      return "Gracias por avisar: seguís en la lista de espera.";
    case "refused":
      return `No pudimos darte ese turno: ${result.message.toLowerCase()}.`;
  }
}
