import { useEffect, useState } from "react";
import type { StaffOption } from "@mostrador/contracts/http/staff";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { PinPad } from "./PinPad.js";
import { pinRefusalText } from "./pin-refusal.js";
import "./login.css";

/** Choose the till once (remembered), then a staff tile, then the PIN. */
export function LoginScreen() {
  const t = useT();
  const format = useFormat();
  const toggleLocale = useLocale((s) => s.toggle);
  const { options, terminalId, loadOptions, chooseTerminal, login } = useSession();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [staff, setStaff] = useState<StaffOption | null>(null);
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => {
    setLoadError(null);
    loadOptions().catch((e) => setLoadError(format.error(e)));
  };
  // runs on mount (or when the listed key changes), not on every render.
  useEffect(load, []);

  const submit = async () => {
    if (!staff || !pin || busy) return;
    setBusy(true);
    setError(null);
    try {
      await login(staff.id, pin);
    } catch (e) {
      setPin("");
      setError(pinRefusalText(t, format.time, e, staff.name) ?? format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const terminal = options?.terminals.find((x) => x.id === terminalId);

  return (
    <main className="login" data-testid="login-screen">
      <header className="login-header">
        <h1>{t("app.name")}</h1>
        {terminal && (
          <span data-testid="login-terminal-name">
            {terminal.name}{" "}
            <button
              type="button"
              className="link"
              data-testid="login-change-terminal"
              onClick={() => chooseTerminal(null)}
            >
              {t("login.changeTerminal")}
            </button>
          </span>
        )}
        <button type="button" data-testid="lang-toggle" onClick={toggleLocale}>
          {t("app.language")}
        </button>
      </header>
      {loadError && (
        <div>
          <ErrorText text={loadError} />
          <button type="button" onClick={load}>
            {t("common.retry")}
          </button>
        </div>
      )}
      {!options && !loadError && <p>{t("common.loading")}</p>}
      {options && !terminal && (
        <section>
          <h2>{t("login.chooseTerminal")}</h2>
          {options.terminals.length === 0 && <p>{t("login.noTerminals")}</p>}
          <div className="tiles">
            {options.terminals.map((x) => (
              <button
                key={x.id}
                type="button"
                className="tile"
                data-testid={`login-terminal-${x.code}`}
                onClick={() => chooseTerminal(x.id)}
              >
                <strong>{x.code}</strong>
                <span>{x.name}</span>
              </button>
            ))}
          </div>
        </section>
      )}
      {options && terminal && (
        <section className="login-body">
          <div>
            <h2>{t("login.chooseStaff")}</h2>
            <div className="tiles">
              {options.staff.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  className={s.id === staff?.id ? "tile selected" : "tile"}
                  data-testid={`login-staff-${s.name}`}
                  onClick={() => {
                    setStaff(s);
                    setPin("");
                    setError(null);
                  }}
                >
                  <strong>{s.name}</strong>
                  <span>{t(`role.${s.role}`)}</span>
                </button>
              ))}
            </div>
          </div>
          {staff && (
            <div className="login-pin">
              <h2>{t("login.enterPin", { name: staff.name })}</h2>
              <PinPad
                key={staff.id}
                pin={pin}
                onChange={setPin}
                onSubmit={() => void submit()}
                disabled={busy}
              />
              <ErrorText text={error} testId="login-error" />
            </div>
          )}
        </section>
      )}
    </main>
  );
}
