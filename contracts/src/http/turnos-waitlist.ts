import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable, RowId, type SameUnion } from "./fields.js";
import { BookingSchema, DayKey } from "./turnos.js";

/**
 * The turnos waitlist at the desk (desktop/src/turnos/waitlist.ts, docs/turnos.md "Waitlist"): a patient
 * waiting for a service, a professional or "cualquiera", offered a freed slot in order of arrival.
 */

export const WAITLIST_STATES = ["waiting", "offered", "booked", "expired", "removed"] as const;
export type WaitlistState = (typeof WAITLIST_STATES)[number];
export const WaitlistStateSchema = Type.Union([
  Type.Literal("waiting"),
  Type.Literal("offered"),
  Type.Literal("booked"),
  Type.Literal("expired"),
  Type.Literal("removed"),
]);
const _states: SameUnion<WaitlistState, Static<typeof WaitlistStateSchema>> = true;
void _states;

const LocalMinute = Type.Integer({ minimum: 0, maximum: 1440, multipleOf: 5 });

export const WaitlistEntryInput = Type.Object(
  {
    customerId: RowId,
    /** Null or absent: any service of the professional. */
    serviceId: Type.Optional(Nullable(RowId)),
    /** Null or absent: "cualquiera" (any professional who gives the service). */
    professionalId: Type.Optional(Nullable(RowId)),
    /** Weekdays the patient can come (0 = Sunday); empty or absent: any. */
    weekdays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7, uniqueItems: true }),
    ),
    /** The local time window (minutes of the day), both or neither. */
    fromMinute: Type.Optional(Nullable(LocalMinute)),
    toMinute: Type.Optional(Nullable(LocalMinute)),
    /** The days the wait covers (shop's days); absent: from today, for the booking horizon. */
    fromDay: Type.Optional(DayKey),
    toDay: Type.Optional(DayKey),
    notes: Type.Optional(Type.String({ maxLength: 500 })),
  },
  Closed,
);
export type WaitlistEntryInput = Static<typeof WaitlistEntryInput>;

export const WaitlistEntrySchema = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  customerName: Type.String(),
  customerPhone: Nullable(Type.String()),
  customerEmail: Nullable(Type.String()),
  serviceId: Nullable(Type.String()),
  serviceName: Nullable(Type.String()),
  professionalId: Nullable(Type.String()),
  professionalName: Nullable(Type.String()),
  weekdays: Type.Array(Int),
  fromMinute: Nullable(Int),
  toMinute: Nullable(Int),
  fromDay: Type.String(),
  toDay: Type.String(),
  notes: Type.String(),
  state: WaitlistStateSchema,
  /** The booking it ended in (state booked). */
  bookingId: Nullable(Type.String()),
  bookingStart: Nullable(Instant),
  /** The cloud offer it is part of now (state offered). */
  offerId: Nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});
export type WaitlistEntry = Static<typeof WaitlistEntrySchema>;

export const WaitlistQuery = Type.Object(
  {
    /** Absent: the open ones (waiting and offered). */
    state: Type.Optional(Type.Union([WaitlistStateSchema, Type.Literal("all")])),
  },
  Closed,
);
export const WaitlistSchema = Type.Object({ entries: Type.Array(WaitlistEntrySchema) });

/** A freed slot: who on the list fits it, in order (the first is offered first). */
export const WaitlistSlotQuery = Type.Object(
  {
    professionalId: RowId,
    serviceId: RowId,
    start: Type.String({ format: "date-time", maxLength: 40 }),
  },
  Closed,
);

/** "Aceptó por teléfono": the desk books the entry's patient itself, in a slot the desk owns. */
export const WaitlistBookInput = Type.Object(
  {
    start: Type.String({ format: "date-time", maxLength: 40 }),
    professionalId: RowId,
    serviceId: RowId,
  },
  Closed,
);
export const WaitlistBookedSchema = Type.Object({ entry: WaitlistEntrySchema, booking: BookingSchema });

/**
 * "Ofrecer a la lista de espera" by message: the freed slot (a cancelled booking's, or any free one of a
 * professional and service) goes to the cloud as a waitlist allotment and is offered there in order.
 */
export const WaitlistOfferInput = Type.Object(
  {
    professionalId: RowId,
    serviceId: RowId,
    start: Type.String({ format: "date-time", maxLength: 40 }),
  },
  Closed,
);
export type WaitlistOfferInput = Static<typeof WaitlistOfferInput>;
export const WaitlistOfferSchema = Type.Object({
  id: Type.String(),
  allotmentId: Type.String(),
  professionalId: Type.String(),
  serviceId: Type.String(),
  start: Instant,
  end: Instant,
  minutes: Int,
  state: Type.Union([Type.Literal("open"), Type.Literal("booked"), Type.Literal("returned")]),
  /** The entries it is offered to, in order. */
  entryIds: Type.Array(Type.String()),
  bookingId: Nullable(Type.String()),
  createdAt: Instant,
});
export type WaitlistOffer = Static<typeof WaitlistOfferSchema>;
