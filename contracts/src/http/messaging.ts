import { type Static, Type } from "@sinclair/typebox";

/**
 * The cloud's messaging API (cloud/src/messaging/routes.ts) as the owner dashboard sees it: channel
 * settings (secrets write-only: a request may set them, no answer ever carries them), contacts and their
 * consent, the message log, a test send.
 */

export const CHANNELS = ["email", "whatsapp", "telegram"] as const;
export type Channel = (typeof CHANNELS)[number];
export const ChannelSchema = Type.Union(CHANNELS.map((c) => Type.Literal(c)));

export const MESSAGE_STATUSES = [
  "queued",
  "sending",
  "accepted",
  "sent",
  "delivered",
  "read",
  "failed",
  "bounced",
  "cancelled",
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const MessageStatusSchema = Type.Union(MESSAGE_STATUSES.map((s) => Type.Literal(s)));

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Secret = Text(500);

/** A WhatsApp template: its approved name and language; the body's {{1}}, {{2}}… come per message. */
export const WhatsappTemplateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 512, pattern: "^[a-z0-9_]+$" }),
    language: Type.String({ minLength: 2, maxLength: 15, pattern: "^[a-z]{2,3}(_[A-Z]{2})?$" }),
  },
  { additionalProperties: false },
);

export const EmailSettingsSchema = Type.Object(
  {
    host: Text(253),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    /** TLS from the first byte (465); false: STARTTLS when the server offers it. */
    secure: Type.Boolean(),
    from: Type.String({ minLength: 3, maxLength: 254, format: "email" }),
    fromName: Type.Optional(Text(120)),
    user: Type.Optional(Text(254)),
  },
  { additionalProperties: false },
);
export const EmailSecretsSchema = Type.Object({ password: Secret }, { additionalProperties: false });

export const WhatsappSettingsSchema = Type.Object(
  {
    phoneNumberId: Type.String({ minLength: 1, maxLength: 40, pattern: "^[0-9]+$" }),
    /** The approved template owner alerts go out with outside the 24 h window (one body parameter). */
    alertTemplate: Type.Optional(WhatsappTemplateSchema),
    /** The WhatsApp Business Account id: where Meta lists the templates and whether each is approved. */
    businessAccountId: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: "^[0-9]+$" })),
  },
  { additionalProperties: false },
);
export const WhatsappSecretsSchema = Type.Object(
  { accessToken: Secret, appSecret: Secret, verifyToken: Secret },
  { additionalProperties: false },
);

export const TelegramSettingsSchema = Type.Object(
  { botUsername: Type.Optional(Text(64)) },
  { additionalProperties: false },
);
export const TelegramSecretsSchema = Type.Object(
  {
    botToken: Type.String({ minLength: 20, maxLength: 200, pattern: "^[0-9]+:[A-Za-z0-9_-]+$" }),
    /** What setWebhook's secret_token was: Telegram repeats it in X-Telegram-Bot-Api-Secret-Token. */
    webhookSecret: Type.String({ minLength: 1, maxLength: 256, pattern: "^[A-Za-z0-9_-]+$" }),
  },
  { additionalProperties: false },
);

const channelBody = <S extends ReturnType<typeof Type.Object>, T extends ReturnType<typeof Type.Object>>(
  settings: S,
  secrets: T,
) =>
  Type.Object(
    {
      enabled: Type.Boolean(),
      ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
      settings,
      /** Absent: the stored secrets stay. Required the first time. */
      secrets: Type.Optional(secrets),
    },
    { additionalProperties: false },
  );

/** PATCH /v1/messaging/channels/{email,whatsapp,telegram} — the body depends on the channel. */
export const ChannelBodySchemas = {
  email: channelBody(EmailSettingsSchema, EmailSecretsSchema),
  whatsapp: channelBody(WhatsappSettingsSchema, WhatsappSecretsSchema),
  telegram: channelBody(TelegramSettingsSchema, TelegramSecretsSchema),
} as const;
export type EmailSettings = Static<typeof EmailSettingsSchema>;
export type EmailSecrets = Static<typeof EmailSecretsSchema>;
export type WhatsappSettings = Static<typeof WhatsappSettingsSchema>;
export type WhatsappSecrets = Static<typeof WhatsappSecretsSchema>;
export type TelegramSettings = Static<typeof TelegramSettingsSchema>;
export type TelegramSecrets = Static<typeof TelegramSecretsSchema>;

