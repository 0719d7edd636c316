import type { Client } from "aedes";

/**
 * Who is behind an MQTT connection, decided once at CONNECT and consulted by every later hook:
 * - device: an ESP32 node (username = slug = client id, password = its secret);
 * - internal: the appliance itself (a random credential made at boot, held only in memory);
 * - staff: the UI over WebSocket (username "staff", password = a staff session token), read-only;
 * - home_assistant: the shop's Home Assistant (username "homeassistant", password made by the owner):
 *   reads discovery and states, announces itself, and asks for relay commands the gateway carries out.
 */
export type Identity =
  | { kind: "device"; slug: string; deviceId: string }
  | { kind: "internal" }
  | { kind: "staff"; staffId: string }
  | { kind: "home_assistant" };

/** Username of the appliance's own client; "$" cannot appear in a slug, so no device can claim it. */
export const INTERNAL_USERNAME = "$gateway";
export const STAFF_USERNAME = "staff";
/** Home Assistant's MQTT username (what its MQTT integration is configured with). */
export const HOME_ASSISTANT_USERNAME = "homeassistant";

const identities = new WeakMap<Client, Identity>();

export function setIdentity(client: Client, identity: Identity): void {
  identities.set(client, identity);
}

/** Null for a client that never authenticated: every hook treats that as "deny". */
export function identityOf(client: Client | null | undefined): Identity | null {
  return client ? (identities.get(client) ?? null) : null;
}
