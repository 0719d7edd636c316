/**
 * What went wrong, in terms each shell (HTTP, IPC, UI) maps to its own codes; the HTTP status of each
 * kind is written once, in http/error-handler.ts.
 * "locked": a person locked out for a while (too many wrong PINs). "unavailable": a device the action
 * needs (the receipt printer) cannot be reached right now. "gone": a one-time thing already used or
 * expired (a pairing code). "too_many_requests": slow down; details.retryAfterSeconds says for how long.
 */
export type RefusalKind =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "locked"
  | "too_many_requests"
  | "unavailable";

/**
 * A refusal by the domain, on the appliance or in the cloud. `code` is stable (the UIs and the
 * appliance branch on it); `message` is Spanish (es-AR), written for a person. Thrown inside a
 * transaction, it rolls it back: nothing changes. Each side narrows the kinds it uses (DomainError on
 * the appliance, CloudError in the cloud).
 */
export class Refusal<Kind extends RefusalKind = RefusalKind> extends Error {
  constructor(
    readonly kind: Kind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "Refusal";
  }
}
