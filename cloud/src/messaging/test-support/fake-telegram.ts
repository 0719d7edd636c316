import { startJsonServer } from "./http-fake.js";

export interface TelegramSent {
  chatId: string;
  messageId: number;
  text: string;
}

/**
 * A fake Telegram Bot API built to its documented format (https://core.telegram.org/bots/api): every
 * method is POST /bot<token>/<method> answering {ok:true, result} or {ok:false, error_code, description}.
 * - sendMessage {chat_id, text} → Message{message_id, date, chat:{id, type}, text}; `failNext(429)`
 *   answers Too Many Requests with parameters.retry_after.
 * - getMe → User{id, is_bot:true, first_name, username}.
 * - setWebhook {url, secret_token?} → true, "Webhook was set" (url "" removes it: "Webhook was deleted");
 *   a URL that is not HTTPS: 400 "bad webhook: An HTTPS URL must be provided for webhook".
 * - getUpdates {offset?, limit?, timeout?} → the queued Updates with update_id ≥ offset (an offset
 *   confirms, and forgets, the earlier ones); while a webhook is set: 409 Conflict, as Telegram does.
 * An unknown token: 401 Unauthorized.
 */
export async function startFakeTelegram(botToken: string, options: { username?: string } = {}) {
  const sent: TelegramSent[] = [];
  const failures: number[] = [];
  const webhooks: { url: string; secretToken: string | null }[] = [];
  let pending: TelegramUpdate[] = [];
  let webhook: string | null = null;
  const username = options.username ?? "mostrador_prueba_bot";
  let nextId = 100;
  const fail = (status: number, description: string) => ({
    status,
    body: { ok: false, error_code: status, description },
  });
  const ok = (result: unknown, description?: string) => ({
    status: 200,
    body: { ok: true, result, ...(description ? { description } : {}) },
  });
  const server = await startJsonServer((req) => {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
    if (!match) return fail(404, "Not Found");
    if (match[1] !== botToken) return fail(401, "Unauthorized");
    const body = (req.body ?? {}) as Record<string, unknown>;
    switch (match[2]) {
      case "getMe":
        return ok({ id: Number(botToken.split(":")[0]), is_bot: true, first_name: "Mostrador", username });
      case "setWebhook": {
        const url = typeof body.url === "string" ? body.url : "";
        if (url === "") {
          webhook = null;
          return ok(true, "Webhook was deleted");
        }
        if (!url.startsWith("https://"))
          return fail(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        webhook = url;
        webhooks.push({ url, secretToken: typeof body.secret_token === "string" ? body.secret_token : null });
        return ok(true, "Webhook was set");
      }
      case "getUpdates": {
        if (webhook)
          return fail(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          );
        const offset = typeof body.offset === "number" ? body.offset : 0;
        if (offset > 0) pending = pending.filter((u) => u.update_id >= offset);
        const limit = typeof body.limit === "number" ? body.limit : 100;
        return ok(pending.slice(0, limit));
      }
      case "sendMessage":
        break;
      default:
        return fail(404, "Not Found: method not found");
    }
    const failure = failures.shift();
    if (failure !== undefined)
      return {
        status: failure,
        body: {
          ok: false,
          error_code: failure,
          description: failure === 429 ? "Too Many Requests: retry after 1" : "Internal Server Error",
          ...(failure === 429 ? { parameters: { retry_after: 1 } } : {}),
        },
      };
    const message = body as { chat_id?: string | number; text?: string };
    if (message.chat_id === undefined || typeof message.text !== "string" || message.text === "")
      return fail(400, "Bad Request: message text is empty");
    const messageId = nextId++;
    sent.push({ chatId: String(message.chat_id), messageId, text: message.text });
    return ok({
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(message.chat_id), type: "private" },
      text: message.text,
    });
  });
  return {
    url: server.url,
    sent,
    username,
    /** Every setWebhook call that set one (url, secret_token). */
    webhooks,
    get webhook() {
      return webhook;
    },
    /** A person writes to the bot: the Update waits for getUpdates (as when no webhook is set). */
    pushUpdate(message: { chatId: string; text: string }) {
      pending.push(telegramUpdate(message));
    },
    failNext(status: number, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    close: server.close,
  };
}

let updateId = 500_000;

export interface TelegramUpdate {
  update_id: number;
  message: {
    message_id: number;
    from: { id: number; is_bot: boolean; first_name: string };
    chat: { id: number; type: string; first_name?: string };
    date: number;
    text: string;
    entities?: { offset: number; length: number; type: string }[];
    reply_to_message?: { message_id: number; chat: { id: number; type: string }; date: number };
  };
}

/** An Update as Telegram builds it for a private text message (bot commands carry a bot_command entity). */
export function telegramUpdate(message: { chatId: string; text: string; replyTo?: number }): TelegramUpdate {
  const command = /^\/[A-Za-z0-9_]+/.exec(message.text);
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      from: { id: Number(message.chatId), is_bot: false, first_name: "Ana" },
      chat: { id: Number(message.chatId), type: "private", first_name: "Ana" },
      date: Math.floor(Date.now() / 1000),
      text: message.text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: "bot_command" }] } : {}),
      ...(message.replyTo !== undefined
        ? {
            reply_to_message: {
              message_id: message.replyTo,
              chat: { id: Number(message.chatId), type: "private" },
              date: 0,
            },
          }
        : {}),
    },
  };
}

/** POSTs an Update to the bot's webhook as Telegram does, with the secret_token header (or another). */
export async function postTelegramUpdate(
  url: string,
  secret: string,
  message: { chatId: string; text: string; replyTo?: number },
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    body: JSON.stringify(telegramUpdate(message)),
  });
}
