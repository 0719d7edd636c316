import { ErrorBody } from "@mostrador/contracts/http-errors";
import { Value } from "@sinclair/typebox/value";

/** What one HTTP exchange with the cloud ended in, as the drainer acts on it. */
export type CloudAnswer =
  | { kind: "ok"; status: number; body: unknown }
  | { kind: "http"; status: number; code: string; message: string; body: unknown }
  | { kind: "network"; message: string };

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** POST JSON (already serialized) to the cloud; never throws: failures come back as a CloudAnswer. */
export async function postToCloud(
  fetchImpl: FetchLike,
  url: string,
  body: string,
  token: string | null,
  timeoutMs: number,
): Promise<CloudAnswer> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { kind: "network", message: `No se pudo conectar con la nube (${(err as Error).message})` };
  }
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch {
    // a proxy's HTML error page, an empty body: the status says enough
  }
  if (res.ok) return { kind: "ok", status: res.status, body: parsed };
  // The cloud's refusals come in the one error envelope; anything else (a proxy's page) is named by its status.
  const error = Value.Check(ErrorBody, parsed) ? parsed.error : null;
  return {
    kind: "http",
    status: res.status,
    code: error?.code ?? `http_${res.status}`,
    message: error?.message ?? `La nube respondió ${res.status}`,
    body: parsed,
  };
}

/** Base URL without trailing slash, so `${base}/v1/ingest` is right whatever the owner typed. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}
