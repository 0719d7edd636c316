import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIPv6 } from "node:net";

export interface PostResult {
  /** The HTTP status, or null when no answer came (refused, reset, timeout, TLS). */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * POSTs `body` to `url`, connecting to `address` (already checked by address-policy.ts) instead of
 * resolving the host again: the HTTP client's own lookup would let a rebinding DNS answer differently
 * between the check and the connection. TLS still verifies the certificate for the URL's host name
 * (SNI and Host come from the URL). Redirects are not followed; the answer's body is read and dropped.
 */
export function postPinned(
  url: URL,
  address: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostResult> {
  const family = isIPv6(address) ? 6 : 4;
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address, family },
      ]);
    else callback(null, address, family);
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: PostResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup,
        timeout: timeoutMs,
        agent: false,
      },
      (response) => {
        response.resume();
        response.on("end", () =>
          done({ status: response.statusCode ?? null, durationMs: elapsed(), error: null }),
        );
        response.on("error", (err) =>
          done({ status: response.statusCode ?? null, durationMs: elapsed(), error: err.message }),
        );
      },
    );
    request.on("timeout", () => request.destroy(new Error(`Sin respuesta en ${timeoutMs} ms`)));
    request.on("error", (err) => done({ status: null, durationMs: elapsed(), error: err.message }));
    request.end(body);
  });
}
