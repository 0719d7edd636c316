import { RUBROS, type LoginAnswer, type Rubro } from "@mostrador/contracts/http/cloud-account";
import { type FormEvent, useState } from "react";
import { post } from "../api/client.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";
import { useSession } from "../session/session-store.js";
import { usePublicNav } from "./public-nav.js";
import "../login/login.css";

/** Self-service sign-up: the business, its rubro, the owner's email and password, the terms. */
export function SignUpScreen() {
  const t = useT();
  const f = useFormat();
  const adopt = useSession((s) => s.adopt);
  const go = usePublicNav((s) => s.go);
  const [businessName, setBusinessName] = useState("");
  const [rubro, setRubro] = useState<Rubro>("almacen");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [acceptTerms, setAcceptTerms] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      adopt(
        await post<LoginAnswer>("/v1/auth/signup", {
          businessName: businessName.trim(),
          rubro,
          email: email.trim(),
          password,
          acceptTerms,
        }),
      );
    } catch (err) {
      setError(f.error(err));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form onSubmit={submit} className="card">
        <h1>{t("signup.title")}</h1>
        <p className="muted">{t("signup.intro")}</p>
        <label>
          {t("signup.businessName")}
          <input
            data-testid="signup-business"
            value={businessName}
            maxLength={120}
            required
            autoComplete="organization"
            onChange={(e) => setBusinessName(e.target.value)}
          />
        </label>
        <label>
          {t("signup.rubro")}
          <select
            data-testid="signup-rubro"
            value={rubro}
            onChange={(e) => setRubro(e.target.value as Rubro)}
          >
            {RUBROS.map((r) => (
              <option key={r} value={r}>
                {t(`rubro.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("login.email")}
          <input
            data-testid="signup-email"
            type="email"
            autoComplete="email"
            value={email}
            maxLength={254}
            required
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t("login.password")}
          <input
            data-testid="signup-password"
            type="password"
            autoComplete="new-password"
            value={password}
            maxLength={200}
            required
            onChange={(e) => setPassword(e.target.value)}
          />
          <small className="muted">{t("signup.passwordRule")}</small>
        </label>
        <label className="check">
          <input
            data-testid="signup-terms"
            type="checkbox"
            checked={acceptTerms}
            onChange={(e) => setAcceptTerms(e.target.checked)}
          />
          {t("signup.terms")}
        </label>
        {error ? (
          <p className="error" role="alert" data-testid="signup-error">
            {error}
          </p>
        ) : null}
        <button className="primary" type="submit" disabled={busy || !acceptTerms} data-testid="signup-submit">
          {t("signup.submit")}
        </button>
        <button type="button" className="link" data-testid="signup-to-login" onClick={() => go("login")}>
          {t("signup.haveAccount")}
        </button>
      </form>
    </main>
  );
}
