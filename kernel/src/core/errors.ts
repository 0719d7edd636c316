import { Refusal } from "@mostrador/contracts/refusal";

/**
 * What went wrong, in terms a shell (HTTP, IPC, UI) can map to its own codes.
 * "unavailable": a device the action needs (the receipt printer) cannot be reached right now.
 */
export type ErrorKind =
  "invalid" | "not_found" | "conflict" | "forbidden" | "unauthorized" | "locked" | "unavailable";

/**
 * A refusal by the domain. `code` is stable (the UI translates it); `message` is Spanish (es-AR),
 * written for a person at the till. Throwing inside a transaction rolls it back: nothing changes.
 */
export class DomainError extends Refusal<ErrorKind> {
  override name = "DomainError";
}
