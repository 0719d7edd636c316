import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/**
 * The owner's Segmentos and Campañas (cloud/src/campaigns). A segment's `rule` travels as
 * `SegmentRule` (contracts/src/marketing/segment-rules.ts): the schema here lets any value through so
 * the route's own check (`segmentRuleError`) can name an unknown field in Spanish instead of a generic
 * "valor no permitido".
 */

const Name = Type.String({ minLength: 1, maxLength: 120 });
const RuleValue = Type.Unknown();

/** POST /v1/segments/count: the live count while the owner edits. */
export const SegmentCountBody = Type.Object({ rule: RuleValue }, Closed);
export type SegmentCountBody = Static<typeof SegmentCountBody>;

/** How many customers match now, and how many of them may get marketing on each channel. */
export const SegmentCount = Type.Object(
  { count: Int, optedIn: Type.Object({ email: Int, whatsapp: Int }, Closed) },
  Closed,
);
export type SegmentCount = Static<typeof SegmentCount>;

/** POST /v1/segments, PUT /v1/segments/:id. */
export const SegmentBody = Type.Object({ name: Name, rule: RuleValue }, Closed);
export type SegmentBody = Static<typeof SegmentBody>;

export const SegmentView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    rule: Type.Unknown(),
    /** Evaluated when listed: a saved segment updates itself. */
    count: Int,
    updatedAt: Instant,
  },
  Closed,
);
export type SegmentView = Static<typeof SegmentView>;
export const SegmentList = Type.Object({ segments: Type.Array(SegmentView) }, Closed);
export type SegmentList = Static<typeof SegmentList>;

export const CampaignChannelSchema = Type.Union([Type.Literal("email"), Type.Literal("whatsapp")]);
export type CampaignChannel = Static<typeof CampaignChannelSchema>;

/** A WhatsApp marketing template approved by Meta: its name, language and one Liquid text per {{n}}. */
export const CampaignWhatsappTemplate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 512, pattern: "^[a-z0-9_]+$" }),
    language: Type.String({ minLength: 2, maxLength: 10 }),
    parameters: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 }),
  },
  Closed,
);

/** POST /v1/campaigns (a draft), PUT /v1/campaigns/:id (only while a draft). */
export const CampaignBody = Type.Object(
  {
    name: Name,
    segmentId: Type.String({ format: "uuid" }),
    channel: CampaignChannelSchema,
    /** Liquid: {{ nombre }}, {{ tienda }}… (CAMPAIGN_FIELDS). An unclosed tag is refused with its line. */
    subject: Type.String({ maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 20_000, multiline: true }),
    whatsappTemplate: Type.Optional(Nullable(CampaignWhatsappTemplate)),
    /** Throttling: messages handed to the queue per minute. */
    perMinute: Type.Integer({ minimum: 1, maximum: 10_000 }),
  },
  Closed,
);
export type CampaignBody = Static<typeof CampaignBody>;

/** The personalisation fields a template may use. */
export const CAMPAIGN_FIELDS = ["nombre", "nombre_completo", "tienda", "puntos", "cumpleanios"] as const;

/** POST /v1/campaigns/preview: the template rendered for one customer of the segment (or a sample). */
export const CampaignPreviewBody = Type.Object(
  {
    segmentId: Type.Optional(Type.String({ format: "uuid" })),
    subject: Type.String({ maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 20_000, multiline: true }),
  },
  Closed,
);
export type CampaignPreviewBody = Static<typeof CampaignPreviewBody>;
export const CampaignPreview = Type.Object(
  { subject: Type.String(), html: Type.String(), text: Type.String(), customerName: Type.String() },
  Closed,
);
export type CampaignPreview = Static<typeof CampaignPreview>;

/** POST /v1/campaigns/:id/test: one copy to the owner (default: the signed-in account's email). */
export const CampaignTestBody = Type.Object(
  { email: Type.Optional(Type.String({ format: "email", maxLength: 254 })) },
  Closed,
);
export type CampaignTestBody = Static<typeof CampaignTestBody>;

/** POST /v1/campaigns/:id/send: now (null) or at an instant (the screen types it in the shop's zone). */
export const CampaignSendBody = Type.Object(
  { scheduledAt: Nullable(Type.String({ format: "date-time" })) },
  Closed,
);
export type CampaignSendBody = Static<typeof CampaignSendBody>;

