import type {
  MeAnswer,
  RecoveryCodes,
  SessionList,
  TotpEnrollment,
} from "@mostrador/contracts/http/cloud-account";
import { QRCodeSVG } from "qrcode.react";
import { type FormEvent, useState } from "react";
import { del, get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { useSession } from "../session/session-store.js";

/** The person's own security: password, sessions, and (owners) the TOTP second factor. */
export function SecuritySection() {
  const t = useT();
  const f = useFormat();
  const role = useSession((s) => s.session?.role);
  const sessions = useLoad<SessionList>(get, "/v1/account/sessions");
  const me = useLoad(get<MeAnswer>, "/v1/me");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");

  async function act(action: () => Promise<unknown>, done: string) {
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
      sessions.reload();
      me.reload();
    } catch (err) {
      setError(f.error(err));
    }
  }

  function changePassword(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      await post("/v1/account/password", { currentPassword: current, newPassword: next });
      setCurrent("");
      setNext("");
    }, t("security.passwordChanged"));
  }

  return (
    <>
      <h2>{t("security.password")}</h2>
      <form className="toolbar" onSubmit={changePassword}>
        <input
          data-testid="password-current"
          type="password"
          autoComplete="current-password"
          placeholder={t("security.current")}
          aria-label={t("security.current")}
          value={current}
          maxLength={200}
          required
          onChange={(e) => setCurrent(e.target.value)}
        />
        <input
          data-testid="password-new"
          type="password"
          autoComplete="new-password"
          placeholder={t("security.new")}
          aria-label={t("security.new")}
          value={next}
          maxLength={200}
          required
          onChange={(e) => setNext(e.target.value)}
        />
        <button type="submit" data-testid="password-save">
          {t("common.save")}
        </button>
      </form>

      <h2>{t("security.sessions")}</h2>
      <table data-testid="sessions-table">
        <thead>
          <tr>
            <th>{t("security.device")}</th>
            <th>{t("security.ip")}</th>
            <th>{t("security.created")}</th>
            <th>{t("security.lastUsed")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.data?.sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.userAgent ?? "—"}</td>
              <td>{s.ip ?? "—"}</td>
              <td>{f.dateTime(s.createdAt)}</td>
              <td>{s.lastUsedAt ? f.dateTime(s.lastUsedAt) : "—"}</td>
              <td>
                {s.current ? (
                  <span className="muted">{t("security.thisOne")}</span>
                ) : (
                  <button
                    onClick={() => void act(() => del(`/v1/account/sessions/${s.id}`), t("security.closed"))}
                  >
                    {t("security.close")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        data-testid="sessions-close-others"
        onClick={() => void act(() => post("/v1/account/sessions/revoke-others"), t("security.closedOthers"))}
      >
        {t("security.closeOthers")}
      </button>

      {role === "owner" && me.data ? <Totp enabled={me.data.totpEnabled} act={act} /> : null}
      {notice ? (
        <p className="notice" role="status" data-testid="security-notice">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="security-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** Enrol (password → QR → first code → recovery codes, shown once) or turn off with a code. */
function Totp({
  enabled,
  act,
}: {
  enabled: boolean;
  act(action: () => Promise<unknown>, done: string): Promise<void>;
}) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [enrolment, setEnrolment] = useState<TotpEnrollment | null>(null);
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState<string[] | null>(null);
  return (
    <>
      <h2>{t("totp.title")}</h2>
      <p className="muted">{enabled ? t("totp.on") : t("totp.off")}</p>
      {recovery ? (
        <div className="card" data-testid="totp-recovery">
          <p>{t("totp.recoveryHelp")}</p>
          <pre>{recovery.join("\n")}</pre>
        </div>
      ) : null}
      {enabled ? (
        <div className="toolbar">
          <input
            data-testid="totp-disable-code"
            inputMode="numeric"
            placeholder={t("totp.code")}
            aria-label={t("totp.code")}
            value={code}
            maxLength={20}
            onChange={(e) => setCode(e.target.value)}
          />
          <button
            data-testid="totp-disable"
            onClick={() =>
              void act(async () => {
                await post("/v1/account/totp/disable", { code: code.trim() });
                setCode("");
                setRecovery(null);
              }, t("totp.disabled"))
            }
          >
            {t("totp.disable")}
          </button>
        </div>
      ) : enrolment ? (
        <div className="totp-enrol">
          <QRCodeSVG value={enrolment.uri} size={180} data-testid="totp-qr" />
          <p className="muted">
            {t("totp.manual")} <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <div className="toolbar">
            <input
              data-testid="totp-code"
              inputMode="numeric"
              placeholder={t("totp.code")}
              aria-label={t("totp.code")}
              value={code}
              maxLength={20}
              onChange={(e) => setCode(e.target.value)}
            />
            <button
              data-testid="totp-confirm"
              onClick={() =>
                void act(async () => {
                  const answer = await post<RecoveryCodes>("/v1/account/totp/confirm", { code: code.trim() });
                  setRecovery(answer.recoveryCodes);
                  setEnrolment(null);
                  setCode("");
                }, t("totp.enabled"))
              }
            >
              {t("totp.confirm")}
            </button>
          </div>
        </div>
      ) : (
        <div className="toolbar">
          <input
            data-testid="totp-password"
            type="password"
            placeholder={t("login.password")}
            aria-label={t("login.password")}
            value={password}
            maxLength={200}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button
            data-testid="totp-start"
            onClick={() =>
              void act(async () => {
                setEnrolment(await post<TotpEnrollment>("/v1/account/totp/enroll", { password }));
                setPassword("");
              }, t("totp.scan"))
            }
          >
            {t("totp.start")}
          </button>
        </div>
      )}
    </>
  );
}
