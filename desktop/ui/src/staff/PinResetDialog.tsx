import { useState } from "react";
import type { StaffMember } from "@mostrador/contracts/http/staff";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { PinFields } from "./PinFields.js";
import { pinProblem } from "./staff-form.js";
import { useStaff } from "./staff-store.js";

/** A manager or the owner sets a forgotten PIN; the server also lifts a running lockout and audits it. */
export function PinResetDialog({ member, onClose }: { member: StaffMember; onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const resetPin = useStaff((s) => s.resetPin);
  const [pin, setPin] = useState("");
  const [pinAgain, setPinAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const problem = pinProblem(pin, pinAgain);
    if (problem) return setError(t(`staff.problem.${problem}`));
    setBusy(true);
    setError(null);
    try {
      await resetPin(member.id, pin);
      notify("info", t("staff.pinChanged", { name: member.name }));
      onClose();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t("staff.resetPinTitle", { name: member.name })}
      testId="pin-reset-dialog"
      onClose={onClose}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p className="hint">{t("staff.resetPinHint")}</p>
        <PinFields
          pin={pin}
          pinAgain={pinAgain}
          onPin={setPin}
          onPinAgain={setPinAgain}
          testId="pin-reset"
          autoFocus
        />
        <ErrorText text={error} testId="pin-reset-error" />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="pin-reset-save">
            {t("common.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
