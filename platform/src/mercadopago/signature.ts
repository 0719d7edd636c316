import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Mercado Pago's webhook signature, as its documentation states it: header
 * `x-signature: ts=<ts>,v1=<hex>`, where hex = HMAC-SHA256(secret, manifest) and the manifest is
 * `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` (a pair whose value is absent is left out). Written
 * here from the documentation, independently of the official package's validator, so the fake signs
 * by the documented rule and the cloud checks by it.
 */
export function signatureManifest(
  dataId: string | undefined,
  requestId: string | undefined,
  ts: string,
): string {
  return `${dataId ? `id:${dataId};` : ""}${requestId ? `request-id:${requestId};` : ""}ts:${ts};`;
}

/** The x-signature header for a notification about `dataId`. `ts` in milliseconds, as MP's examples show. */
export function signWebhook(secret: string, dataId: string, requestId: string, tsMs: number): string {
  const ts = String(tsMs);
  const v1 = createHmac("sha256", secret)
    .update(signatureManifest(dataId, requestId, ts))
    .digest("hex");
  return `ts=${ts},v1=${v1}`;
}

/**
 * Whether an x-signature is right for this notification. A FILTER only: MP's own SDKs disagree on the
 * id's casing and some real deliveries fail while simulations pass, so a true here never makes anything
 * paid — the order is always read again from the API.
 */
export function webhookSignatureValid(
  secret: string,
  header: string | undefined,
  dataId: string | undefined,
  requestId: string | undefined,
): boolean {
  if (!header) return false;
  const parts = new Map(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const ts = parts.get("ts");
  const v1 = parts.get("v1");
  if (!ts || !/^[0-9]+$/.test(ts) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return false;
  // MP signs the id as sent; some senders lowercase it. Either casing passes the filter.
  const ids = dataId === undefined ? [undefined] : [...new Set([dataId, dataId.toLowerCase()])];
  const given = Buffer.from(v1, "hex");
  return ids.some((id) => {
    const expected = createHmac("sha256", secret)
      .update(signatureManifest(id, requestId, ts))
      .digest();
    return timingSafeEqual(expected, given);
  });
}
