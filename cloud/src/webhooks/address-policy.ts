import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { CloudError } from "../core/errors.js";

/**
 * Where a webhook may be sent: a public address over HTTPS. An endpoint URL is a request the cloud
 * makes on a tenant's behalf from inside its own network, so a URL naming (or resolving to) a private,
 * loopback, link-local (169.254.169.254: cloud metadata) or otherwise special address is refused —
 * when it is registered, and again at every delivery against the addresses the name resolves to THEN
 * (DNS rebinding: a name that was public yesterday may point inside today). The connection is made to
 * the address checked (delivery.ts pins it), never re-resolved by the HTTP client.
 */
export interface AddressPolicy {
  /** Tests only (CLOUD_WEBHOOKS_ALLOW_LOOPBACK=1): http:// and loopback addresses, for a local receiver. */
  allowLoopback: boolean;
  /** Every address of a host name (the system resolver by default; tests give their own). */
  resolve(host: string): Promise<string[]>;
}

export async function systemResolve(host: string): Promise<string[]> {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((a) => a.address);
}

export function addressPolicy(allowLoopback = false): AddressPolicy {
  return { allowLoopback, resolve: systemResolve };
}

const invalid = (code: string, message: string) => new CloudError("invalid", code, message);

/** The URL as the endpoint will be called, or a Spanish refusal naming what is wrong with it. */
export function parseEndpointUrl(raw: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid("webhook_url_invalid", "La dirección no es una URL válida (https://…)");
  }
  const http = url.protocol === "http:";
  if (url.protocol !== "https:" && !(http && policy.allowLoopback))
    throw invalid("webhook_url_not_https", "La dirección tiene que empezar con https://");
  if (url.username || url.password)
    throw invalid("webhook_url_credentials", "La dirección no puede llevar usuario ni contraseña");
  if (url.hash) throw invalid("webhook_url_invalid", "La dirección no puede llevar #fragmento");
  return url;
}

/** Why an address may not be called, or null when it is a public unicast one. */
export function refusedRange(address: string, policy: Pick<AddressPolicy, "allowLoopback">): string | null {
  if (!ipaddr.isValid(address)) return "invalid";
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === "unicast") return null;
  if (range === "loopback" && policy.allowLoopback) return null;
  return range;
}

/**
 * Resolves the URL's host and checks EVERY address (a name with one public and one private address is
 * refused: the client could pick either). Returns the checked addresses; throws `webhook_url_private`
 * (or `webhook_url_unresolvable`) otherwise.
 */
export async function publicAddressesOf(url: URL, policy: AddressPolicy): Promise<string[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await policy.resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0)
      throw invalid("webhook_url_unresolvable", `No se encontró la dirección de ${host}`);
  }
  for (const address of addresses) {
    const range = refusedRange(address, policy);
    if (range)
      throw invalid(
        "webhook_url_private",
        `La dirección ${host} apunta a una red privada o reservada (${address}); usá una dirección pública`,
      );
  }
  return addresses;
}
