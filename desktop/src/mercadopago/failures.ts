import { DomainError } from "@mostrador/kernel/core/errors";
import { MercadoPagoError } from "@mostrador/platform/mercadopago/api";

/**
 * A failed Mercado Pago call as the refusal the till shows. "Sin conexión" is its own code
 * (mercadopago_unreachable, HTTP 503) so the payment dialog says so and offers the other methods.
 */
export function refusalOf(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (!(err instanceof MercadoPagoError)) throw err;
  switch (err.failure) {
    case "unreachable":
    case "server":
      return new DomainError(
        "unavailable",
        "mercadopago_unreachable",
        "Sin conexión con Mercado Pago: cobrá con otro medio de pago o probá de nuevo",
      );
    case "unauthorized":
      return new DomainError(
        "invalid",
        "mercadopago_token_refused",
        "Mercado Pago rechazó el token de acceso: copialo de nuevo desde Tus integraciones → Credenciales",
      );
    case "not_found":
      return new DomainError("not_found", "mercadopago_not_found", err.message);
    case "refused":
      return new DomainError("conflict", "mercadopago_refused", err.message);
  }
}

/** Whether the failure leaves the outcome of a write unknown (retry with the same key). */
export const outcomeUnknown = (err: unknown): boolean =>
  err instanceof MercadoPagoError && (err.failure === "unreachable" || err.failure === "server");
