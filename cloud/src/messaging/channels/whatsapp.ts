import type { WhatsappSecrets, WhatsappSettings } from "@mostrador/contracts/http/messaging";
import {
  type ChannelAdapter,
  httpFailure,
  networkFailure,
  type OutgoingMessage,
  type SendOutcome,
} from "./types.js";

export interface WhatsappEndpoint {
  /** https://graph.facebook.com in production; a fake's URL in tests. */
  baseUrl: string;
  /** The Graph API version in the path (v{N}). */
  apiVersion: string;
}

/** The Cloud API's error envelope: { error: { message, type, code, error_subcode?, fbtrace_id } }. */
interface GraphError {
  error?: { message?: string; code?: number };
}

/**
 * WhatsApp Cloud API: POST /v{N}/{phone-number-id}/messages with a Bearer token. A template message
 * ({type:"template", template:{name, language:{code, policy:"deterministic"}, components:[{type:"body",
 * parameters:[{type:"text", text}]}]}}) when the worker says the 24 h session window is closed, a text
 * message ({type:"text", text:{body}}) inside it. The API has no idempotency key: see README.md.
 */
export function whatsappAdapter(
  endpoint: WhatsappEndpoint,
  settings: WhatsappSettings,
  secrets: WhatsappSecrets,
): ChannelAdapter {
  const url = `${endpoint.baseUrl}/${endpoint.apiVersion}/${settings.phoneNumberId}/messages`;
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      const payload = message.template
        ? {
            messaging_product: "whatsapp",
            recipient_type: "individual",
            to: message.address,
            type: "template",
            template: {
              name: message.template.name,
              language: { code: message.template.language, policy: "deterministic" },
              components: [
                {
                  type: "body",
                  parameters: message.template.parameters.map((text) => ({ type: "text", text })),
                },
                // Quick-reply buttons carry our payload back in the webhook's button.payload.
                ...(message.template.quickReplies ?? []).map((payload, index) => ({
                  type: "button",
                  sub_type: "quick_reply",
                  index: String(index),
                  parameters: [{ type: "payload", payload }],
                })),
              ],
            },
          }
        : {
            messaging_product: "whatsapp",
            recipient_type: "individual",
            to: message.address,
            type: "text",
            text: { preview_url: false, body: message.body },
          };
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${secrets.accessToken}`, "content-type": "application/json" },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        return networkFailure(err);
      }
      const answer = (await res.json().catch(() => ({}))) as { messages?: { id?: string }[] } & GraphError;
      const id = answer.messages?.[0]?.id;
      if (res.ok && id) return { ok: true, providerId: id };
      const reason = answer.error ? `${answer.error.code ?? ""} ${answer.error.message ?? ""}`.trim() : "";
      return httpFailure(res.status, `WhatsApp respondió ${res.status}${reason ? `: ${reason}` : ""}`);
    },
  };
}