export const ChannelViewSchema = Type.Object(
  {
    channel: ChannelSchema,
    enabled: Type.Boolean(),
    ratePerMinute: Type.Integer(),
    settings: Type.Record(Type.String(), Type.Unknown()),
    /** Whether secrets are stored; never the secrets. */
    hasSecrets: Type.Boolean(),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { additionalProperties: false },
);
export const ChannelsAnswerSchema = Type.Object(
  { channels: Type.Array(ChannelViewSchema) },
  { additionalProperties: false },
);
export type ChannelView = Static<typeof ChannelViewSchema>;
export type ChannelsAnswer = Static<typeof ChannelsAnswerSchema>;

export const ContactBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, pattern: "\\S" }),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 254, format: "email" }), Type.Null()])),
    /** Any usual writing (+54 9 11 …, 011 15 …); stored as WhatsApp needs it. */
    phone: Type.Optional(Type.Union([Type.String({ minLength: 3, maxLength: 32 }), Type.Null()])),
    telegramChatId: Type.Optional(Type.Union([Type.String({ pattern: "^-?[0-9]{1,20}$" }), Type.Null()])),
    timeZone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    ownerRecipient: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ContactBody = Static<typeof ContactBodySchema>;

export const CONSENT_STATUSES = ["pending", "opted_in", "opted_out"] as const;
export const ConsentViewSchema = Type.Object(
  {
    channel: ChannelSchema,
    status: Type.Union(CONSENT_STATUSES.map((s) => Type.Literal(s))),
    optedInAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    optedOutAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    source: Type.String(),
    recordedBy: Type.String(),
  },
  { additionalProperties: false },
);
export const ContactViewSchema = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    name: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    telegramChatId: Type.Union([Type.String(), Type.Null()]),
    timeZone: Type.Union([Type.String(), Type.Null()]),
    ownerRecipient: Type.Boolean(),
    consents: Type.Array(ConsentViewSchema),
  },
  { additionalProperties: false },
);
export const ContactsAnswerSchema = Type.Object(
  { contacts: Type.Array(ContactViewSchema) },
  { additionalProperties: false },
);
export type ContactView = Static<typeof ContactViewSchema>;
export type ContactsAnswer = Static<typeof ContactsAnswerSchema>;

/** POST /v1/messaging/contacts/:id/consent — email opt-in starts a double opt-in (status pending). */
export const ConsentBodySchema = Type.Object(
  {
    channel: ChannelSchema,
    action: Type.Union([Type.Literal("opt_in"), Type.Literal("opt_out")]),
    /** Where the consent was given: "formulario en el local", "mostrador, de palabra"… */
    source: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }),
  },
  { additionalProperties: false },
);
export type ConsentBody = Static<typeof ConsentBodySchema>;

export const MessageViewSchema = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    channel: ChannelSchema,
    contactId: Type.String({ format: "uuid" }),
    contactName: Type.String(),
    address: Type.String(),
    kind: Type.Union([Type.Literal("transactional"), Type.Literal("marketing")]),
    subject: Type.Union([Type.String(), Type.Null()]),
    body: Type.String(),
    status: MessageStatusSchema,
    attempts: Type.Integer(),
    providerId: Type.Union([Type.String(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    notBefore: Type.String({ format: "date-time" }),
    createdAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { additionalProperties: false },
);
export const MessagesAnswerSchema = Type.Object(
  { messages: Type.Array(MessageViewSchema) },
  { additionalProperties: false },
);
export type MessageView = Static<typeof MessageViewSchema>;
export type MessagesAnswer = Static<typeof MessagesAnswerSchema>;

export const MessagesQuerySchema = Type.Object(
  {
    channel: Type.Optional(ChannelSchema),
    status: Type.Optional(MessageStatusSchema),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);

/** POST /v1/messaging/test-send — a transactional message to one contact on one channel, now. */
export const TestSendBodySchema = Type.Object(
  {
    channel: ChannelSchema,
    contactId: Type.String({ format: "uuid" }),
    text: Type.String({ minLength: 1, maxLength: 1000, pattern: "\\S" }),
  },
  { additionalProperties: false },
);
export type TestSendBody = Static<typeof TestSendBodySchema>;
export const EnqueuedAnswerSchema = Type.Object(
  { id: Type.String({ format: "uuid" }), status: MessageStatusSchema },
  { additionalProperties: false },
);

export const MessagingSettingsSchema = Type.Object(
  {
    quietStart: Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" }),
    quietEnd: Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" }),
    defaultTimeZone: Type.String({ minLength: 1, maxLength: 64 }),
    /** Minutes without an upload before the owner is told an appliance is offline (default 30). */
    applianceOfflineMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080 })),
  },
  { additionalProperties: false },
);
export type MessagingSettings = Static<typeof MessagingSettingsSchema>;

const HourMinute = Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/**
 * The kinds of owner alert a recipient chooses channels for: the appliance's (contracts/src/sync/alarms.ts
 * NOTIFICATION_KINDS: rule, low_stock) and the ones the cloud or later appliances raise.
 */
export const OWNER_ALERT_KINDS = [
  "rule",
  "low_stock",
  "backup_failed",
  "appliance_offline",
  "cash_difference",
  "invoicing_deadline",
  "certificate_expiry",
  "channel_stock_stale",
  // Not an alarm: the monthly summary PDF (cloud/src/analytics). Only by email; unticked, it is not sent.
  "monthly_summary",
] as const;
export type OwnerAlertKind = (typeof OWNER_ALERT_KINDS)[number];
export const OwnerAlertKindSchema = Type.Union(OWNER_ALERT_KINDS.map((k) => Type.Literal(k)));

