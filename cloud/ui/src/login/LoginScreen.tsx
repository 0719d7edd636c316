import { type FormEvent, useState } from "react";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { useSession } from "../session/session-store.js";
import { usePublicNav } from "../signup/public-nav.js";
import "./login.css";

/** Email + password, then (an owner with TOTP on) the code from the app or a recovery code. */
export function LoginScreen() {
  const t = useT();
  const f = useFormat();
  const { login, secondFactor } = useSession();
  const go = usePublicNav((s) => s.go);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (challenge) await secondFactor(challenge, code.trim());
      else {
        const next = await login(email.trim(), password);
        if (next) {
          setChallenge(next.challenge);
          setBusy(false);
        }
      }
    } catch (err) {
      setError(f.error(err));
      setBusy(false);
      // The challenge ran out (5 minutes, or five wrong codes): start again from the password.
      if ((err as { code?: string }).code === "challenge_expired") setChallenge(null);
    }
  }

  return (
    <main className="login">
      <form onSubmit={submit} className="card">
        <h1>{t("login.title")}</h1>
        {challenge ? (
          <label>
            {t("login.code")}
            <input
              data-testid="login-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              maxLength={20}
              required
              autoFocus
              onChange={(e) => setCode(e.target.value)}
            />
            <small className="muted">{t("login.codeHelp")}</small>
          </label>
        ) : (
          <>
            <label>
              {t("login.email")}
              <input
                data-testid="login-email"
                type="email"
                autoComplete="username"
                value={email}
                maxLength={254}
                required
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
            <label>
              {t("login.password")}
              <input
                data-testid="login-password"
                type="password"
                autoComplete="current-password"
                value={password}
                maxLength={200}
                required
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          </>
        )}
        {error ? (
          <p className="error" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <button className="primary" type="submit" disabled={busy} data-testid="login-submit">
          {t("login.submit")}
        </button>
        <button type="button" className="link" data-testid="login-to-signup" onClick={() => go("signup")}>
          {t("login.signup")}
        </button>
        <button type="button" className="link" data-testid="login-to-forgot" onClick={() => go("forgot")}>
          {t("login.forgot")}
        </button>
      </form>
    </main>
  );
}
