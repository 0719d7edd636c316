import type { AccountRole, InvitationList, MemberList } from "@mostrador/contracts/http/cloud-account";
import { type FormEvent, useEffect, useState } from "react";
import { del, get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import { SecuritySection } from "./SecuritySection.js";
import "./team.css";

const ROLES: AccountRole[] = ["owner", "manager", "accountant"];

/** "Equipo y seguridad": who can enter the dashboard, invitations (owners), and the person's own security. */
export function TeamScreen() {
  const t = useT();
  const f = useFormat();
  const role = useSession((s) => s.session?.role);
  const owner = role === "owner";
  const members = useLoad<MemberList>(get, "/v1/account/members");
  const [email, setEmail] = useState("");
  const [inviteRole, setInviteRole] = useState<AccountRole>("manager");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  async function act(action: () => Promise<unknown>, done?: string) {
    setError(null);
    setNotice(null);
    try {
      await action();
      if (done) setNotice(done);
      members.reload();
      setGeneration((g) => g + 1);
    } catch (err) {
      setError(f.error(err));
    }
  }

  function invite(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      await post("/v1/account/invitations", { email: email.trim(), role: inviteRole });
      setEmail("");
    }, t("team.invited"));
  }

  return (
    <section className="team">
      <h2>{t("team.people")}</h2>
      <Status loading={members.loading && !members.data} error={members.error} reload={members.reload} />
      <table data-testid="members-table">
        <thead>
          <tr>
            <th>{t("login.email")}</th>
            <th>{t("team.role")}</th>
            <th>{t("team.verified")}</th>
            <th>{t("team.totp")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {members.data?.members.map((m) => (
            <tr key={m.id} data-testid={`member-${m.email}`}>
              <td>{m.email}</td>
              <td>{t(`role.${m.role}` as MessageKey)}</td>
              <td>{m.emailVerified ? t("team.yes") : t("team.no")}</td>
              <td>{m.totpEnabled ? t("team.yes") : t("team.no")}</td>
              <td>
                {owner ? (
                  <button
                    data-testid={`member-remove-${m.email}`}
                    onClick={() => void act(() => del(`/v1/account/members/${m.id}`), t("team.removed"))}
                  >
                    {t("team.remove")}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {owner ? (
        <>
          <h2>{t("team.invite")}</h2>
          <form className="toolbar" onSubmit={invite}>
            <input
              data-testid="invite-email"
              type="email"
              placeholder={t("login.email")}
              aria-label={t("login.email")}
              value={email}
              maxLength={254}
              required
              onChange={(e) => setEmail(e.target.value)}
            />
            <select
              data-testid="invite-role"
              aria-label={t("team.role")}
              value={inviteRole}
              onChange={(e) => setInviteRole(e.target.value as AccountRole)}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}` as MessageKey)}
                </option>
              ))}
            </select>
            <button type="submit" data-testid="invite-send">
              {t("team.send")}
            </button>
          </form>
          <p className="muted">{t("team.rolesHelp")}</p>
          <Invitations act={act} generation={generation} />
        </>
      ) : null}
      {notice ? (
        <p className="notice" role="status" data-testid="team-notice">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="team-error">
          {error}
        </p>
      ) : null}
      <SecuritySection />
    </section>
  );
}

function Invitations({
  act,
  generation,
}: {
  act(action: () => Promise<unknown>, done?: string): Promise<void>;
  generation: number;
}) {
  const t = useT();
  const f = useFormat();
  const list = useLoad<InvitationList>(get, "/v1/account/invitations");
  const { reload } = list;
  // Reloaded after each action of the screen (invite, resend, revoke).
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  if (!list.data || list.data.invitations.length === 0) return null;
  return (
    <table data-testid="invitations-table">
      <thead>
        <tr>
          <th>{t("login.email")}</th>
          <th>{t("team.role")}</th>
          <th>{t("team.sentAt")}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {list.data.invitations.map((i) => (
          <tr key={i.id} data-testid={`invitation-${i.email}`}>
            <td>{i.email}</td>
            <td>{t(`role.${i.role}` as MessageKey)}</td>
            <td>
              {f.dateTime(i.sentAt)} {i.expired ? t("team.expired") : ""}
            </td>
            <td>
              <button
                onClick={() =>
                  void act(() => post(`/v1/account/invitations/${i.id}/resend`), t("team.resent"))
                }
              >
                {t("team.resend")}
              </button>{" "}
              <button
                onClick={() =>
                  void act(() => post(`/v1/account/invitations/${i.id}/revoke`), t("team.revoked"))
                }
              >
                {t("team.revoke")}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
