import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable, RowId } from "./fields.js";
import { ChannelSchema, MessageStatusSchema, TemplateApprovalSchema } from "./messaging.js";
import { BookingStateSchema, DayKey, FreeSlotSchema } from "./turnos.js";

/**
 * The cloud's public booking API per store (cloud/src/turnos/public-routes.ts, docs/turnos.md): what a
 * booking page or widget asks without logging in. The cloud books only inside the allotments the store's
 * appliance granted it; a taken slot answers 409 "Ya no está disponible" with details.nextFree.
 */

export const StoreParams = Type.Object({ storeId: Type.String({ format: "uuid" }) }, Closed);
export const StoreBookingParams = Type.Object(
  { storeId: Type.String({ format: "uuid" }), bookingId: RowId },
  Closed,
);

export const OnlineSetupSchema = Type.Object({
  storeName: Type.String(),
  timeZone: Type.String(),
  slotMinutes: Int,
  minNoticeMinutes: Int,
  horizonDays: Int,
  services: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      durationMinutes: Int,
      price: Int,
      deposit: Int,
    }),
  ),
  professionals: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), serviceIds: Type.Array(Type.String()) }),
  ),
  /** The organization's rubro from sign-up (cloud-account.ts RUBROS), which styles the booking page; null: none. */
  rubro: Type.Optional(Nullable(Type.String())),
  /**
   * The tenant has Mercado Pago connected: a service's deposit (seña) is paid online through a payment link
   * before the booking is kept. False: the deposit is not asked online (the shop collects it).
   */
  depositsOnline: Type.Optional(Type.Boolean()),
});
export type OnlineSetup = Static<typeof OnlineSetupSchema>;

export const OnlineSlotsQuery = Type.Object(
  {
    serviceId: RowId,
    /** Absent: "cualquiera". */
    professionalId: Type.Optional(RowId),
    from: DayKey,
    to: DayKey,
  },
  Closed,
);
export type OnlineSlotsQuery = Static<typeof OnlineSlotsQuery>;
export const OnlineSlotsSchema = Type.Object({ slots: Type.Array(FreeSlotSchema) });

const Phone = Type.String({ minLength: 6, maxLength: 40, pattern: "^[+0-9 ()-]+$" });
const Email = Type.String({ format: "email", maxLength: 254 });

export const OnlineBookingInput = Type.Object(
  {
    serviceId: RowId,
    professionalId: Type.Optional(RowId),
    start: Type.String({ format: "date-time", maxLength: 40 }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    phone: Phone,
    email: Type.Optional(Nullable(Email)),
    /** The patient agrees to reminders and messages (messaging's consent). */
    optIn: Type.Boolean(),
  },
  Closed,
);
export type OnlineBookingInput = Static<typeof OnlineBookingInput>;

/**
 * The online seña of a booking (docs/turnos.md, "Señas"): none (no deposit asked online), pending (held
 * while the patient pays the link), paid, expired (the hold ran out unpaid: the slot was freed), refund_owed
 * (paid, then cancelled or paid after the hold expired: the shop owes it back).
 */
export const DepositStatusSchema = Type.Union([
  Type.Literal("none"),
  Type.Literal("pending"),
  Type.Literal("paid"),
  Type.Literal("expired"),
  Type.Literal("refund_owed"),
]);
export type DepositStatus = Static<typeof DepositStatusSchema>;

export const OnlineDepositSchema = Type.Object({
  amount: Int,
  status: DepositStatusSchema,
  /** Until when an unpaid hold keeps the slot (null: not held). */
  holdExpiresAt: Nullable(Instant),
  /** The Mercado Pago payment link to pay it (null once paid, expired, or when none is asked). */
  paymentUrl: Nullable(Type.String()),
});
export type OnlineDeposit = Static<typeof OnlineDepositSchema>;

export const OnlineBookingSchema = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  serviceName: Type.String(),
  professionalId: Type.String(),
  professionalName: Type.String(),
  start: Instant,
  end: Instant,
  state: BookingStateSchema,
  patientName: Type.String(),
  deposit: OnlineDepositSchema,
});
export type OnlineBooking = Static<typeof OnlineBookingSchema>;

/** A new booking: the token is the patient's link to see, cancel or move it (shown once). */
export const OnlineBookedSchema = Type.Object({ booking: OnlineBookingSchema, manageToken: Type.String() });
export type OnlineBooked = Static<typeof OnlineBookedSchema>;

export const ManageQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, Closed);
export const ManageCancelInput = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  Closed,
);
export const ManageMoveInput = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    start: Type.String({ format: "date-time", maxLength: 40 }),
  },
  Closed,
);

/**
 * The owner's turnos on the dashboard (cloud/src/turnos/dashboard-routes.ts; any dashboard account reads):
 * a store's report over a range of its days — the desk's TurnosReportSchema, so both show one shape — and
 * its agenda, read-only.
 */
export const DashboardTurnosQuery = Type.Object(
  { storeId: Type.String({ format: "uuid" }), from: DayKey, to: DayKey },
  Closed,
);
export type DashboardTurnosQuery = Static<typeof DashboardTurnosQuery>;

/**
 * What became of one reminder, as the owner reads it: `scheduled` (waiting for its moment, or being sent),
 * `sent` (the provider took it), `delivered`, `read`, `failed` (why: `why`; a bounced email too),
 * `no_consent` (messaging did not send it: the person opted out, or the address is suppressed; why: `why`),
 * `cancelled` (the booking moved, was cancelled or was answered). Derived from messaging's status.
 */
