import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/**
 * "Tus datos y la cuenta" (cloud/src/tenant-data): the tenant's export (GET /v1/account/export, a zip:
 * no JSON schema) and closing the account with a notice period.
 */

/** GET /v1/account/closing: whether the account is closing and when its data will be erased. */
export const ClosingAnswer = Type.Object(
  {
    status: Type.Union([Type.Literal("active"), Type.Literal("closing")]),
    /** Null while active: the moment the tenant's data is erased. */
    eraseAfter: Nullable(Instant),
    /** How long the notice period is (days), to say so before closing. */
    noticeDays: Int,
  },
  Closed,
);
export type ClosingAnswer = Static<typeof ClosingAnswer>;

/** POST /v1/account/close (role owner): the password again, and the TOTP code when it is on. */
export const CloseAccountBody = Type.Object(
  {
    password: Type.String({ minLength: 1, maxLength: 200 }),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    /** The owner typed the business's name: an account is not closed by a stray click. */
    confirmName: Type.String({ minLength: 1, maxLength: 120 }),
  },
  Closed,
);
export type CloseAccountBody = Static<typeof CloseAccountBody>;

/** POST /v1/account/reopen (role owner), during the notice period. */
export const ReopenAccountBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 200 }) },
  Closed,
);
export type ReopenAccountBody = Static<typeof ReopenAccountBody>;
