import type {
  TemplateApproval,
  TemplateApprovalState,
  WhatsappSettings,
} from "@mostrador/contracts/http/messaging";
import type { StoredChannel } from "./channel-config.js";
import type { WhatsappEndpoint } from "./channels/whatsapp.js";

/** Meta's template statuses, as the owner needs to read them: may it be sent, not yet, or never. */
const META_STATUS: Record<string, TemplateApprovalState> = {
  APPROVED: "approved",
  PENDING: "pending",
  IN_APPEAL: "pending",
  REJECTED: "rejected",
  PAUSED: "paused",
  DISABLED: "disabled",
  PENDING_DELETION: "disabled",
  DELETED: "disabled",
  ARCHIVED: "disabled",
  LIMIT_EXCEEDED: "disabled",
};

interface TemplateList {
  data?: { name?: string; language?: string; status?: string; rejected_reason?: string }[];
  error?: { message?: string; code?: number };
}

/**
 * Whether Meta approved a template the shop names (a turno reminder's): the WhatsApp Business Management
 * API's `GET /v{N}/{business-account-id}/message_templates?name=<name>` with the channel's access token,
 * whose `data[]` has each language's `status`. Asked live (the owner is looking at the settings), never
 * inside a database transaction. Without a WhatsApp channel, or without the business account id to ask
 * with, it says so instead of guessing.
 */
export async function whatsappTemplateApproval(
  endpoint: WhatsappEndpoint,
  channel: StoredChannel | undefined,
  template: { name: string; language: string },
): Promise<TemplateApproval> {
  if (!channel?.enabled || !channel.secrets?.accessToken) return { state: "no_channel", detail: null };
  const account = (channel.settings as Partial<WhatsappSettings>).businessAccountId;
  if (!account) return { state: "unchecked", detail: null };
  const url =
    `${endpoint.baseUrl}/${endpoint.apiVersion}/${account}/message_templates` +
    `?name=${encodeURIComponent(template.name)}&fields=name,language,status,rejected_reason&limit=100`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${channel.secrets.accessToken}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    return { state: "unreachable", detail: `Sin conexión con WhatsApp: ${(err as Error).message}` };
  }
  const answer = (await res.json().catch(() => ({}))) as TemplateList;
  if (!res.ok) {
    const why = answer.error ? `${answer.error.code ?? ""} ${answer.error.message ?? ""}`.trim() : "";
    return { state: "unreachable", detail: `WhatsApp respondió ${res.status}${why ? `: ${why}` : ""}` };
  }
  // `name` filters by prefix-ish match on Meta's side: keep only the exact name and language.
  const found = (answer.data ?? []).find((t) => t.name === template.name && t.language === template.language);
  if (!found) return { state: "not_found", detail: null };
  const state = META_STATUS[found.status ?? ""] ?? "disabled";
  const reason = found.rejected_reason && found.rejected_reason !== "NONE" ? found.rejected_reason : null;
  return { state, detail: state === "approved" ? null : reason };
}
