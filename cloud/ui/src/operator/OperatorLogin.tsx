import { type FormEvent, useState } from "react";
import { useLocale } from "../i18n/i18n.js";
import { useOperatorSession } from "./api.js";
import { opErrorText, useOpT } from "./i18n.js";

/** Email, password AND the authenticator's code, in one step: an operator has no login without it. */
export function OperatorLogin() {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const login = useOperatorSession((s) => s.login);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password, code.replace(/\s/g, ""));
    } catch (err) {
      setError(opErrorText(locale, err));
      setBusy(false);
    }
  }

  return (
    <main className="op-login">
      <form onSubmit={submit} className="card">
        <h1>{t("op.login.title")}</h1>
        <label>
          {t("op.login.email")}
          <input
            data-testid="op-email"
            type="email"
            autoComplete="username"
            value={email}
            maxLength={254}
            required
            autoFocus
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t("op.login.password")}
          <input
            data-testid="op-password"
            type="password"
            autoComplete="current-password"
            value={password}
            maxLength={200}
            required
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label>
          {t("op.login.code")}
          <input
            data-testid="op-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            minLength={6}
            maxLength={10}
            required
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        {error ? (
          <p className="error" role="alert" data-testid="op-login-error">
            {error}
          </p>
        ) : null}
        <button className="primary" type="submit" disabled={busy} data-testid="op-login-submit">
          {t("op.login.submit")}
        </button>
      </form>
    </main>
  );
}