export const REMINDER_STATES = [
  "scheduled",
  "sent",
  "delivered",
  "read",
  "failed",
  "no_consent",
  "cancelled",
] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

export const AgendaReminderSchema = Type.Object({
  /** "24h" or "1h" before the start it named. */
  reminder: Type.Union([Type.Literal("24h"), Type.Literal("1h")]),
  channel: ChannelSchema,
  state: Type.Union(REMINDER_STATES.map((s) => Type.Literal(s))),
  /** When it goes (scheduled) or went out. */
  notBefore: Instant,
  /** When its state last changed (delivered, read, failed…). */
  updatedAt: Instant,
  /** Why it failed or was not sent (messaging's words, Spanish); null otherwise. */
  why: Nullable(Type.String()),
});
export type AgendaReminder = Static<typeof AgendaReminderSchema>;

export const AgendaAnswerSchema = Type.Object({
  answer: Type.Union([Type.Literal("confirm"), Type.Literal("cancel")]),
  channel: ChannelSchema,
  receivedAt: Instant,
});

export const AgendaBookingSchema = Type.Object({
  id: Type.String(),
  professionalId: Type.String(),
  professionalName: Type.String(),
  serviceName: Type.String(),
  start: Instant,
  end: Instant,
  state: BookingStateSchema,
  origin: Type.Union([Type.Literal("desk"), Type.Literal("online")]),
  /** The customer's name, or who booked online before being one; null: nobody named. */
  patientName: Nullable(Type.String()),
  /** The seña paid online (centavos) and its state ("refund_owed": the owner owes it back). */
  depositPaid: Type.Optional(Int),
  depositStatus: Type.Optional(DepositStatusSchema),
  /** Its reminders (every one queued for it, of any start) and the patient's latest answer, newest last. */
  reminders: Type.Array(AgendaReminderSchema),
  answer: Nullable(AgendaAnswerSchema),
});
export type AgendaBooking = Static<typeof AgendaBookingSchema>;

export const DashboardAgendaSchema = Type.Object({
  storeId: Type.String(),
  from: DayKey,
  to: DayKey,
  timeZone: Type.String(),
  professionals: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), active: Type.Boolean() })),
  bookings: Type.Array(AgendaBookingSchema),
});
export type DashboardAgenda = Static<typeof DashboardAgendaSchema>;

/**
 * Reminders and confirmations (cloud/src/turnos/reminders/): a reminder email's signed link to confirm or
 * cancel (GET shows the button, POST answers), and a booking's reminders with their delivery status and
 * the patient's answers, for the dashboard (`GET /v1/turnos/bookings/:bookingId/reminders`).
 */
export const AnswerLinkQuery = Type.Object({ token: Type.String({ minLength: 10, maxLength: 600 }) }, Closed);

export const BookingRemindersParams = Type.Object({ bookingId: RowId }, Closed);

export const BookingRemindersSchema = Type.Object({
  reminders: Type.Array(
    Type.Object({
      messageId: Type.String(),
      /** "24h" or "1h" before the start. */
      reminder: Type.String(),
      channel: ChannelSchema,
      /** messaging's status: queued, sending, accepted, sent, delivered, read, failed, bounced, cancelled. */
      status: MessageStatusSchema,
      notBefore: Instant,
      lastError: Nullable(Type.String()),
      updatedAt: Instant,
    }),
  ),
  answers: Type.Array(
    Type.Object({
      answer: Type.Union([Type.Literal("confirm"), Type.Literal("cancel")]),
      channel: ChannelSchema,
      bookingStart: Instant,
      receivedAt: Instant,
    }),
  ),
});
export type BookingReminders = Static<typeof BookingRemindersSchema>;

/**
 * The tenant's reminder settings (`GET` / `PUT /v1/turnos/reminder-settings`, owners): the approved WhatsApp
 * template (Meta names them in lowercase letters, digits and underscores; language as es_AR) with {{1}}
 * patient, {{2}} date and time, {{3}} professional, {{4}} service, {{5}} store and two quick-reply buttons
 * (Confirmar, Cancelar); `enabled: false` queues no more reminders.
 */
export const ReminderSettingsSchema = Type.Object(
  {
    templateName: Type.String({ minLength: 1, maxLength: 512, pattern: "^[a-z0-9_]+$" }),
    templateLanguage: Type.String({ minLength: 2, maxLength: 15, pattern: "^[a-z]{2,3}(_[A-Z]{2})?$" }),
    enabled: Type.Boolean(),
    /** Each channel and each reminder on or off (absent in a PUT: kept as saved; new shops: all on). */
    whatsapp: Type.Optional(Type.Boolean()),
    email: Type.Optional(Type.Boolean()),
    before24h: Type.Optional(Type.Boolean()),
    before1h: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type ReminderSettings = Static<typeof ReminderSettingsSchema>;

/** The settings as the dashboard shows them: every switch, the template's approval and the email's text. */
export const ReminderSettingsViewSchema = Type.Object({
  templateName: Type.String(),
  templateLanguage: Type.String(),
  enabled: Type.Boolean(),
  whatsapp: Type.Boolean(),
  email: Type.Boolean(),
  before24h: Type.Boolean(),
  before1h: Type.Boolean(),
  /** Meta's approval of that template (messaging asks the WhatsApp Business Account). */
  template: TemplateApprovalSchema,
  /** The 24 h reminder email of an example booking, as patients get it (the links are examples). */
  emailPreview: Type.Object({ subject: Type.String(), body: Type.String() }),
});
export type ReminderSettingsView = Static<typeof ReminderSettingsViewSchema>;
