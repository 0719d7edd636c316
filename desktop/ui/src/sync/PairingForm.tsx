import { type FormEvent, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { CLOUD_URL_MAX, displayPairingCode, parseCloudUrl, parsePairingCode } from "./pairing-input.js";
import { useSync } from "./sync-store.js";

interface Props {
  /** The cloud this appliance is paired with (the field's default), or null when it is not paired. */
  currentUrl: string | null;
  /** Only when already paired: closes the form and keeps the current pairing. */
  onCancel?: () => void;
  onPaired: () => void;
}

/**
 * Cloud address + the 8-character code from the owner's dashboard → POST /api/sync/enroll. Both are checked
 * here first (pairing-input.ts); the cloud's refusal (wrong, expired or used code, unreachable) is shown as the
 * server words it. Re-pairing asks first, because the new credential replaces the current one.
 */
export function PairingForm({ currentUrl, onCancel, onPaired }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const enroll = useSync((s) => s.enroll);
  const [url, setUrl] = useState(currentUrl ?? "");
  const [code, setCode] = useState("");
  // A field's problem shows once the person left it or tried to pair, not while the first letters go in.
  const [touched, setTouched] = useState({ url: false, code: false });
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const urlResult = parseCloudUrl(url);
  const codeResult = parsePairingCode(code);
  const urlProblem = touched.url && !urlResult.ok ? t(`cloud.problem.${urlResult.problem}`) : null;
  const codeProblem = touched.code && !codeResult.ok ? t(`cloud.problem.${codeResult.problem}`) : null;

  const pair = async () => {
    if (!urlResult.ok || !codeResult.ok) return;
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      await enroll(urlResult.value, codeResult.value);
      setCode("");
      setTouched({ url: false, code: false });
      notify("info", t("cloud.paired.notice"));
      onPaired();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ url: true, code: true });
    if (busy || !urlResult.ok || !codeResult.ok) return;
    if (currentUrl !== null) setConfirming(true);
    else void pair();
  };

  return (
    <form className="pairing-form" data-testid="cloud-pair-form" onSubmit={submit} noValidate>
      <label>
        {t("cloud.url")}
        <input
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://nube.ejemplo.com"
          value={url}
          maxLength={CLOUD_URL_MAX + 20}
          data-testid="cloud-url"
          aria-invalid={urlProblem ? true : undefined}
          onChange={(e) => setUrl(e.target.value)}
          onBlur={() => setTouched((s) => ({ ...s, url: true }))}
        />
        {urlProblem && (
          <span className="field-error" data-testid="cloud-url-error">
            {urlProblem}
          </span>
        )}
      </label>
      <label>
        {t("cloud.code")}
        <input
          type="text"
          className="pairing-code-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="ABCD EFGH"
          value={code}
          maxLength={20}
          data-testid="cloud-code"
          aria-invalid={codeProblem ? true : undefined}
          onChange={(e) => setCode(displayPairingCode(e.target.value))}
          onBlur={() => setTouched((s) => ({ ...s, code: true }))}
        />
        <span className="field-hint">{t("cloud.codeHint")}</span>
        {codeProblem && (
          <span className="field-error" data-testid="cloud-code-error">
            {codeProblem}
          </span>
        )}
      </label>
      <ErrorText text={error} testId="cloud-pair-error" />
      <div className="row-form">
        <button type="submit" className="primary" data-testid="cloud-pair-submit" disabled={busy}>
          {busy ? t("cloud.pairing") : t("cloud.pair")}
        </button>
        {onCancel && (
          <button type="button" data-testid="cloud-pair-cancel" disabled={busy} onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
      </div>
      {confirming && (
        <Dialog
          title={t("cloud.repairTitle")}
          testId="cloud-repair-dialog"
          onClose={() => setConfirming(false)}
        >
          <p>{t("cloud.repairWarning", { url: currentUrl ?? "" })}</p>
          <div className="actions">
            <button type="button" data-testid="cloud-repair-cancel" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
            <button
              type="button"
              className="primary"
              data-testid="cloud-repair-confirm"
              onClick={() => void pair()}
            >
              {t("cloud.repairConfirm")}
            </button>
          </div>
        </Dialog>
      )}
    </form>
  );
}
