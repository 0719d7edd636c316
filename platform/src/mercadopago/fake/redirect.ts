import { MP_API_BASE } from "../real-client.js";

/**
 * Sends what the real client addresses to api.mercadopago.com to the fake instead, by wrapping the
 * process's global fetch (the official package calls it and has no base-URL option). Other addresses
 * pass untouched. Returns the undo. Tests and the end-to-end runs only.
 */
export function redirectMercadoPagoTo(fakeUrl: string): () => void {
  const original = globalThis.fetch;
  const redirected: typeof fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(MP_API_BASE)) return original(fakeUrl + url.slice(MP_API_BASE.length), init);
    return original(input, init);
  };
  globalThis.fetch = redirected;
  return () => {
    if (globalThis.fetch === redirected) globalThis.fetch = original;
  };
}
