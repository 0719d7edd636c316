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
  },
  Open,
);