/**
 * GET/PUT /v1/messaging/contacts/:id/alert-preferences — one owner recipient's choices. `kinds`: the
 * channels per kind (a kind left out: every channel the person has). Quiet hours in the contact's zone
 * (both or neither); an alert of at least `bypassSeverity` (contracts/src/alarms.ts, 3 = "Grave") goes
 * during them anyway, null: nothing does.
 */
const AlertChannels = Type.Array(ChannelSchema, { maxItems: 3, uniqueItems: true });
export const AlertPreferencesSchema = Type.Object(
  {
    kinds: Type.Object(
      {
        rule: Type.Optional(AlertChannels),
        low_stock: Type.Optional(AlertChannels),
        backup_failed: Type.Optional(AlertChannels),
        appliance_offline: Type.Optional(AlertChannels),
        cash_difference: Type.Optional(AlertChannels),
        invoicing_deadline: Type.Optional(AlertChannels),
        certificate_expiry: Type.Optional(AlertChannels),
        channel_stock_stale: Type.Optional(AlertChannels),
        monthly_summary: Type.Optional(AlertChannels),
      } satisfies Record<OwnerAlertKind, unknown>,
      { additionalProperties: false },
    ),
    quietStart: Type.Union([HourMinute, Type.Null()]),
    quietEnd: Type.Union([HourMinute, Type.Null()]),
    bypassSeverity: Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type AlertPreferences = Static<typeof AlertPreferencesSchema>;

/** One channel's delivery of an owner notification to one recipient. */
export const AlertDeliverySchema = Type.Object(
  {
    channel: ChannelSchema,
    contactName: Type.String(),
    status: MessageStatusSchema,
    lastError: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

/** GET /v1/messaging/owner-notifications — the latest owner notifications and how each was delivered. */
export const OwnerNotificationViewSchema = Type.Object(
  {
    id: Type.String(),
    storeName: Nullable(Type.String()),
    kind: Type.String(),
    message: Type.String(),
    createdAt: Type.String({ format: "date-time" }),
    /** queued: not expanded into messages yet; sent: handed to the queue; failed: nobody to send it to. */
    status: Type.Union([Type.Literal("queued"), Type.Literal("sent"), Type.Literal("failed")]),
    deliveries: Type.Array(AlertDeliverySchema),
  },
  { additionalProperties: false },
);
export const OwnerNotificationsAnswerSchema = Type.Object(
  { notifications: Type.Array(OwnerNotificationViewSchema) },
  { additionalProperties: false },
);
export type OwnerNotificationView = Static<typeof OwnerNotificationViewSchema>;
export type OwnerNotificationsAnswer = Static<typeof OwnerNotificationsAnswerSchema>;

/**
 * PATCH /v1/messaging/channels/telegram answers this: the bot's username (getMe) and how updates arrive —
 * "webhook" (setWebhook at the cloud's public URL; ok/description are Telegram's answer) or "poll"
 * (no public https URL: the worker asks getUpdates).
 */
export const TelegramSetupAnswerSchema = Type.Object(
  {
    botUsername: Nullable(Type.String()),
    updates: Type.Union([Type.Literal("webhook"), Type.Literal("poll")]),
    ok: Type.Boolean(),
    description: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type TelegramSetupAnswer = Static<typeof TelegramSetupAnswerSchema>;

/** POST /v1/messaging/contacts/:id/telegram-link — the deep link that connects the person's chat. */
export const TelegramLinkAnswerSchema = Type.Object(
  { url: Type.String(), expiresAt: Type.String({ format: "date-time" }) },
  { additionalProperties: false },
);
export type TelegramLinkAnswer = Static<typeof TelegramLinkAnswerSchema>;

/**
 * Whether Meta approved the template a message names, as the WhatsApp Business Account's template list says it
 * (cloud/src/messaging/whatsapp-templates.ts): approved, pending, rejected, paused, disabled (Meta's
 * states), `not_found` (no template of that name and language), `unchecked` (the WhatsApp channel has no
 * business account id to ask with), `no_channel` (WhatsApp is not set up or is off), `unreachable` (Meta
 * did not answer; `detail` says what happened).
 */
export const TEMPLATE_APPROVAL_STATES = [
  "approved",
  "pending",
  "rejected",
  "paused",
  "disabled",
  "not_found",
  "unchecked",
  "no_channel",
  "unreachable",
] as const;
export type TemplateApprovalState = (typeof TEMPLATE_APPROVAL_STATES)[number];

export const TemplateApprovalSchema = Type.Object({
  state: Type.Union(TEMPLATE_APPROVAL_STATES.map((s) => Type.Literal(s))),
  /** Why not (Meta's rejection reason, or what went wrong asking); null when there is nothing to add. */
  detail: Type.Union([Type.String(), Type.Null()]),
});
export type TemplateApproval = Static<typeof TemplateApprovalSchema>;
