import type { TelegramEndpoint } from "./telegram.js";

/** The Bot API's envelope: { ok, result, description? } or { ok:false, error_code, description }. */
export interface BotAnswer<T> {
  ok: boolean;
  result?: T;
  description?: string;
  error_code?: number;
}

/** What a private text message's Update carries that the cloud reads. */
export interface TelegramUpdate {
  update_id?: number;
  message?: { text?: string; chat?: { id?: number }; reply_to_message?: { message_id?: number } };
}

/**
 * The Bot API methods besides sendMessage (channels/telegram.ts) that connecting a bot needs: getMe (its
 * username, for t.me links), setWebhook (url + secret_token), getUpdates (the fallback without a public
 * URL) and a plain sendMessage for answers in a chat. A network failure or a non-JSON answer is
 * `{ ok: false }` with a Spanish description, never a throw.
 */
export class TelegramBot {
  constructor(
    private readonly endpoint: TelegramEndpoint,
    private readonly token: string,
  ) {}

  async call<T>(method: string, body: object = {}, timeoutMs = 15_000): Promise<BotAnswer<T>> {
    try {
      const res = await fetch(`${this.endpoint.baseUrl}/bot${this.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const answer = (await res.json().catch(() => null)) as BotAnswer<T> | null;
      if (!answer) return { ok: false, description: `Telegram respondió ${res.status} sin JSON` };
      return answer;
    } catch (err) {
      return { ok: false, description: `No se pudo llamar a Telegram: ${(err as Error).message}` };
    }
  }

  getMe() {
    return this.call<{ id: number; username?: string }>("getMe");
  }

  setWebhook(url: string, secretToken: string) {
    return this.call<boolean>("setWebhook", { url, secret_token: secretToken, allowed_updates: ["message"] });
  }

  /** Short poll (timeout 0): the worker asks once per pass and must not hang on it. */
  getUpdates(offset: number | null) {
    return this.call<TelegramUpdate[]>("getUpdates", {
      ...(offset !== null ? { offset } : {}),
      timeout: 0,
      allowed_updates: ["message"],
    });
  }

  sendText(chatId: string, text: string) {
    return this.call<unknown>("sendMessage", { chat_id: chatId, text });
  }
}
