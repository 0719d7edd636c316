import { Refusal } from "@mostrador/contracts/refusal";

/** What went wrong, in terms the HTTP layer maps to a status (@mostrador/platform/http/error-handler). */
export type CloudErrorKind =
  "invalid" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "gone" | "too_many_requests";

/**
 * A refusal. `code` is stable (the dashboard and the appliance branch on it); `message` is Spanish
 * (es-AR), for a person. Thrown inside `sql.tx`/`withTenant`, it rolls the transaction back.
 */
export class CloudError extends Refusal<CloudErrorKind> {
  override name = "CloudError";
}

/** PostgreSQL's unique_violation: a UNIQUE index refused the row. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "23505";
}
