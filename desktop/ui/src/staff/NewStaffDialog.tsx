import { useState } from "react";
import type { Role } from "@mostrador/contracts/http/staff";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { PinFields } from "./PinFields.js";
import { RoleSelect } from "./RoleSelect.js";
import { newStaffBody, STAFF_NAME_MAX } from "./staff-form.js";
import { useStaff } from "./staff-store.js";

/** Name, role and a PIN typed twice; the server checks again (a name already active, PIN format). */
export function NewStaffDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const create = useStaff((s) => s.create);
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("cashier");
  const [pin, setPin] = useState("");
  const [pinAgain, setPinAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const body = newStaffBody({ name, role, pin, pinAgain });
    if ("problem" in body) return setError(t(`staff.problem.${body.problem}`));
    setBusy(true);
    setError(null);
    try {
      const created = await create(body);
      notify("info", t("staff.created", { name: created.name }));
      onClose();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t("staff.new")} testId="staff-editor" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t("staff.name")}
          <input
            autoFocus
            type="text"
            autoComplete="off"
            maxLength={STAFF_NAME_MAX}
            value={name}
            data-testid="staff-name"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {/* RoleSelect renders the <select> inside the label */}
        <label>
          {t("staff.role")}
          <RoleSelect value={role} testId="staff-new-role" onChange={setRole} />
        </label>
        <PinFields pin={pin} pinAgain={pinAgain} onPin={setPin} onPinAgain={setPinAgain} testId="staff-new" />
        <ErrorText text={error} testId="staff-form-error" />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="staff-save">
            {t("staff.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
