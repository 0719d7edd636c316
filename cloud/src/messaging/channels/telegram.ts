import type { TelegramSecrets } from "@mostrador/contracts/http/messaging";
import {
  type ChannelAdapter,
  httpFailure,
  networkFailure,
  type OutgoingMessage,
  type SendOutcome,
} from "./types.js";

/** https://api.telegram.org in production; a fake's URL in tests. */
export interface TelegramEndpoint {
  baseUrl: string;
}

/** The Bot API's envelope: { ok, result } or { ok:false, error_code, description, parameters? }. */
interface BotAnswer {
  ok?: boolean;
  result?: { message_id?: number; chat?: { id?: number } };
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/**
 * Telegram Bot API sendMessage: POST /bot<token>/sendMessage {chat_id, text}. The provider id is
 * "<chat id>:<message id>" (message ids are per chat), which is what a reply's reply_to_message gives.
 * The Bot API has no idempotency key: see README.md.
 */
export function telegramAdapter(endpoint: TelegramEndpoint, secrets: TelegramSecrets): ChannelAdapter {
  const url = `${endpoint.baseUrl}/bot${secrets.botToken}/sendMessage`;
  return {
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ chat_id: message.address, text: message.body }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        return networkFailure(err);
      }
      const answer = (await res.json().catch(() => ({}))) as BotAnswer;
      if (res.ok && answer.ok && answer.result?.message_id !== undefined)
        return {
          ok: true,
          providerId: `${answer.result.chat?.id ?? message.address}:${answer.result.message_id}`,
        };
      return httpFailure(
        res.status,
        `Telegram respondió ${res.status}${answer.description ? `: ${answer.description}` : ""}`,
        answer.parameters?.retry_after,
      );
    },
  };
}
