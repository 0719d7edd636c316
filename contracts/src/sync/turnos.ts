import { Type } from "@sinclair/typebox";
import { Id, NonNegMoney, Nullable, Open, Text, Time } from "./fields.js";

/**
 * Turnos (desktop/src/turnos, docs/turnos.md): the appliance owns the calendar; bookings and the setup
 * the online booking page needs go up through the outbox. The cloud keeps them as appliance_events until
 * its projection lands (next session).
 */

const BookingState = Type.Union(
  ["held", "booked", "confirmed", "arrived", "done", "no_show", "cancelled"].map((s) => Type.Literal(s)),
);

/** turno_booking/created, turno_booking/updated: every state change and every move. */
export const TurnoBookingPayload = Type.Object(
  {
    id: Id,
    customerId: Nullable(Id),
    serviceId: Id,
    professionalId: Id,
    resourceId: Nullable(Id),
    start: Time,
    end: Time,
    state: BookingState,
    holdExpiresAt: Nullable(Time),
    seriesId: Nullable(Id),
    origin: Type.Union([Type.Literal("desk"), Type.Literal("online")]),
    walkIn: Type.Boolean(),
    price: NonNegMoney,
    depositPaid: NonNegMoney,
    arrivedAt: Nullable(Time),
    cancelledAt: Nullable(Time),
    cancelledBy: Nullable(Id),
    updatedAt: Time,
    /** An online booking: the allotment whose units it took (the desk gives them back to it on cancel). */
    allotmentId: Type.Optional(Nullable(Id)),
    /** A patient who booked online before being a customer: who to expect. */
    patientName: Type.Optional(Nullable(Text(80))),
    patientPhone: Type.Optional(Nullable(Text(40))),
    patientEmail: Type.Optional(Nullable(Text(254))),
  },
  Open,
);

const Minute = Type.Integer({ minimum: 0, maximum: 1440 });

/** turno_professional/created, /updated: who gives which services and when (weekly hours, local time). */
export const TurnoProfessionalPayload = Type.Object(
  {
    id: Id,
    name: Text(80),
    active: Type.Boolean(),
    serviceIds: Type.Array(Id),
    hours: Type.Array(
      Type.Object(
        {
          weekday: Type.Integer({ minimum: 0, maximum: 6 }),
          kind: Type.Union([Type.Literal("work"), Type.Literal("break")]),
          startMinute: Minute,
          endMinute: Minute,
        },
        Open,
      ),
    ),
    updatedAt: Time,
  },
  Open,
);

/** turno_service/created, /updated. */
export const TurnoServicePayload = Type.Object(
  {
    id: Id,
    name: Text(80),
    durationMinutes: Type.Integer({ minimum: 5, maximum: 720 }),
    bufferBeforeMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    bufferAfterMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    price: NonNegMoney,
    deposit: NonNegMoney,
    active: Type.Boolean(),
    updatedAt: Time,
    /** Resources of which one must be free (the cloud offers online only services that need none). */
    resourceIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    /** The catalog product the till sells it as: the cloud's report finds the service's line of a sale by it. */
    productId: Type.Optional(Id),
  },
  Open,
);

/** turno_rules/updated: the shop's booking rules and its time zone (availability online needs both). */
export const TurnoRulesPayload = Type.Object(
  {
    slotMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
    minNoticeMinutes: Type.Integer({ minimum: 0, maximum: 43_200 }),
    horizonDays: Type.Integer({ minimum: 1, maximum: 365 }),
    holdMinutes: Type.Integer({ minimum: 1, maximum: 60 }),
    timeZone: Text(64),
    updatedAt: Time,
  },
  Open,
);

/** turno_exception/created, /deleted: a day off, leave or an extra window (professionalId null: everyone). */
export const TurnoExceptionPayload = Type.Object(
  {
    id: Id,
    professionalId: Nullable(Id),
    day: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
    kind: Type.Union([Type.Literal("closed"), Type.Literal("extra")]),
    startMinute: Nullable(Minute),
    endMinute: Nullable(Minute),
    updatedAt: Time,
  },
  Open,
);

/** A run of 5-minute units [from, to) (docs/turnos.md): units are floor(epochMs / 300 000). */
export const UnitRange = Type.Tuple([
  Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 }),
  Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 }),
]);

/**
 * turno_allotment/granted: the appliance gives the cloud these units of a professional to book online
 * (their keys are already the allotment's at the desk); the rules travel with it so the cloud never
 * books under rules it has not seen. turno_allotment/reclaim: the desk asks them back.
 */
export const TurnoAllotmentPayload = Type.Object(
  {
    id: Id,
    professionalId: Id,
    start: Time,
    end: Time,
    /** The granted units (only those free at the desk when granted). */
    ranges: Type.Array(UnitRange, { maxItems: 20_000 }),
    /**
     * Set: the ranges are this RESOURCE's units (a room granted beside `professionalId`'s allotment, so
     * services that need it can be booked online); absent: the professional's, as older appliances send.
     */
    resourceId: Type.Optional(Id),
    rules: Type.Optional(TurnoRulesPayload),
    updatedAt: Time,
    /** 'waitlist': a freed slot for the waitlist's offer (never shown to the public booking page). */
    purpose: Type.Optional(Type.Union([Type.Literal("online"), Type.Literal("waitlist")])),
  },
  Open,
);

const WaitlistState = Type.Union(
  ["waiting", "offered", "booked", "expired", "removed"].map((s) => Type.Literal(s)),
);

/**
 * turno_waitlist_entry/created, /updated (desktop/src/turnos/waitlist.ts): a patient waiting for a
 * service, a professional, or either ("cualquiera": professionalId null), optionally only some weekdays
 * and hours, between two days. `createdAt` is the arrival: the order offers follow.
 */
export const TurnoWaitlistEntryPayload = Type.Object(
  {
    id: Id,
    customerId: Id,
    serviceId: Nullable(Id),
    professionalId: Nullable(Id),
    /** Weekdays allowed (0 = Sunday); empty: any day. */
    weekdays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7 }),
    fromMinute: Nullable(Minute),
    toMinute: Nullable(Minute),
    fromDay: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
    toDay: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
    state: WaitlistState,
    bookingId: Nullable(Id),
    createdAt: Time,
    updatedAt: Time,
  },
  Open,
);

/**
 * turno_waitlist_offer/created: the desk gives a freed slot to the cloud to offer to the waiting
 * patients IN THIS ORDER (the slot's units went up just before as a `turno_allotment/granted` with
 * purpose 'waitlist', so only the cloud may book them). The cloud offers it to one at a time for
 * `minutes`; the first "acepto" of the patient whose turn it is books it under the cloud's keys.
 */
export const TurnoWaitlistOfferPayload = Type.Object(
  {
    id: Id,
    allotmentId: Id,
    professionalId: Id,
    serviceId: Id,
    start: Time,
    minutes: Type.Integer({ minimum: 5, maximum: 1440 }),
    entries: Type.Array(
      Type.Object(
        {
          entryId: Id,
          name: Text(80),
          phone: Nullable(Text(40)),
          email: Nullable(Text(254)),
        },
        Open,
      ),
      { minItems: 1, maxItems: 50 },
    ),
    createdAt: Time,
  },
  Open,
);
