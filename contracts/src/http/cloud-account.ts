import { type Static, Type } from "@sinclair/typebox";

/**
 * The owner's dashboard session on the cloud: who logged in and for which organization. The cloud's
 * routes answer with these shapes (response schemas) and the dashboard reads them.
 */

export const AccountRole = Type.Union([Type.Literal("owner"), Type.Literal("manager")]);
export type AccountRole = Static<typeof AccountRole>;

export const AccountView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: AccountRole,
});
export type AccountView = Static<typeof AccountView>;

/** POST /v1/auth/login → the bearer token and who it belongs to. */
export const LoginAnswer = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  account: AccountView,
  tenantId: Type.String(),
});
export type LoginAnswer = Static<typeof LoginAnswer>;

/** GET /v1/me → the account and its organization (the shop's name the dashboard shows in its nav). */
export const MeAnswer = Type.Object({
  account: AccountView,
  organization: Type.Object({ id: Type.String(), name: Type.String() }),
});
export type MeAnswer = Static<typeof MeAnswer>;
