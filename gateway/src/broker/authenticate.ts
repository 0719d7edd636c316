import { createHash, timingSafeEqual } from "node:crypto";
import type { Ctx } from "@mostrador/kernel/core/context";
import { resolveSession } from "@mostrador/kernel/staff/sessions";
import type { DeviceCache } from "../devices/device-cache.js";
import { deviceSecretMatches } from "../devices/device-secret.js";
import { withinPlanDeviceLimit } from "../devices/devices.js";
import { homeAssistantSecretHash } from "../discovery/home-assistant-credentials.js";
import { HOME_ASSISTANT_USERNAME, type Identity, INTERNAL_USERNAME, STAFF_USERNAME } from "./identity.js";

/** CONNACK return codes of MQTT 3.1.1 (§3.2.2.3) that a refusal may carry. */
export const CONNACK = { IDENTIFIER_REJECTED: 2, BAD_CREDENTIALS: 4, NOT_AUTHORIZED: 5 } as const;

export type AuthVerdict =
  { ok: true; identity: Identity } | { ok: false; returnCode: number; reason: string };

export interface ConnectAttempt {
  clientId: string;
  username: string | undefined;
  password: Buffer | undefined;
  /** True when the connection came through the /mqtt WebSocket (the UI); staff may only use that. */
  viaWebSocket: boolean;
}

export interface AuthDeps {
  ctx: Ctx;
  cache: DeviceCache;
  /** The appliance's own per-boot credential. */
  internalPassword: string;
}

/** Compared against when the username names no device, so an unknown slug costs the same time as a wrong secret. */
const NO_DEVICE_HASH = "0".repeat(64);

function sameSecret(given: Buffer, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

const refuse = (returnCode: number, reason: string): AuthVerdict => ({ ok: false, returnCode, reason });

/** Decides who a CONNECT is, or why it is refused. Anything not recognised is refused. */
export function authenticateConnect(deps: AuthDeps, attempt: ConnectAttempt): AuthVerdict {
  const { clientId, username, password } = attempt;
  if (!username || !password || password.length === 0) return refuse(CONNACK.NOT_AUTHORIZED, "anonymous");

  if (username === INTERNAL_USERNAME) {
    if (!sameSecret(password, deps.internalPassword))
      return refuse(CONNACK.BAD_CREDENTIALS, "bad_credentials");
    if (!clientId.startsWith(INTERNAL_USERNAME))
      return refuse(CONNACK.IDENTIFIER_REJECTED, "client_id_mismatch");
    return { ok: true, identity: { kind: "internal" } };
  }

  if (username === STAFF_USERNAME) {
    if (!attempt.viaWebSocket) return refuse(CONNACK.NOT_AUTHORIZED, "staff_not_websocket");
    if (password.length > 200) return refuse(CONNACK.BAD_CREDENTIALS, "bad_credentials");
    const principal = resolveSession(deps.ctx, password.toString("utf8"));
    if (!principal) return refuse(CONNACK.BAD_CREDENTIALS, "bad_credentials");
    // A UI client id equal to a device's would take over (and disconnect) that device's session.
    if (!clientId || clientId.startsWith("$") || deps.cache.get(clientId)) {
      return refuse(CONNACK.IDENTIFIER_REJECTED, "client_id_mismatch");
    }
    return { ok: true, identity: { kind: "staff", staffId: principal.staffId } };
  }

  if (username === HOME_ASSISTANT_USERNAME) {
    // One SQLite read per CONNECT (rare), never per message. A wrong password falls through to the
    // device check below, so a device that happens to be called "homeassistant" still connects.
    const hash = homeAssistantSecretHash(deps.ctx.db);
    if (hash && deviceSecretMatches(password, hash)) {
      // HA picks its own client id; it must not take over a device's session or look like the appliance.
      if (!clientId || clientId.startsWith("$") || deps.cache.get(clientId)) {
        return refuse(CONNACK.IDENTIFIER_REJECTED, "client_id_mismatch");
      }
      return { ok: true, identity: { kind: "home_assistant" } };
    }
  }

  const device = deps.cache.get(username);
  if (!deviceSecretMatches(password, device?.secretHash ?? NO_DEVICE_HASH) || !device) {
    return refuse(CONNACK.BAD_CREDENTIALS, "bad_credentials");
  }
  if (clientId !== device.slug) return refuse(CONNACK.IDENTIFIER_REJECTED, "client_id_mismatch");
  if (!device.active) return refuse(CONNACK.NOT_AUTHORIZED, "inactive_device");
  if (!withinPlanDeviceLimit(deps.ctx, device)) return refuse(CONNACK.NOT_AUTHORIZED, "plan_device_limit");
  return { ok: true, identity: { kind: "device", slug: device.slug, deviceId: device.id } };
}