export const CampaignStatusSchema = Type.Union([
  Type.Literal("draft"),
  Type.Literal("scheduled"),
  Type.Literal("sent"),
  Type.Literal("cancelled"),
]);
export type CampaignStatus = Static<typeof CampaignStatusSchema>;

/** Results: counts of recipients, and the sales attributed to them (centavos). */
export const CampaignResults = Type.Object(
  {
    recipients: Int,
    skippedNoConsent: Int,
    skippedCap: Int,
    sent: Int,
    delivered: Int,
    opened: Int,
    clicked: Int,
    unsubscribed: Int,
    attributedSales: Int,
    attributedAmount: Int,
  },
  Closed,
);
export type CampaignResults = Static<typeof CampaignResults>;

export const CampaignView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    segmentId: Type.String(),
    segmentName: Type.String(),
    channel: CampaignChannelSchema,
    subject: Type.String(),
    body: Type.String(),
    whatsappTemplate: Nullable(CampaignWhatsappTemplate),
    perMinute: Int,
    status: CampaignStatusSchema,
    scheduledAt: Nullable(Instant),
    sentAt: Nullable(Instant),
    createdAt: Instant,
    results: CampaignResults,
  },
  Closed,
);
export type CampaignView = Static<typeof CampaignView>;
/** `timeZone`: the shop's, in which the screen shows and types scheduled times. */
export const CampaignList = Type.Object(
  { campaigns: Type.Array(CampaignView), timeZone: Type.String() },
  Closed,
);
export type CampaignList = Static<typeof CampaignList>;

/** GET/PUT /v1/marketing/settings. */
export const MarketingSettings = Type.Object(
  {
    /** Frequency cap: no customer gets more than this many marketing messages in 7 days. */
    weeklyCap: Type.Integer({ minimum: 1, maximum: 50 }),
    /** A purchase by a recipient within this many days after the send counts for the campaign. */
    attributionDays: Type.Integer({ minimum: 1, maximum: 90 }),
    /** The email's brand: the shop's colour (#rrggbb) and logo (https URL, or empty). */
    brandColor: Type.String({ pattern: "^#[0-9a-fA-F]{6}$" }),
    logoUrl: Type.String({ maxLength: 500, pattern: "^(https?://\\S+)?$" }),
  },
  Closed,
);
export type MarketingSettings = Static<typeof MarketingSettings>;

export const CampaignIdParams = Type.Object({ id: Type.String({ format: "uuid" }) }, Closed);

/** The automations: birthday, "te extrañamos" after N days without a purchase, after the first purchase, points about to expire. */
export const AUTOMATION_KINDS = ["birthday", "we_miss_you", "first_purchase", "points_expiring"] as const;
export type AutomationKind = (typeof AUTOMATION_KINDS)[number];
export const AutomationKindSchema = Type.Union([
  Type.Literal("birthday"),
  Type.Literal("we_miss_you"),
  Type.Literal("first_purchase"),
  Type.Literal("points_expiring"),
]);
export const AutomationKindParams = Type.Object({ kind: AutomationKindSchema }, Closed);

/** PUT /v1/automations/:kind. `days`: we_miss_you, days without a purchase; first_purchase, days after it; points_expiring, days before they expire; birthday: unused (0). */
export const AutomationBody = Type.Object(
  {
    enabled: Type.Boolean(),
    channel: CampaignChannelSchema,
    subject: Type.String({ maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 20_000, multiline: true }),
    whatsappTemplate: Type.Optional(Nullable(CampaignWhatsappTemplate)),
    days: Type.Integer({ minimum: 0, maximum: 3650 }),
  },
  Closed,
);
export type AutomationBody = Static<typeof AutomationBody>;

export const AutomationView = Type.Object(
  {
    kind: AutomationKindSchema,
    /** False until the owner saves it once. */
    saved: Type.Boolean(),
    enabled: Type.Boolean(),
    channel: CampaignChannelSchema,
    subject: Type.String(),
    body: Type.String(),
    whatsappTemplate: Nullable(CampaignWhatsappTemplate),
    days: Int,
    results: CampaignResults,
  },
  Closed,
);
export type AutomationView = Static<typeof AutomationView>;
export const AutomationList = Type.Object({ automations: Type.Array(AutomationView) }, Closed);
export type AutomationList = Static<typeof AutomationList>;
