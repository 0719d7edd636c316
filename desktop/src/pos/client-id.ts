import { DomainError } from "@mostrador/kernel/core/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The till makes the id of a sale or a return (UUIDv7) before sending it, and resends the same id
 * after a network failure: it is the idempotency key, so it must be a well-formed UUID. Lower-cased
 * so "ABC…" and "abc…" can never become two sales.
 */
export function clientId(value: unknown, what: "venta" | "devolución" | "cambio" | "pago"): string {
  const id = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (!UUID.test(id)) {
    throw new DomainError(
      "invalid",
      "invalid_id",
      `El identificador ${what === "cambio" || what === "pago" ? "del" : "de la"} ${what} no es un UUID válido`,
    );
  }
  return id;
}
