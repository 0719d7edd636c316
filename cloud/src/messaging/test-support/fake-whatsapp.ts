import { createHmac, randomBytes } from "node:crypto";
import { startJsonServer } from "./http-fake.js";

/** What the fake accepted: the Cloud API request body and the wamid it answered with. */
export interface WhatsappSent {
  phoneNumberId: string;
  wamid: string;
  body: {
    messaging_product: string;
    to: string;
    type: "text" | "template";
    text?: { body: string };
    template?: {
      name: string;
      language: { code: string };
      components: { type: string; parameters: { text?: string; payload?: string }[] }[];
    };
  };
}

/** A message template as the Business Management API lists it. */
export interface WhatsappTemplate {
  id: string;
  name: string;
  language: string;
  status: "APPROVED" | "PENDING" | "REJECTED" | "PAUSED" | "DISABLED";
  rejectedReason?: string;
}

/**
 * A fake WhatsApp Cloud API built to the documented wire format: POST /v{N}/{phone-number-id}/messages
 * with `Authorization: Bearer <token>` answers {messaging_product, contacts:[{input, wa_id}],
 * messages:[{id:"wamid.…"}]}; a bad token 401 and a malformed body 400 in Graph's error envelope
 * {error:{message, type, code, fbtrace_id}}. `failNext(status)` makes the next sends fail (5xx: Meta's
 * outage). `GET /v{N}/{business-account-id}/message_templates?name=` lists the templates `setTemplate`
 * registered, {data:[{name, language, status, category, id}], paging}. Webhooks go out signed like Meta's: X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, raw body).
 */
export async function startFakeWhatsapp(accessToken: string) {
  const sent: WhatsappSent[] = [];
  const failures: number[] = [];
  /** Templates of each business account, as Meta lists them (name, language, status). */
  const templates: (WhatsappTemplate & { businessAccountId: string })[] = [];
  const server = await startJsonServer((req) => {
    const match = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(req.path);
    const graphError = (status: number, code: number, message: string) => ({
      status,
      body: { error: { message, type: "OAuthException", code, fbtrace_id: randomBytes(8).toString("hex") } },
    });
    const listing = /^\/v\d+\.\d+\/(\d+)\/message_templates(?:\?|$)/.exec(req.path);
    if (req.method === "GET" && listing) {
      if (req.headers.authorization !== `Bearer ${accessToken}`)
        return graphError(401, 190, "Invalid OAuth access token.");
      const name = req.query.get("name");
      const data = templates
        .filter((t) => t.businessAccountId === listing[1] && (!name || t.name.includes(name)))
        .map((t) => ({
          name: t.name,
          language: t.language,
          status: t.status,
          category: "UTILITY",
          id: t.id,
          ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
        }));
      return { status: 200, body: { data, paging: { cursors: { before: "QVFI", after: "QVFI" } } } };
    }
    if (req.method !== "POST" || !match) return graphError(404, 803, "Unknown path");
    if (req.headers.authorization !== `Bearer ${accessToken}`)
      return graphError(401, 190, "Invalid OAuth access token.");
    const failure = failures.shift();
    if (failure !== undefined) return graphError(failure, 131000, "Something went wrong");
    const body = req.body as WhatsappSent["body"];
    if (
      body?.messaging_product !== "whatsapp" ||
      typeof body.to !== "string" ||
      !["text", "template"].includes(body.type)
    )
      return graphError(400, 100, "Invalid parameter");
    // The Argentine quirk: 549… is "not in allowed list" (131030), 54 + 10 digits works.
    if (/^549\d{10}$/.test(body.to))
      return graphError(400, 131030, "Recipient phone number not in allowed list");
    const wamid = `wamid.${randomBytes(12).toString("base64url")}`;
    sent.push({ phoneNumberId: match[1]!, wamid, body });
    return {
      status: 200,
      body: {
        messaging_product: "whatsapp",
        contacts: [{ input: body.to, wa_id: body.to }],
        messages: [{ id: wamid }],
      },
    };
  });
  return {
    url: server.url,
    sent,
    templates,
    /** Registers (or changes) a template of a business account, as Meta's review would leave it. */
    setTemplate(businessAccountId: string, template: Omit<WhatsappTemplate, "id">) {
      const i = templates.findIndex(
        (t) =>
          t.businessAccountId === businessAccountId &&
          t.name === template.name &&
          t.language === template.language,
      );
      const row = { ...template, businessAccountId, id: templates[i]?.id ?? String(templates.length + 1) };
      if (i >= 0) templates[i] = row;
      else templates.push(row);
    },
    failNext(status: number, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    close: server.close,
  };
}

/** A webhook body as Meta sends it: object whatsapp_business_account, entry[].changes[].value. */
export function whatsappWebhookBody(
  phoneNumberId: string,
  value: { messages?: unknown[]; statuses?: unknown[] },
) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** An inbound text (what a person typed), optionally answering one of our messages (context.id). */
export function whatsappInboundText(from: string, text: string, at: Date, answers?: string) {
  return {
    from,
    id: `wamid.${randomBytes(12).toString("base64url")}`,
    timestamp: String(Math.floor(at.getTime() / 1000)),
    type: "text",
    text: { body: text },
    ...(answers ? { context: { from: "15550783881", id: answers } } : {}),
  };
}

export function whatsappStatus(
  wamid: string,
  status: "sent" | "delivered" | "read" | "failed",
  recipient: string,
) {
  return {
    id: wamid,
    status,
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: recipient,
    ...(status === "failed" ? { errors: [{ code: 131026, title: "Message undeliverable" }] } : {}),
  };
}

/** A tap on a template's quick-reply button, as Meta sends it (type button, context.id our message). */
export function whatsappButtonReply(from: string, text: string, payload: string, at: Date, answers: string) {
  return {
    from,
    id: `wamid.${randomBytes(12).toString("base64url")}`,
    timestamp: String(Math.floor(at.getTime() / 1000)),
    type: "button",
    button: { text, payload },
    context: { from: "15550783881", id: answers },
  };
}

/** POSTs a webhook to `url` signed with `appSecret` (pass another secret to forge one). */
export async function postWhatsappWebhook(url: string, appSecret: string, body: unknown): Promise<Response> {
  const raw = JSON.stringify(body);
  const signature = createHmac("sha256", appSecret).update(raw).digest("hex");
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${signature}` },
    body: raw,
  });
}
