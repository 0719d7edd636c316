/**
 * Fetch wrapper for the cloud API (/v1): adds the owner's bearer token, sends JSON, and turns the error
 * body `{ error: { code, message } }` into an ApiError carrying the server's Spanish sentence.
 */

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when no answer came back (offline, service restarting). */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setToken(value: string | null): void {
  token = value;
}
/** Called when the service says the session is gone, so the UI returns to the login screen. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  // POST without input still sends "{}": the service refuses an empty JSON body.
  const payload = body === undefined && method !== "GET" && method !== "DELETE" ? {} : body;
  if (payload !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  } catch {
    throw new ApiError(0, "network", "Sin conexión con la nube; reintentá en unos segundos");
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null; // a proxy's HTML error page: fall back to the status below
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `Error ${response.status} de la nube`,
    );
    if (response.status === 401 && apiError.code === "not_logged_in") onUnauthorized?.();
    throw apiError;
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body);
export const patch = <T>(path: string, body: unknown) => api<T>("PATCH", path, body);
export const del = (path: string) => api<null>("DELETE", path);

/** `?a=1&b=x` from the defined entries only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
