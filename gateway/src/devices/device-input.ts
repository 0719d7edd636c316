import { DomainError } from "@mostrador/kernel/core/errors";
import { HOME_ASSISTANT_USERNAME, STAFF_USERNAME } from "../broker/identity.js";
import { ID_PATTERN, ID_RULE_IN_WORDS } from "@mostrador/contracts/mqtt/ids";
import { isSensorKind, SENSOR_KIND_NAMES, SENSOR_KINDS } from "@mostrador/contracts/mqtt/sensor-kinds";

// What is declared and what is shown of a device are the HTTP contract's (contracts/src/http/devices.ts).
import {
  type DeviceRelay,
  type DeviceSensor,
  MAX_ON_SECONDS_LIMIT,
  MAX_RELAYS,
  MAX_SENSORS,
  NAME_MAX,
  type RelayInput,
  type SensorInput,
} from "@mostrador/contracts/http/devices";
export const DEFAULT_MAX_ON_SECONDS = 3_600;

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);

const RESERVED_SLUGS = new Set([HOME_ASSISTANT_USERNAME, STAFF_USERNAME]);

export function cleanSlug(slug: unknown): string {
  if (typeof slug !== "string" || !ID_PATTERN.test(slug)) {
    throw invalid("invalid_device_slug", `El identificador del equipo debe tener ${ID_RULE_IN_WORDS}`);
  }
  // MQTT usernames of the broker's other identities: a device by that name would shadow them.
  if (RESERVED_SLUGS.has(slug)) {
    throw invalid(
      "reserved_device_slug",
      `"${slug}" está reservado para una integración; elegí otro identificador`,
    );
  }
  return slug;
}

export function cleanName(name: unknown, code = "invalid_device_name"): string {
  const clean = typeof name === "string" ? name.trim().replace(/\s+/g, " ") : "";
  if (clean.length === 0 || clean.length > NAME_MAX) {
    throw invalid(code, `El nombre debe tener entre 1 y ${NAME_MAX} caracteres`);
  }
  return clean;
}

function cleanKey(key: unknown, what: string): string {
  if (typeof key !== "string" || !ID_PATTERN.test(key)) {
    throw invalid("invalid_key", `La clave de ${what} debe tener ${ID_RULE_IN_WORDS}`);
  }
  return key;
}

function cleanSensor(input: SensorInput): DeviceSensor {
  const key = cleanKey(input?.key, "un sensor");
  if (!isSensorKind(input.kind)) {
    throw invalid("invalid_sensor_kind", `El tipo de sensor "${String(input.kind)}" no existe`, {
      kinds: SENSOR_KIND_NAMES,
    });
  }
  const kind = SENSOR_KINDS[input.kind];
  const min = input.min ?? kind.min;
  const max = input.max ?? kind.max;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min >= max || min < kind.min || max > kind.max) {
    throw invalid(
      "invalid_sensor_range",
      `El rango del sensor "${key}" debe estar entre ${kind.min} y ${kind.max} ${kind.unit}, con mínimo menor que máximo`.trimEnd(),
      { key, min: kind.min, max: kind.max },
    );
  }
  return { key, kind: input.kind, unit: kind.unit, min, max };
}

function cleanRelay(input: RelayInput): DeviceRelay {
  const key = cleanKey(input?.key, "un relé");
  const name = cleanName(input.name, "invalid_relay_name");
  const maxOnSeconds = input.maxOnSeconds ?? DEFAULT_MAX_ON_SECONDS;
  if (!Number.isInteger(maxOnSeconds) || maxOnSeconds < 1 || maxOnSeconds > MAX_ON_SECONDS_LIMIT) {
    throw invalid(
      "invalid_max_on_seconds",
      `El tiempo máximo encendido del relé "${key}" debe ser de 1 a ${MAX_ON_SECONDS_LIMIT} segundos`,
    );
  }
  return { key, name, maxOnSeconds };
}

/**
 * Validates a device's sensors and relays together. Keys are unique across both lists: Home Assistant
 * builds entity ids from "<slug>_<key>", so a sensor and a relay with one key would collide there.
 */
export function cleanChannels(
  sensors: SensorInput[] = [],
  relays: RelayInput[] = [],
): { sensors: DeviceSensor[]; relays: DeviceRelay[] } {
  if (!Array.isArray(sensors) || sensors.length > MAX_SENSORS) {
    throw invalid("too_many_sensors", `Un equipo admite como máximo ${MAX_SENSORS} sensores`);
  }
  if (!Array.isArray(relays) || relays.length > MAX_RELAYS) {
    throw invalid("too_many_relays", `Un equipo admite como máximo ${MAX_RELAYS} relés`);
  }
  const clean = { sensors: sensors.map(cleanSensor), relays: relays.map(cleanRelay) };
  const seen = new Set<string>();
  for (const { key } of [...clean.sensors, ...clean.relays]) {
    if (seen.has(key))
      throw invalid("duplicate_key", `La clave "${key}" está repetida en este equipo`, { key });
    seen.add(key);
  }
  return clean;
}
