/**
 * The browser side of the HTTP contract, for both UIs (the till on the appliance, the owner's dashboard on
 * the cloud): adds the bearer token, sends JSON, and turns the error envelope `{ error: { code, message,
 * details } }` into an ApiError carrying the server's Spanish sentence. Each UI makes one client with its
 * own words for "the server did not answer".
 */

import type { ErrorBody } from "./http-errors.js";

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer (network down, server restarting). */
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

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiClientWords {
  /** Said when no answer came back: "Sin conexión con la nube; reintentá en unos segundos". */
  unreachable: string;
  /** Said when an error carries no envelope (a proxy's HTML page): "Error 502 de la nube". */
  statusOnly: (status: number) => string;
}

/** A client bound to one server; `fetchImpl` is the browser's fetch unless a test passes its own. */
export function createApiClient(words: ApiClientWords, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  let token: string | null = null;
  let onUnauthorized: (() => void) | null = null;

  async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    // A POST or PATCH without input still sends "{}": both servers refuse an empty JSON body.
    const payload = body === undefined && method !== "GET" && method !== "DELETE" ? {} : body;
    if (payload !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers,
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
    } catch {
      throw new ApiError(0, "network", words.unreachable);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null; // a proxy's HTML error page: fall back to the status below
    }
    if (!response.ok) {
      // A proxy may answer instead of the server: whatever is missing falls back to the status.
      const error = (parsed as Partial<ErrorBody> | null)?.error;
      const apiError = new ApiError(
        response.status,
        error?.code ?? `http_${response.status}`,
        error?.message ?? words.statusOnly(response.status),
        error?.details ?? {},
      );
      if (response.status === 401 && apiError.code === "not_logged_in") onUnauthorized?.();
      throw apiError;
    }
    return parsed as T;
  }

  return {
    api,
    get: <T>(path: string) => api<T>("GET", path),
    post: <T>(path: string, body?: unknown) => api<T>("POST", path, body),
    put: <T>(path: string, body: unknown) => api<T>("PUT", path, body),
    patch: <T>(path: string, body: unknown) => api<T>("PATCH", path, body),
    del: <T = null>(path: string) => api<T>("DELETE", path),
    setToken(value: string | null): void {
      token = value;
    },
    getToken: (): string | null => token,
    /** Called when the server says the session is gone, so the UI returns to its login screen. */
    setUnauthorizedHandler(handler: (() => void) | null): void {
      onUnauthorized = handler;
    },
  };
}

/** `?a=1&b=x` from the defined, non-empty entries only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
