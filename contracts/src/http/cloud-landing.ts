import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable } from "./fields.js";
import { LeadStageSchema } from "./cloud-operator.js";

/**
 * Landing pages, leads, lead scoring and demo mode (cloud/src/landing): the operator's pages per
 * rubro feed the CRM; each store's own page feeds the shop's customers. The pages themselves are HTML
 * (server-rendered); these are the JSON answers behind the operator's and the owner's screens.
 */

/** The rubros that have a landing page, in the order the index lists them (URL /landing/<slug>). */
export const LANDING_RUBROS = [
  "almacen",
  "carniceria",
  "panaderia",
  "ropa",
  "bar",
  "centro_medico",
  "riego",
] as const;
export type LandingRubro = (typeof LANDING_RUBROS)[number];

export const isLandingRubro = (value: string): value is LandingRubro =>
  (LANDING_RUBROS as readonly string[]).includes(value);

/** What a lead does that earns points (a trial started is a sign-up linked to the lead). */
export const SCORE_ACTIONS = ["visit", "form", "demo", "email_open", "email_click", "trial"] as const;
export type ScoreAction = (typeof SCORE_ACTIONS)[number];

const Points = Type.Integer({ minimum: 0, maximum: 1000 });

export const ScoreThreshold = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** The stage a lead crossing it moves to (never backwards: a lead further along stays). */
    stage: Nullable(LeadStageSchema),
    /** Tell the operator: the crossing is listed among the console's notices until seen. */
    notify: Type.Boolean(),
  },
  Closed,
);
export type ScoreThreshold = Static<typeof ScoreThreshold>;

export const ScoreSettings = Type.Object(
  {
    points: Type.Object(
      {
        visit: Points,
        form: Points,
        demo: Points,
        email_open: Points,
        email_click: Points,
        trial: Points,
      },
      Closed,
    ),
    /** A point is worth half after this many days. */
    halfLifeDays: Type.Integer({ minimum: 1, maximum: 365 }),
    thresholds: Type.Array(ScoreThreshold, { maxItems: 10 }),
  },
  Closed,
);
export type ScoreSettings = Static<typeof ScoreSettings>;

export const Utm = Type.Object({
  source: Nullable(Type.String()),
  medium: Nullable(Type.String()),
  campaign: Nullable(Type.String()),
  term: Nullable(Type.String()),
  content: Nullable(Type.String()),
});
export type Utm = Static<typeof Utm>;

/** The welcome email a lead got after the form (cloud/src/landing/lead-mail.ts). */
export const LeadMailState = Type.Object({
  status: Type.Union([Type.Literal("pending"), Type.Literal("sent"), Type.Literal("failed")]),
  sentAt: Nullable(Instant),
  openedAt: Nullable(Instant),
  clickedAt: Nullable(Instant),
  /** The SMTP's last refusal (a failed one, or a pending one being retried). */
  error: Nullable(Type.String()),
});
export type LeadMailState = Static<typeof LeadMailState>;

export const ScoredLead = Type.Object({
  id: Type.String(),
  businessName: Type.String(),
  contactName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  rubro: Nullable(Type.String()),
  source: Type.String(),
  stage: LeadStageSchema,
  message: Nullable(Type.String()),
  utm: Utm,
  /** Points at this moment, decay applied, rounded. */
  score: Int,
  visits: Int,
  /** Null: the lead left no email, or came from elsewhere than a rubro page's form. */
  welcomeMail: Nullable(LeadMailState),
  createdAt: Instant,
});
export type ScoredLead = Static<typeof ScoredLead>;

export const ScoreNotice = Type.Object({
  leadId: Type.String(),
  businessName: Type.String(),
  threshold: Int,
  score: Int,
  at: Instant,
  /** The notice emails to the operators: sent, waiting (or being retried), given up. */
  emails: Type.Object({ sent: Int, pending: Int, failed: Int }),
});
export type ScoreNotice = Static<typeof ScoreNotice>;

/** GET /v1/operator/landing/leads: every lead with its score, highest first, and the thresholds crossed. */
export const ScoredLeadsAnswer = Type.Object({
  leads: Type.Array(ScoredLead),
  notices: Type.Array(ScoreNotice),
  /** False: the platform's SMTP (MESSAGING_ACCOUNT_SMTP_*) is not set, so the emails wait unsent. */
  mailConfigured: Type.Boolean(),
});
export type ScoredLeadsAnswer = Static<typeof ScoredLeadsAnswer>;

/**
 * The landing pages' forms as posted (application/x-www-form-urlencoded, every field a string): the
 * fields are checked one by one by the page, which shows each problem beside its field
 * (cloud/src/landing/lead-form.ts); this schema only lets the message hold line breaks (the text
 * policy refuses control characters everywhere else, as on every route).
 */
export const LandingFormBody = Type.Object(
  { message: Type.Optional(Type.String({ multiline: true })) },
  { additionalProperties: Type.String() },
);

// ---- The owner's side: each store's own page ----

export const StorePage = Type.Object({
  storeId: Type.String(),
  storeName: Type.String(),
  enabled: Type.Boolean(),
  address: Nullable(Type.String()),
  hours: Nullable(Type.String()),
  /** The page's path on this service (/local/<storeId>). */
  path: Type.String(),
  leads: Int,
  visits: Int,
});
export type StorePage = Static<typeof StorePage>;

export const StorePagesAnswer = Type.Object({ pages: Type.Array(StorePage) });
export type StorePagesAnswer = Static<typeof StorePagesAnswer>;

export const StorePageBody = Type.Object(
  {
    enabled: Type.Boolean(),
    address: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
    hours: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  },
  Closed,
);
export type StorePageBody = Static<typeof StorePageBody>;

export const StorePageParams = Type.Object({ storeId: Type.String({ format: "uuid" }) }, Closed);

export const StorePageLead = Type.Object({
  id: Type.String(),
  storeId: Type.String(),
  storeName: Type.String(),
  customerId: Type.String(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  message: Nullable(Type.String()),
  utm: Utm,
  consentWording: Type.String(),
  consentAt: Instant,
  at: Instant,
});
export type StorePageLead = Static<typeof StorePageLead>;

/** GET /v1/landing/store-leads: the leads of the tenant's store pages, newest first. */
export const StorePageLeadsAnswer = Type.Object({ leads: Type.Array(StorePageLead) });
export type StorePageLeadsAnswer = Static<typeof StorePageLeadsAnswer>;
