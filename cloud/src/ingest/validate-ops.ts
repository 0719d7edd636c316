import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { RejectedOp } from "@mostrador/contracts/http/cloud-ingest";
import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { describeValidationError } from "@mostrador/platform/http/validation-messages";
import { describeTextProblem, findTextProblem, textFault } from "@mostrador/contracts/text";
import { isUuid } from "../db/sql.js";
import type { Projections } from "./handlers.js";

/** One op's payload, serialized: larger than this is refused (the appliance parks it, the rest go on). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export type { RejectedOp };

const ajv = addFormats.default(new Ajv({ coerceTypes: false, allErrors: false, strict: false }));
const compiled = new WeakMap<TSchema, ValidateFunction>();

function validatorFor(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/**
 * Entities whose payload repeats the op's entityId as `id`. They must agree: the store check (`owns`)
 * reads the envelope's id while the projection writes the payload's, so a mismatch could slip another
 * store's row past the check.
 */
const PAYLOAD_ID_ENTITIES = new Set([
  "sale",
  "return",
  "stock_movement",
  "cash_session",
  "alarm",
  "category",
  "card",
  "card_entry",
  "account_entry",
  "loyalty_entry",
  "allowance_entry",
  "turno_booking",
  "turno_professional",
  "turno_service",
  "turno_exception",
  "turno_allotment",
]);

/** Where each projected entity's payload repeats its entityId: they must agree. */
function payloadIdOf(op: IngestOp): unknown {
  const p = op.payload as Record<string, unknown>;
  if (op.entity === "cash_session" && op.op === "closed") return p.sessionId;
  if (PAYLOAD_ID_ENTITIES.has(op.entity)) return p.id;
  return op.entityId;
}

const ENVELOPE_TEXT = ["entity", "entityId", "op", "createdAt"] as const;

/**
 * The payload's text, deep, keys included: no control character (U+0000 would make PostgreSQL refuse the
 * batch's text and jsonb, a 500 that jammed every upload) and no lone surrogate (jsonb refuses "\ud800").
 * TAB, LF and CR are let through in values: a payload is the appliance's own record, whose API already
 * keeps them to multi-line fields (the receipt footer of shop_settings), and PostgreSQL stores them
 * fine; parking a sale for a line break an older appliance let into a note would hide a real sale.
 * Keys stay strict.
 */
const PAYLOAD_VALUES_MAY_BREAK_LINES = (): boolean => true;

/**
 * Whether the payload's walk (findTextProblem) could find anything, judged from its serialized text in
 * one pass: JSON.stringify writes every C0 control character (TAB, LF and CR included) and every lone
 * surrogate as a backslash escape, and leaves DEL and C1 controls as they are. So a serialization with
 * no backslash, no control character and no surrogate holds no string or key the policy refuses; the
 * walk, which took a third of the per-op validation, runs only for the payloads that have one (it then
 * finds the field, or that it was only an escaped quote or an emoji).
 */
function mayHoldTextProblem(json: string): boolean {
  // A regular expression scans the text several times faster than textFault's loop.
  return MAY_HOLD_TEXT_PROBLEM.test(json);
}

// Control characters are what it looks for; no `u` flag, so it matches lone surrogate code units too.
// eslint-disable-next-line no-control-regex
const MAY_HOLD_TEXT_PROBLEM = /[\\\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;

/** Why this op cannot be applied (es-AR, for the dead-letter list at the till), or null if it can. */
export function whyRejected(op: IngestOp, projections: Projections): string | null {
  if (!isUuid(op.id)) return "El id de la operación no es un UUID";
  if (!Number.isSafeInteger(op.seq) || op.seq < 1) return "La secuencia de la operación no es válida";
  // The envelope's text, before any reason repeats it: single-line, no control character, no lone surrogate.
  for (const field of ENVELOPE_TEXT) {
    const fault = textFault(op[field]);
    if (fault) return describeTextProblem({ path: [field], inKey: false, fault }, field);
  }
  if (!Number.isFinite(Date.parse(op.createdAt))) return "La fecha de la operación no es válida";
  const handler = projections.get(op.entity);
  if (!handler) return `La nube no conoce el tipo de dato "${op.entity}"`;
  const schema = handler.payloads ? (handler.payloads[op.op] ?? handler.payloads["*"]) : undefined;
  if (handler.payloads && !schema) return `La nube no conoce la operación "${op.op}" sobre "${op.entity}"`;
  if (op.payload === null || typeof op.payload !== "object" || Array.isArray(op.payload))
    return "El contenido de la operación debe ser un objeto";
  const json = JSON.stringify(op.payload);
  // A UTF-16 code unit is at most 3 bytes of UTF-8: most payloads are known small without counting.
  if (json.length * 3 > MAX_PAYLOAD_BYTES && Buffer.byteLength(json) > MAX_PAYLOAD_BYTES)
    return `El contenido de la operación supera ${MAX_PAYLOAD_BYTES / 1024} KB`;
  if (mayHoldTextProblem(json)) {
    const textProblem = findTextProblem(op.payload, PAYLOAD_VALUES_MAY_BREAK_LINES);
    if (textProblem) return describeTextProblem(textProblem, "payload");
  }
  if (schema) {
    const validate = validatorFor(schema);
    if (!validate(op.payload)) {
      const first = validate.errors?.[0];
      return first ? describeValidationError(first, "payload") : "El contenido de la operación no es válido";
    }
  }
  if (payloadIdOf(op) !== op.entityId) return "El id del contenido no coincide con el de la operación";
  return null;
}

/** Every op the batch cannot apply, with its reason. */
export function rejectedOps(ops: IngestOp[], projections: Projections): RejectedOp[] {
  const rejected: RejectedOp[] = [];
  for (const op of ops) {
    const reason = whyRejected(op, projections);
    if (reason) rejected.push({ id: op.id, reason });
  }
  return rejected;
}
