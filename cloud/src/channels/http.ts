import { CHANNEL_LABEL, ChannelError, type ChannelName } from "./channel-client.js";

/** Where a client gets its bearer token: the stored one (refreshed before expiry) and, on a 401, a new one. */
export interface TokenSource {
  current(): Promise<string>;
  /** A fresh token after the channel answered 401; null when it cannot be refreshed (Tiendanube). */
  refreshed(): Promise<string | null>;
}

export interface ChannelRequest {
  method: "GET" | "POST" | "PUT";
  path: string;
  body?: unknown;
}

/** Retry-After in seconds (or an HTTP date) → ms; 60 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return 60_000;
}

/**
 * One JSON call to a channel's API with the connection's token: a 401 refreshes the token once and tries
 * again; every failure becomes a ChannelError whose message a shop owner can read.
 */
export async function channelCall(
  channel: ChannelName,
  baseUrl: string,
  headers: (token: string) => Record<string, string>,
  tokens: TokenSource,
  req: ChannelRequest,
): Promise<unknown> {
  const label = CHANNEL_LABEL[channel];
  const send = async (token: string) => {
    try {
      return await fetch(`${baseUrl.replace(/\/+$/, "")}${req.path}`, {
        method: req.method,
        headers: {
          ...headers(token),
          ...(req.body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        signal: AbortSignal.timeout(20_000),
      });
    } catch {
      throw new ChannelError("unavailable", `No se pudo conectar con ${label}; se reintentará`);
    }
  };
  let res = await send(await tokens.current());
  if (res.status === 401) {
    const fresh = await tokens.refreshed();
    if (!fresh)
      throw new ChannelError("unauthorized", `${label} rechazó la autorización: volvé a conectar la cuenta`);
    res = await send(fresh);
    if (res.status === 401)
      throw new ChannelError("unauthorized", `${label} rechazó la autorización: volvé a conectar la cuenta`);
  }
  if (res.status === 429) {
    const wait = retryAfterMs(res.headers.get("retry-after"));
    throw new ChannelError(
      "rate_limited",
      `${label} pidió esperar ${Math.ceil(wait / 1000)} s por exceso de pedidos; se reintentará`,
      wait,
    );
  }
  const text = await res.text();
  if (res.status === 404) throw new ChannelError("not_found", `${label} no encontró ${req.path}`);
  if (res.status >= 500)
    throw new ChannelError("unavailable", `${label} respondió con un error (${res.status}); se reintentará`);
  let body: unknown;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    throw new ChannelError("invalid", `${label} respondió algo que no se entiende (no es JSON)`);
  }
  if (res.status >= 400) {
    const detail = describeRefusal(body);
    throw new ChannelError(
      "invalid",
      `${label} rechazó el cambio (${res.status})${detail ? `: ${detail}` : ""}`,
    );
  }
  return body;
}

function describeRefusal(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const b = body as Record<string, unknown>;
  const text = [b.message, b.description, b.error].find((v) => typeof v === "string");
  return typeof text === "string" ? text.slice(0, 200) : "";
}

/** Form-encoded POST for OAuth token endpoints that want it (Mercado Libre). */
export async function postToken(url: string, body: Record<string, string>, json: boolean): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": json ? "application/json" : "application/x-www-form-urlencoded",
      },
      body: json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
      signal: AbortSignal.timeout(20_000),
    });
  } catch {
    throw new ChannelError("unavailable", "No se pudo conectar con el servicio de autorización");
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ChannelError("invalid", "El servicio de autorización respondió algo que no se entiende");
  }
  if (res.status === 400 || res.status === 401 || res.status === 403)
    throw new ChannelError("unauthorized", "La autorización fue rechazada o ya se usó: conectá de nuevo");
  if (!res.ok) throw new ChannelError("unavailable", `El servicio de autorización respondió ${res.status}`);
  return parsed;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
/** A channel id (number or string) as text; "" when it is neither. */
export const idText = (v: unknown): string =>
  typeof v === "number" && Number.isSafeInteger(v)
    ? String(v)
    : typeof v === "string" && /^[A-Za-z0-9_-]{1,40}$/.test(v)
      ? v
      : "";
