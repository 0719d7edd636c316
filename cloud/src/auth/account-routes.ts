import {
  ChangePasswordBody,
  CodeBody,
  InvitationList,
  InvitationView,
  InviteBody,
  MemberList,
  PasswordBody,
  RecoveryCodes,
  RevokedAnswer,
  SessionList,
  TotpEnrollment,
} from "@mostrador/contracts/http/cloud-account";
import type { AccountsConfig } from "./config.js";
import { invite, listInvitations, resendInvitation, revokeInvitation } from "./invitations.js";
import { listMembers, removeMember } from "./members.js";
import { changePassword } from "./password-reset.js";
import { listSessions, revokeOtherSessions, revokeSession } from "./sessions.js";
import { resendVerification } from "./signup.js";
import { confirmTotp, disableTotp, enrollTotp } from "./totp.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { EmptyBody, IdParams } from "../http/schemas.js";

/**
 * The logged-in person's own account (`selfService`: open to every role, the read-only accountant
 * included — it is their password and their sessions) and the organization's people (owners only;
 * inviting waits for a verified email, since each invitation is an email we send for the tenant).
 */
export const accountRoutes =
  (config: AccountsConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (app) => {
    app.post(
      "/account/verification-email",
      { config: { selfService: true }, schema: { body: EmptyBody } },
      async (request, reply) => {
        const me = ownerOf(request);
        await resendVerification(sql, me.tenantId, me.accountId, clock, config.publicUrl);
        return reply.status(202).send();
      },
    );

    app.post(
      "/account/password",
      { config: { selfService: true }, schema: { body: ChangePasswordBody } },
      async (request, reply) => {
        const { currentPassword, newPassword } = request.body as ChangePasswordBody;
        await changePassword(sql, ownerOf(request), currentPassword, newPassword, clock);
        return reply.status(204).send();
      },
    );

    app.get("/account/sessions", { schema: { response: { 200: SessionList } } }, async (request) => ({
      sessions: await listSessions(sql, ownerOf(request), clock),
    }));

    app.delete(
      "/account/sessions/:id",
      { config: { selfService: true }, schema: { params: IdParams } },
      async (request, reply) => {
        await revokeSession(sql, ownerOf(request), (request.params as { id: string }).id);
        return reply.status(204).send();
      },
    );

    app.post(
      "/account/sessions/revoke-others",
      { config: { selfService: true }, schema: { body: EmptyBody, response: { 200: RevokedAnswer } } },
      async (request) => ({ revoked: await revokeOtherSessions(sql, ownerOf(request)) }),
    );

    // The second factor is for owners: they hold the keys to everything else.
    app.post(
      "/account/totp/enroll",
      {
        preHandler: requireRole("owner"),
        schema: { body: PasswordBody, response: { 200: TotpEnrollment } },
      },
      async (request) =>
        enrollTotp(sql, ownerOf(request), (request.body as PasswordBody).password, config.secrets),
    );

    app.post(
      "/account/totp/confirm",
      { preHandler: requireRole("owner"), schema: { body: CodeBody, response: { 200: RecoveryCodes } } },
      async (request) => ({
        recoveryCodes: await confirmTotp(
          sql,
          ownerOf(request),
          (request.body as CodeBody).code,
          config.secrets,
          clock,
        ),
      }),
    );

    app.post(
      "/account/totp/disable",
      { preHandler: requireRole("owner"), schema: { body: CodeBody } },
      async (request, reply) => {
        await disableTotp(sql, ownerOf(request), (request.body as CodeBody).code, config.secrets, clock);
        return reply.status(204).send();
      },
    );

    app.get("/account/members", { schema: { response: { 200: MemberList } } }, async (request) => ({
      members: await listMembers(sql, ownerOf(request).tenantId),
    }));

    app.delete(
      "/account/members/:id",
      { preHandler: requireRole("owner"), schema: { params: IdParams } },
      async (request, reply) => {
        await removeMember(sql, ownerOf(request).tenantId, (request.params as { id: string }).id);
        return reply.status(204).send();
      },
    );

    app.get(
      "/account/invitations",
      { preHandler: requireRole("owner"), schema: { response: { 200: InvitationList } } },
      async (request) => ({ invitations: await listInvitations(sql, ownerOf(request).tenantId, clock) }),
    );

    app.post(
      "/account/invitations",
      {
        config: { verified: true },
        preHandler: requireRole("owner"),
        schema: { body: InviteBody, response: { 201: InvitationView } },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await invite(sql, ownerOf(request), request.body as InviteBody, clock, config.publicUrl)),
    );

    app.post(
      "/account/invitations/:id/resend",
      {
        config: { verified: true },
        preHandler: requireRole("owner"),
        schema: { params: IdParams, body: EmptyBody, response: { 200: InvitationView } },
      },
      async (request) =>
        resendInvitation(
          sql,
          ownerOf(request),
          (request.params as { id: string }).id,
          clock,
          config.publicUrl,
        ),
    );

    app.post(
      "/account/invitations/:id/revoke",
      { preHandler: requireRole("owner"), schema: { params: IdParams, body: EmptyBody } },
      async (request, reply) => {
        await revokeInvitation(sql, ownerOf(request).tenantId, (request.params as { id: string }).id, clock);
        return reply.status(204).send();
      },
    );
  };
