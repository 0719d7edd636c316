/**
 * Fetch wrapper for the local API: adds the bearer token, sends JSON, and turns the contract's error body
 * `{ error: { code, message, details } }` into an ApiError whose message is the server's Spanish sentence.
 */

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer (network down, appliance restarting). */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** No answer at all: the request may or may not have reached the server, so only idempotent retries are safe. */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setToken(value: string | null): void {
  token = value;
}
export function getToken(): string | null {
  return token;
}
/** Called when the server says the session is gone (401 outside login), so the UI can return to the PIN screen. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "Sin conexión con el equipo central; reintentá en unos segundos");
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const error = (
      parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null
    )?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `Error ${response.status} del equipo central`,
      error?.details ?? {},
    );
    if (response.status === 401 && apiError.code === "not_logged_in") onUnauthorized?.();
    throw apiError;
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body: unknown = {}) => api<T>("POST", path, body);
export const patch = <T>(path: string, body: unknown) => api<T>("PATCH", path, body);
export const del = <T>(path: string) => api<T>("DELETE", path);

/** Builds `?a=1&b=x` from the defined entries only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
