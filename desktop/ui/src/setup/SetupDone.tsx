import { useState } from "react";
import { rubroPreset } from "@mostrador/contracts/setup/rubros";
import { post } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import type { MessageKey } from "../i18n/i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { PairingForm } from "../sync/PairingForm.js";
import type { SetupForm } from "./setup-form.js";

/**
 * After the setup went through and the owner is logged in: a test page on the printer (the receipts
 * module's own), pairing with the cloud if the shop has one, and what the rubro suggests to do next.
 */
export function SetupDone({ form, onDone }: { form: SetupForm; onDone: () => void }) {
  const t = useT();
  const format = useFormat();
  const [printResult, setPrintResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [printing, setPrinting] = useState(false);
  const [pairing, setPairing] = useState(false);
  const [paired, setPaired] = useState(false);
  const preset = rubroPreset(form.rubro);

  const testPrint = async () => {
    setPrinting(true);
    setPrintResult(null);
    try {
      await post("/api/printer/test", { openDrawer: false });
      setPrintResult({ ok: true, text: t("settings.testPrinted") });
    } catch (e) {
      setPrintResult({ ok: false, text: format.error(e) });
    } finally {
      setPrinting(false);
    }
  };

  return (
    <main className="setup" data-testid="setup-done">
      <section className="card">
        <h1>{t("setup.doneTitle", { name: form.name.trim() })}</h1>
        <p>{t("setup.doneOwner", { name: form.ownerName.trim() })}</p>
        {form.printer === "network" && (
          <p>
            <button
              type="button"
              data-testid="setup-test-print"
              disabled={printing}
              onClick={() => void testPrint()}
            >
              {t("settings.testPrinter")}
            </button>{" "}
            {printResult?.ok && (
              <span className="ok-text" data-testid="setup-test-print-ok">
                {printResult.text}
              </span>
            )}
            <ErrorText
              text={printResult && !printResult.ok ? printResult.text : null}
              testId="setup-test-print-error"
            />
          </p>
        )}
        <h2>{t("setup.cloudTitle")}</h2>
        {paired ? (
          <p className="ok-text">{t("setup.cloudPaired")}</p>
        ) : pairing ? (
          <PairingForm currentUrl={null} onPaired={() => setPaired(true)} />
        ) : (
          <p>
            {t("setup.cloudHint")}{" "}
            <button type="button" data-testid="setup-pair" onClick={() => setPairing(true)}>
              {t("setup.cloudPair")}
            </button>
          </p>
        )}
        <h2>{t("setup.nextSteps")}</h2>
        <ul data-testid="setup-suggestions">
          {preset.suggestedModules.map((m) => (
            <li key={m}>{t(`setup.suggest.${m}` as MessageKey)}</li>
          ))}
        </ul>
        <button type="button" className="primary" data-testid="setup-go" onClick={onDone}>
          {t("setup.go")}
        </button>
      </section>
    </main>
  );
}
