import { type Static, Type } from "@sinclair/typebox";
import { MAX_AMOUNT } from "../limits.js";
import { IvaRateSchema } from "./sales.js";
import { Closed, Instant, Int, Nullable, RowId, type SameUnion } from "./fields.js";

/**
 * Turnos (desktop/src/turnos, docs/turnos.md): the setup (professionals, services, resources, weekly
 * hours, exceptions, rules), availability and bookings. Minutes are multiples of 5: time is keyed in
 * 5-minute units, so every booking covers whole units.
 */

export const BOOKING_STATES = [
  "held",
  "booked",
  "confirmed",
  "arrived",
  "done",
  "no_show",
  "cancelled",
] as const;
export type BookingState = (typeof BOOKING_STATES)[number];
export const BookingStateSchema = Type.Union([
  Type.Literal("held"),
  Type.Literal("booked"),
  Type.Literal("confirmed"),
  Type.Literal("arrived"),
  Type.Literal("done"),
  Type.Literal("no_show"),
  Type.Literal("cancelled"),
]);
const _states: SameUnion<BookingState, Static<typeof BookingStateSchema>> = true;
void _states;

/** Minutes in steps of the key unit. */
const Minutes = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max, multipleOf: 5 });
const Name = Type.String({ minLength: 1, maxLength: 80 });
const Price = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT });
/** A local calendar day of the shop. */
export const DayKey = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
/** A UTC instant in a request. */
const When = Type.String({ format: "date-time", maxLength: 40 });
const Notes = Type.String({ maxLength: 500 });

export const TurnosRulesSchema = Type.Object(
  {
    slotMinutes: Minutes(5, 240),
    minNoticeMinutes: Type.Integer({ minimum: 0, maximum: 43_200 }),
    horizonDays: Type.Integer({ minimum: 1, maximum: 365 }),
    holdMinutes: Type.Integer({ minimum: 1, maximum: 60 }),
    /** "Turnos en línea": how many days ahead a grant gives the cloud by default. */
    onlineDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    /** The waitlist: how long the cloud waits for each patient's answer to an offer before the next. */
    waitlistOfferMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 1440, multipleOf: 5 })),
  },
  Closed,
);
export type TurnosRules = Static<typeof TurnosRulesSchema>;

export const ServiceInput = Type.Object(
  {
    name: Name,
    durationMinutes: Minutes(5, 720),
    bufferBeforeMinutes: Minutes(0, 240),
    bufferAfterMinutes: Minutes(0, 240),
    price: Price,
    deposit: Price,
    active: Type.Optional(Type.Boolean()),
    /** IVA of the catalog product the till charges (health services are often exempt: 0); default 21 %. */
    ivaRate: Type.Optional(IvaRateSchema),
    /** Resources of which ONE must be free for the whole booking; empty: none needed. */
    resourceIds: Type.Optional(Type.Array(RowId, { maxItems: 50 })),
    /** Copay per health payer (obra social / prepaga name as the patient's coverage spells it). */
    copays: Type.Optional(Type.Array(Type.Object({ payer: Name, copay: Price }, Closed), { maxItems: 200 })),
  },
  Closed,
);
export type ServiceInput = Static<typeof ServiceInput>;

export const ServiceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  durationMinutes: Int,
  bufferBeforeMinutes: Int,
  bufferAfterMinutes: Int,
  price: Int,
  deposit: Int,
  active: Type.Boolean(),
  /** The catalog product the till sells for it (kept in step with its name and price). */
  productId: Type.String(),
  /** That product's IVA rate (basis points: 2100, 1050 or 0). */
  ivaRate: Int,
  resourceIds: Type.Array(Type.String()),
  copays: Type.Array(Type.Object({ payer: Type.String(), copay: Int })),
  updatedAt: Instant,
});
export type Service = Static<typeof ServiceSchema>;

export const HoursRowInput = Type.Object(
  {
    weekday: Type.Integer({ minimum: 0, maximum: 6 }),
    kind: Type.Union([Type.Literal("work"), Type.Literal("break")]),
    startMinute: Minutes(0, 1435),
    endMinute: Minutes(5, 1440),
  },
  Closed,
);
export type HoursRow = Static<typeof HoursRowInput>;

