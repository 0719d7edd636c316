import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { opSchema } from "./ops.js";

// TypeBox's Value checks only the formats it is told about: the two the map uses, read as the cloud's
// ajv-formats reads them (an RFC 3339 date-time with its zone, a UUID).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
if (!FormatRegistry.Has("date-time"))
  FormatRegistry.Set("date-time", (v) => DATE_TIME.test(v) && Number.isFinite(Date.parse(v)));
if (!FormatRegistry.Has("uuid")) FormatRegistry.Set("uuid", (v) => UUID.test(v));

/**
 * What in `payload` breaks the sync map's schema of (entity, op), one line per error ("/lines/0/total:
 * Expected integer"); empty when it conforms. For tests that hold what an appliance really writes
 * against what the cloud accepts; the cloud itself validates with its own compiled validators.
 */
export function syncPayloadErrors(entity: string, op: string, payload: unknown): string[] {
  const schema = opSchema(entity, op);
  if (!schema) return [`the sync map has no op "${op}" on "${entity}"`];
  if (Value.Check(schema, payload)) return [];
  return [...Value.Errors(schema, payload)].map((e) => `${e.path || "/"}: ${e.message}`);
}
