import type { TSchema } from "@sinclair/typebox";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { describeValidationError } from "../http/errors.js";
import { isUuid } from "../db/sql.js";
import { handlerFor, type IngestOp } from "./handlers.js";

/** One op's payload, serialized: larger than this is refused (the appliance parks it, the rest go on). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export interface RejectedOp {
  id: string;
  reason: string;
}

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

/** Where each projected entity's payload repeats its entityId: they must agree. */
function payloadIdOf(op: IngestOp): unknown {
  const p = op.payload as Record<string, unknown>;
  if (op.entity === "cash_session" && op.op === "closed") return p.sessionId;
  if (["sale", "return", "stock_movement", "cash_session", "alarm"].includes(op.entity)) return p.id;
  return op.entityId;
}

/** Why this op cannot be applied (es-AR, for the dead-letter list at the till), or null if it can. */
export function whyRejected(op: IngestOp): string | null {
  if (!isUuid(op.id)) return "El id de la operación no es un UUID";
  if (!Number.isSafeInteger(op.seq) || op.seq < 1) return "La secuencia de la operación no es válida";
  if (!Number.isFinite(Date.parse(op.createdAt))) return "La fecha de la operación no es válida";
  const handler = handlerFor(op.entity);
  if (!handler) return `La nube no conoce el tipo de dato "${op.entity}"`;
  const schema = handler.payloads ? (handler.payloads[op.op] ?? handler.payloads["*"]) : undefined;
  if (handler.payloads && !schema) return `La nube no conoce la operación "${op.op}" sobre "${op.entity}"`;
  if (op.payload === null || typeof op.payload !== "object" || Array.isArray(op.payload))
    return "El contenido de la operación debe ser un objeto";
  if (Buffer.byteLength(JSON.stringify(op.payload)) > MAX_PAYLOAD_BYTES)
    return `El contenido de la operación supera ${MAX_PAYLOAD_BYTES / 1024} KB`;
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
export function rejectedOps(ops: IngestOp[]): RejectedOp[] {
  const rejected: RejectedOp[] = [];
  for (const op of ops) {
    const reason = whyRejected(op);
    if (reason) rejected.push({ id: op.id, reason });
  }
  return rejected;
}
