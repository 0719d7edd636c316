import { startJsonServer } from "./http-fake.js";

export interface TelegramSent {
  chatId: string;
  messageId: number;
  text: string;
}

/**
 * A fake Telegram Bot API built to its documented format: POST /bot<token>/sendMessage {chat_id, text}
 * answers {ok:true, result: Message{message_id, date, chat:{id, type}, text}}; an unknown token 401
 * {ok:false, error_code:401, description:"Unauthorized"}; `failNext(429)` answers Too Many Requests
 * with parameters.retry_after.
 */
export async function startFakeTelegram(botToken: string) {
  const sent: TelegramSent[] = [];
  const failures: number[] = [];
  let nextId = 100;
  const server = await startJsonServer((req) => {
    const match = /^\/bot([^/]+)\/sendMessage$/.exec(req.path);
    if (!match || match[1] !== botToken)
      return {
        status: match ? 401 : 404,
        body: { ok: false, error_code: match ? 401 : 404, description: match ? "Unauthorized" : "Not Found" },
      };
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
    const body = req.body as { chat_id?: string | number; text?: string };
    if (body?.chat_id === undefined || typeof body.text !== "string" || body.text === "")
      return {
        status: 400,
        body: { ok: false, error_code: 400, description: "Bad Request: message text is empty" },
      };
    const messageId = nextId++;
    sent.push({ chatId: String(body.chat_id), messageId, text: body.text });
    return {
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(body.chat_id), type: "private" },
          text: body.text,
        },
      },
    };
  });
  return {
    url: server.url,
    sent,
    failNext(status: number, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    close: server.close,
  };
}

let updateId = 500_000;

/** POSTs an Update to the bot's webhook as Telegram does, with the secret_token header (or another). */
export async function postTelegramUpdate(
  url: string,
  secret: string,
  message: { chatId: string; text: string; replyTo?: number },
): Promise<Response> {
  const update = {
    update_id: updateId++,
    message: {
      message_id: updateId,
      from: { id: Number(message.chatId), is_bot: false, first_name: "Ana" },
      chat: { id: Number(message.chatId), type: "private", first_name: "Ana" },
      date: Math.floor(Date.now() / 1000),
      text: message.text,
      ...(message.text.startsWith("/")
        ? { entities: [{ offset: 0, length: message.text.length, type: "bot_command" }] }
        : {}),
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
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    body: JSON.stringify(update),
  });
}
