import type { Channel } from "@mostrador/contracts/http/messaging";

/** One message as an adapter sends it: already allowed (consent, suppression, window) by the worker. */
export interface OutgoingMessage {
  id: string;
  channel: Channel;
  /** Email address, phone digits (54 + 10 for Argentine mobiles) or Telegram chat id. */
  address: string;
  subject: string | null;
  body: string;
  /** Email: an HTML part beside the text (campaigns); null: text only. */
  html?: string | null;
  /** WhatsApp outside the 24 h window: the approved template and its body parameters. */
  template: { name: string; language: string; parameters: string[]; quickReplies?: string[] } | null;
  /** Email: List-Unsubscribe and the link in the text. */
  unsubscribeUrl: string | null;
  /** Email: files sent with it (the owner's monthly summary PDF); absent or empty: none. */
  attachments?: MessageAttachment[] | null;
}

/** A file an email carries, kept in the queue as base64 (messages.attachments). */
export interface MessageAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/**
 * What the provider said. accepted: it took the message (its id, for statuses and replies).
 * retry: worth trying again later (5xx, 429, network); otherwise final. bounced: the address itself was
 * refused (an SMTP 5xx on RCPT), so it is suppressed.
 */
export type SendOutcome =
  | { ok: true; providerId: string }
  | { ok: false; retry: boolean; bounced: boolean; error: string; retryAfterSeconds?: number };

/** The one interface every channel fits: the real clients and, in tests, the same clients against fakes. */
export interface ChannelAdapter {
  send(message: OutgoingMessage): Promise<SendOutcome>;
  close?(): void;
}

/** An HTTP answer read the same way for every JSON API: 5xx/429 retry, other 4xx are final. */
export function httpFailure(status: number, error: string, retryAfterSeconds?: number): SendOutcome {
  return {
    ok: false,
    retry: status >= 500 || status === 429,
    bounced: false,
    error,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
}

export function networkFailure(err: unknown): SendOutcome {
  return {
    ok: false,
    retry: true,
    bounced: false,
    error: `Sin conexión con el proveedor: ${(err as Error).message}`,
  };
}
