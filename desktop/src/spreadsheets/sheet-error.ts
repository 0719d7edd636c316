import { DomainError } from "@mostrador/kernel/core/errors";

/** A refusal of the whole file (not of one row): unreadable, too big, missing columns. */
export const fileRefusal = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);