export const ProfessionalInput = Type.Object(
  {
    name: Name,
    staffId: Type.Optional(Nullable(RowId)),
    active: Type.Optional(Type.Boolean()),
    serviceIds: Type.Array(RowId, { maxItems: 200 }),
    /** The whole week, replacing what was there. */
    hours: Type.Array(HoursRowInput, { maxItems: 100 }),
  },
  Closed,
);
export type ProfessionalInput = Static<typeof ProfessionalInput>;

export const ProfessionalSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  staffId: Nullable(Type.String()),
  active: Type.Boolean(),
  serviceIds: Type.Array(Type.String()),
  hours: Type.Array(
    Type.Object({
      weekday: Int,
      kind: Type.Union([Type.Literal("work"), Type.Literal("break")]),
      startMinute: Int,
      endMinute: Int,
    }),
  ),
  updatedAt: Instant,
});
export type Professional = Static<typeof ProfessionalSchema>;

export const ResourceInput = Type.Object({ name: Name, active: Type.Optional(Type.Boolean()) }, Closed);
export const ResourceSchema = Type.Object({ id: Type.String(), name: Type.String(), active: Type.Boolean() });
export type Resource = Static<typeof ResourceSchema>;

export const ExceptionInput = Type.Object(
  {
    /** Null: every professional (a holiday). */
    professionalId: Nullable(RowId),
    day: DayKey,
    kind: Type.Union([Type.Literal("closed"), Type.Literal("extra")]),
    /** Both null: the whole day (closed only). */
    startMinute: Nullable(Minutes(0, 1435)),
    endMinute: Nullable(Minutes(5, 1440)),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  Closed,
);
export type ExceptionInput = Static<typeof ExceptionInput>;
export const ExceptionSchema = Type.Object({
  id: Type.String(),
  professionalId: Nullable(Type.String()),
  day: Type.String(),
  kind: Type.Union([Type.Literal("closed"), Type.Literal("extra")]),
  startMinute: Nullable(Int),
  endMinute: Nullable(Int),
  note: Type.String(),
});
export type TurnoException = Static<typeof ExceptionSchema>;

export const TurnosSetupSchema = Type.Object({
  rules: TurnosRulesSchema,
  timeZone: Type.String(),
  professionals: Type.Array(ProfessionalSchema),
  services: Type.Array(ServiceSchema),
  resources: Type.Array(ResourceSchema),
});
export type TurnosSetup = Static<typeof TurnosSetupSchema>;

export const AvailabilityQuery = Type.Object(
  {
    serviceId: RowId,
    /** Absent: "cualquiera", every professional who gives the service. */
    professionalId: Type.Optional(RowId),
    from: DayKey,
    /** Inclusive; at most 62 days after `from`. */
    to: DayKey,
  },
  Closed,
);
export type AvailabilityQuery = Static<typeof AvailabilityQuery>;

export const FreeSlotSchema = Type.Object({ start: Instant, end: Instant, professionalId: Type.String() });
export type FreeSlot = Static<typeof FreeSlotSchema>;
export const AvailabilitySchema = Type.Object({ slots: Type.Array(FreeSlotSchema) });

/** A booking (or a hold) at the desk. professionalId absent: "cualquiera". */
export const BookingInput = Type.Object(
  {
    serviceId: RowId,
    professionalId: Type.Optional(RowId),
    start: When,
    customerId: Type.Optional(Nullable(RowId)),
    notes: Type.Optional(Notes),
    /** true: a hold for a few minutes (the rules' holdMinutes) while the patient confirms. */
    hold: Type.Optional(Type.Boolean()),
    depositPaid: Type.Optional(Price),
  },
  Closed,
);
export type BookingInput = Static<typeof BookingInput>;

export const WalkInInput = Type.Object(
  {
    serviceId: RowId,
    professionalId: Type.Optional(RowId),
    customerId: Type.Optional(Nullable(RowId)),
    notes: Type.Optional(Notes),
  },
  Closed,
);
export type WalkInInput = Static<typeof WalkInInput>;

export const SeriesInput = Type.Object(
  {
    serviceId: RowId,
    professionalId: RowId,
    start: When,
    customerId: Nullable(RowId),
    /** Weekly occurrences, the first at `start`. */
    count: Type.Integer({ minimum: 2, maximum: 52 }),
    notes: Type.Optional(Notes),
  },
  Closed,
);
export type SeriesInput = Static<typeof SeriesInput>;

export const MoveInput = Type.Object({ start: When, professionalId: Type.Optional(RowId) }, Closed);
export type MoveInput = Static<typeof MoveInput>;

export const ConfirmHoldInput = Type.Object(
  { customerId: Type.Optional(Nullable(RowId)), notes: Type.Optional(Notes) },
  Closed,
);

export const BookingSchema = Type.Object({
  id: Type.String(),
  customerId: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  serviceId: Type.String(),
  serviceName: Type.String(),
  professionalId: Type.String(),
  professionalName: Type.String(),
  resourceId: Nullable(Type.String()),
  start: Instant,
  end: Instant,
  state: BookingStateSchema,
  holdExpiresAt: Nullable(Instant),
  seriesId: Nullable(Type.String()),
  notes: Type.String(),
  origin: Type.Union([Type.Literal("desk"), Type.Literal("online")]),
  walkIn: Type.Boolean(),
  price: Int,
  depositPaid: Int,
  arrivedAt: Nullable(Instant),
  cancelledAt: Nullable(Instant),
  cancelledBy: Nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
  /**
   * The patient's latest answer to the cloud's reminder that the desk applied ("confirmó por WhatsApp"):
   * desktop/src/turnos/patient-answers.ts. Absent from older appliances.
   */
  patientAnswer: Type.Optional(
    Nullable(
      Type.Object({
        answer: Type.Union([Type.Literal("confirm"), Type.Literal("cancel")]),
        channel: Type.String(),
      }),
    ),
  ),
});
export type Booking = Static<typeof BookingSchema>;

export const BookingsQuery = Type.Object(
  { from: DayKey, to: DayKey, professionalId: Type.Optional(RowId) },
  Closed,
);
export const BookingsSchema = Type.Object({ bookings: Type.Array(BookingSchema) });

export const SeriesAnswer = Type.Object({
  seriesId: Type.String(),
  booked: Type.Array(BookingSchema),
  failed: Type.Array(Type.Object({ start: Instant, code: Type.String(), message: Type.String() })),
});
export type SeriesAnswer = Static<typeof SeriesAnswer>;

export const BookingHistorySchema = Type.Object({
  entries: Type.Array(
    Type.Object({
      at: Instant,
      action: Type.String(),
      state: BookingStateSchema,
      professionalId: Type.String(),
      start: Instant,
      end: Instant,
      staffId: Nullable(Type.String()),
    }),
  ),
});

export const CoverageInput = Type.Object(
  {
    payer: Name,
    plan: Type.Optional(Type.String({ maxLength: 80 })),
    memberNumber: Type.Optional(Type.String({ maxLength: 40 })),
  },
  Closed,
);
export const CoverageSchema = Type.Object({
  customerId: Type.String(),
  payer: Type.String(),
  plan: Type.String(),
  memberNumber: Type.String(),
});
export type Coverage = Static<typeof CoverageSchema>;

/** What the till charges for a booking: the price, minus the deposit paid, or the copay when covered. */
export const BookingChargeSchema = Type.Object({
  bookingId: Type.String(),
  customerId: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  /** What the till puts on the cart: this product at its full `price`, the sale carrying `bookingId`. */
  productId: Type.String(),
  description: Type.String(),
  price: Int,
  depositPaid: Int,
  coverage: Nullable(CoverageSchema),
  copay: Nullable(Int),
  /** What the patient pays at the till with the normal tenders: the copay (or the price) less the seña. */
  amountDue: Int,
  /** Paid with the method "coverage" (A cargo de obra social): price − copay for a covered patient, else 0. */
  coverageShare: Int,
  /** Paid with the method "deposit" (Seña ya pagada): the seña, at most what the patient owes. */
  depositApplied: Int,
});
export type BookingCharge = Static<typeof BookingChargeSchema>;

/** GET /api/turnos/reports: the shop's days `from`..`to` (its time zone), at most TURNOS_REPORT_MAX_DAYS. */
export const TURNOS_REPORT_MAX_DAYS = 92;
export const TurnosReportQuery = Type.Object({ from: DayKey, to: DayKey }, Closed);
export type TurnosReportQuery = Static<typeof TurnosReportQuery>;

/** How long before its start a booking was cancelled. */
export const NOTICE_BUCKETS = ["under2h", "from2to24h", "over24h"] as const;
export type NoticeBucket = (typeof NOTICE_BUCKETS)[number];

const Revenue = Type.Object({ id: Type.String(), name: Type.String(), count: Int, total: Int }, Closed);

/**
 * Turnos figures of a range of days (desktop/src/turnos/reports.ts says how each is counted). Bookings are
 * those that start in the range and were ever booked (a hold that expired or was dropped never was).
 */
export const TurnosReportSchema = Type.Object(
  {
    from: DayKey,
    to: DayKey,
    timeZone: Type.String(),
    /** Per professional and day with hours or bookings: minutes booked of the minutes open. */
    occupancy: Type.Array(
      Type.Object(
        {
          professionalId: Type.String(),
          professionalName: Type.String(),
          day: DayKey,
          openMinutes: Int,
          bookedMinutes: Int,
        },
        Closed,
      ),
    ),
    /** Bookings whose time has passed (not cancelled): how many, how many were no-shows, the rate in basis points. */
    noShows: Type.Object({ past: Int, noShows: Int, rateBp: Int }, Closed),
    /** Bookings cancelled, by how long before their start. */
    cancellations: Type.Object(
      {
        total: Int,
        byNotice: Type.Array(
          Type.Object(
            {
              notice: Type.Union([
                Type.Literal("under2h"),
                Type.Literal("from2to24h"),
                Type.Literal("over24h"),
              ]),
              count: Int,
            },
            Closed,
          ),
        ),
      },
      Closed,
    ),
    /** What the turnos charged at the till brought in (their sale line, less returns; voided sales left out). */
    revenue: Type.Object(
      {
        total: Int,
        byService: Type.Array(Revenue),
        byProfessional: Type.Array(Revenue),
      },
      Closed,
    ),
    /** Patients with a booking in the range: first one ever (new) or seen before (returning). */
    patients: Type.Object({ new: Int, returning: Int }, Closed),
  },
  Closed,
);
export type TurnosReport = Static<typeof TurnosReportSchema>;
/**
 * "Turnos en línea": the desk grants the cloud a professional's free units to book online (docs/turnos.md).
 * from/to: a window; neither: the next `days` days (default: the rules' onlineDays).
 */
export const GrantInput = Type.Object(
  {
    professionalId: RowId,
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    from: Type.Optional(When),
    to: Type.Optional(When),
  },
  Closed,
);
export type GrantInput = Static<typeof GrantInput>;

export const ALLOTMENT_STATES = ["granting", "held", "reclaiming", "returned"] as const;
export const AllotmentSchema = Type.Object({
  id: Type.String(),
  professionalId: Type.String(),
  professionalName: Type.String(),
  start: Instant,
  end: Instant,
  /** granting: the cloud does not know yet; held: it books online; reclaiming: asked back; returned. */
  state: Type.Union([
    Type.Literal("granting"),
    Type.Literal("held"),
    Type.Literal("reclaiming"),
    Type.Literal("returned"),
  ]),
  /** 5-minute units still the allotment's and free. */
  freeUnits: Int,
  onlineBookings: Int,
  createdAt: Instant,
  updatedAt: Instant,
});
export type Allotment = Static<typeof AllotmentSchema>;
export const AllotmentsSchema = Type.Object({ allotments: Type.Array(AllotmentSchema) });
export const AllotmentsQuery = Type.Object({ professionalId: Type.Optional(RowId) }, Closed);
