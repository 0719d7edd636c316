import type { InvitationPreview, LoginAnswer, VerifiedAnswer } from "@mostrador/contracts/http/cloud-account";
import { type FormEvent, useEffect, useState } from "react";
import { post } from "../api/client.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";
import { useSession } from "../session/session-store.js";
import { usePublicNav } from "./public-nav.js";
import "../login/login.css";

function BackToLogin() {
  const t = useT();
  const go = usePublicNav((s) => s.go);
  return (
    <button type="button" className="link" data-testid="to-login" onClick={() => go("login")}>
      {t("links.toLogin")}
    </button>
  );
}

/** "Olvidé mi contraseña": the same answer whether or not the address has an account. */
export function ForgotPasswordScreen() {
  const t = useT();
  const f = useFormat();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await post("/v1/auth/password-reset", { email: email.trim() });
      setSent(true);
    } catch (err) {
      setError(f.error(err));
    }
  }
  return (
    <main className="login">
      <form onSubmit={submit} className="card">
        <h1>{t("forgot.title")}</h1>
        {sent ? (
          <p data-testid="forgot-sent">{t("forgot.sent")}</p>
        ) : (
          <>
            <label>
              {t("login.email")}
              <input
                data-testid="forgot-email"
                type="email"
                value={email}
                maxLength={254}
                required
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
            <button className="primary" type="submit" data-testid="forgot-submit">
              {t("forgot.submit")}
            </button>
          </>
        )}
        {error ? (
          <p className="error" role="alert" data-testid="forgot-error">
            {error}
          </p>
        ) : null}
        <BackToLogin />
      </form>
    </main>
  );
}

/** The verification link: confirms the email at once and says so. */
export function VerifyEmailScreen({ token }: { token: string }) {
  const t = useT();
  const f = useFormat();
  const [state, setState] = useState<{ email?: string; error?: string }>({});
  useEffect(() => {
    post<VerifiedAnswer>("/v1/auth/verify-email", { token }).then(
      (answer) => setState({ email: answer.email }),
      (err: unknown) => setState({ error: f.error(err) }),
    );
    // Once per link: the token is single-use.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);
  return (
    <main className="login">
      <div className="card">
        <h1>{t("verify.title")}</h1>
        {state.email ? <p data-testid="verify-done">{t("verify.done", { email: state.email })}</p> : null}
        {state.error ? (
          <p className="error" role="alert" data-testid="verify-error">
            {state.error}
          </p>
        ) : null}
        {!state.email && !state.error ? <p className="muted">{t("common.loading")}</p> : null}
        <BackToLogin />
      </div>
    </main>
  );
}

/** A password form for an emailed link: reset (then log in) or invitation (logged in at once). */
function NewPasswordForm({
  submitKey,
  onSubmit,
}: {
  submitKey: MessageKey;
  onSubmit(password: string): Promise<void>;
}) {
  const t = useT();
  const f = useFormat();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await onSubmit(password);
    } catch (err) {
      setError(f.error(err));
    }
  }
  return (
    <form onSubmit={submit}>
      <label>
        {t("links.newPassword")}
        <input
          data-testid="link-password"
          type="password"
          autoComplete="new-password"
          value={password}
          maxLength={200}
          required
          onChange={(e) => setPassword(e.target.value)}
        />
        <small className="muted">{t("signup.passwordRule")}</small>
      </label>
      {error ? (
        <p className="error" role="alert" data-testid="link-error">
          {error}
        </p>
      ) : null}
      <button className="primary" type="submit" data-testid="link-submit">
        {t(submitKey)}
      </button>
    </form>
  );
}

export function ResetPasswordScreen({ token }: { token: string }) {
  const t = useT();
  const [done, setDone] = useState(false);
  return (
    <main className="login">
      <div className="card">
        <h1>{t("reset.title")}</h1>
        {done ? (
          <p data-testid="reset-done">{t("reset.done")}</p>
        ) : (
          <NewPasswordForm
            submitKey="reset.submit"
            onSubmit={async (password) => {
              await post("/v1/auth/password-reset/confirm", { token, password });
              setDone(true);
            }}
          />
        )}
        <BackToLogin />
      </div>
    </main>
  );
}

export function AcceptInvitationScreen({ token }: { token: string }) {
  const t = useT();
  const f = useFormat();
  const adopt = useSession((s) => s.adopt);
  const go = usePublicNav((s) => s.go);
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    post<InvitationPreview>("/v1/auth/invitations/preview", { token }).then(setPreview, (err: unknown) =>
      setError(f.error(err)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);
  return (
    <main className="login">
      <div className="card">
        <h1>{t("invite.title")}</h1>
        {preview ? (
          <>
            <p data-testid="invite-who">
              {t("invite.who", {
                organization: preview.organization,
                email: preview.email,
                role: t(`role.${preview.role}` as MessageKey),
              })}
            </p>
            <NewPasswordForm
              submitKey="invite.submit"
              onSubmit={async (password) => {
                adopt(await post<LoginAnswer>("/v1/auth/invitations/accept", { token, password }));
                go("login");
              }}
            />
          </>
        ) : null}
        {error ? (
          <p className="error" role="alert" data-testid="invite-error">
            {error}
          </p>
        ) : null}
        <BackToLogin />
      </div>
    </main>
  );
}
