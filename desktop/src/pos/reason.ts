import { DomainError } from "@mostrador/kernel/core/errors";

/** A reason typed by a person (void, return): required, one line, bounded. */
export function cleanReason(value: unknown, max = 200): string {
  const reason = typeof value === "string" ? value.trim().replace(/\s+/g, " ") : "";
  if (reason.length === 0) throw new DomainError("invalid", "reason_required", "Indicá el motivo");
  if (reason.length > max)
    throw new DomainError("invalid", "reason_too_long", `El motivo admite como máximo ${max} caracteres`);
  return reason;
}
