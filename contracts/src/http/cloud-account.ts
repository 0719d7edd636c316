import { type Static, Type } from "@sinclair/typebox";

/**
 * The dashboard's accounts on the cloud: sign-up, login (with an optional second factor), email
 * verification, password reset and change, sessions, TOTP, the people of an organization and their
 * invitations. The cloud's routes take these bodies and answer these shapes; the dashboard imports them.
 */

/** owner: everything; manager: the shop's day to day (not stores, people or billing); accountant: reads only. */
export const AccountRole = Type.Union([
  Type.Literal("owner"),
  Type.Literal("manager"),
  Type.Literal("accountant"),
]);
export type AccountRole = Static<typeof AccountRole>;

export const AccountView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: AccountRole,
  /** False until the emailed link is followed: the dashboard shows a banner and pairing waits. */
  emailVerified: Type.Boolean(),
});
export type AccountView = Static<typeof AccountView>;

/** POST /v1/auth/login (and sign-up, an accepted invitation, the second factor) → the bearer token. */
export const LoginAnswer = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  account: AccountView,
  tenantId: Type.String(),
});
export type LoginAnswer = Static<typeof LoginAnswer>;

/** POST /v1/auth/login when the account has TOTP on: send the code with this challenge (5 minutes). */
export const SecondFactorAnswer = Type.Object({
  secondFactor: Type.Literal(true),
  challenge: Type.String(),
  expiresAt: Type.String(),
});
export type SecondFactorAnswer = Static<typeof SecondFactorAnswer>;

export const LoginOrSecondFactor = Type.Union([LoginAnswer, SecondFactorAnswer]);
export type LoginOrSecondFactor = Static<typeof LoginOrSecondFactor>;

/** GET /v1/me → the account and its organization (the shop's name the dashboard shows in its nav). */
export const MeAnswer = Type.Object({
  account: AccountView,
  totpEnabled: Type.Boolean(),
  organization: Type.Object({
    id: Type.String(),
    name: Type.String(),
    rubro: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type MeAnswer = Static<typeof MeAnswer>;

const Email = Type.String({ minLength: 3, maxLength: 254, format: "email" });
const Password = Type.String({ minLength: 1, maxLength: 200 });
/** Emailed or interim tokens: a prefix and 43 base64url characters. */
const TokenString = Type.String({ minLength: 10, maxLength: 100, pattern: "^mo[a-z]_[A-Za-z0-9_-]+$" });
const TotpCode = Type.String({ minLength: 6, maxLength: 20, pattern: "^[0-9A-Za-z -]+$" });

/** The rubros offered at sign-up (the shop can be anything: "otro"). */
export const RUBROS = [
  "almacen",
  "kiosco",
  "ropa",
  "ferreteria",
  "libreria",
  "farmacia",
  "gastronomia",
  "belleza",
  "salud",
  "otro",
] as const;
export const Rubro = Type.Union(RUBROS.map((r) => Type.Literal(r)));
export type Rubro = Static<typeof Rubro>;

/** POST /v1/auth/signup → 201 LoginAnswer (logged in, unverified; the verification email is queued). */
export const SignUpBody = Type.Object(
  {
    businessName: Type.String({ minLength: 1, maxLength: 120, pattern: "\\S" }),
    rubro: Rubro,
    email: Email,
    password: Password,
    /** The terms must be accepted: anything but true is refused. */
    acceptTerms: Type.Literal(true),
  },
  { additionalProperties: false },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }), password: Password },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** POST /v1/auth/login/second-factor: a TOTP code or a recovery code. */
export const SecondFactorBody = Type.Object(
  { challenge: TokenString, code: TotpCode },
  { additionalProperties: false },
);
export type SecondFactorBody = Static<typeof SecondFactorBody>;

export const TokenBody = Type.Object({ token: TokenString }, { additionalProperties: false });
export type TokenBody = Static<typeof TokenBody>;

/** POST /v1/auth/verify-email → which address is now verified. */
export const VerifiedAnswer = Type.Object({ email: Type.String() });
export type VerifiedAnswer = Static<typeof VerifiedAnswer>;

/** POST /v1/auth/password-reset → 202, the same answer whether or not the email has an account. */
export const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export type ResetRequestBody = Static<typeof ResetRequestBody>;
export const AcceptedAnswer = Type.Object({ accepted: Type.Literal(true) });
export type AcceptedAnswer = Static<typeof AcceptedAnswer>;

/** POST /v1/auth/password-reset/confirm and POST /v1/auth/invitations/accept. */
export const TokenAndPasswordBody = Type.Object(
  { token: TokenString, password: Password },
  { additionalProperties: false },
);
export type TokenAndPasswordBody = Static<typeof TokenAndPasswordBody>;

/** POST /v1/auth/invitations/preview → what the invitation page shows before the password is set. */
export const InvitationPreview = Type.Object({
  organization: Type.String(),
  email: Type.String(),
  role: AccountRole,
  expiresAt: Type.String(),
});
export type InvitationPreview = Static<typeof InvitationPreview>;

/** POST /v1/account/password: the current password, and the new one (the other sessions end). */
export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const SessionView = Type.Object({
  id: Type.String(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String(),
  /** The session making this request. */
  current: Type.Boolean(),
});
export type SessionView = Static<typeof SessionView>;
/** GET /v1/account/sessions: the caller's own sessions, newest first. */
export const SessionList = Type.Object({ sessions: Type.Array(SessionView) });
export type SessionList = Static<typeof SessionList>;
/** POST /v1/account/sessions/revoke-others → how many ended. */
export const RevokedAnswer = Type.Object({ revoked: Type.Integer() });
export type RevokedAnswer = Static<typeof RevokedAnswer>;

/** POST /v1/account/totp/enroll: the password again, since it adds a factor to the account. */
export const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
export type PasswordBody = Static<typeof PasswordBody>;
/** → the secret (to type by hand) and the otpauth:// URI the screen shows as a QR. */
export const TotpEnrollment = Type.Object({ secret: Type.String(), uri: Type.String() });
export type TotpEnrollment = Static<typeof TotpEnrollment>;
/** POST /v1/account/totp/confirm and /disable: a code from the app (disable also takes a recovery code). */
export const CodeBody = Type.Object({ code: TotpCode }, { additionalProperties: false });
export type CodeBody = Static<typeof CodeBody>;
/** → the recovery codes, shown this once (only their hashes are kept). */
export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export type RecoveryCodes = Static<typeof RecoveryCodes>;

export const MemberView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: AccountRole,
  emailVerified: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  createdAt: Type.String(),
});
export type MemberView = Static<typeof MemberView>;
/** GET /v1/account/members: the people who can log in to the organization's dashboard. */
export const MemberList = Type.Object({ members: Type.Array(MemberView) });
export type MemberList = Static<typeof MemberList>;

export const InviteBody = Type.Object({ email: Email, role: AccountRole }, { additionalProperties: false });
export type InviteBody = Static<typeof InviteBody>;
export const InvitationView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: AccountRole,
  createdAt: Type.String(),
  sentAt: Type.String(),
  expiresAt: Type.String(),
  /** The link ran out: re-send it. */
  expired: Type.Boolean(),
});
export type InvitationView = Static<typeof InvitationView>;
/** GET /v1/account/invitations: the open ones (not accepted, not revoked). */
export const InvitationList = Type.Object({ invitations: Type.Array(InvitationView) });
export type InvitationList = Static<typeof InvitationList>;
