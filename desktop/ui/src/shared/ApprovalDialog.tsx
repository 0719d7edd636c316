import { useState } from "react";
import type { Approval } from "@mostrador/contracts/http/sales";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { pinRefusalText } from "../login/pin-refusal.js";
import { useSession } from "../session/session-store.js";
import { Dialog } from "./Dialog.js";
import { ErrorText } from "./ErrorText.js";
import "../login/login.css";

interface Props {
  /** Why approval is needed, e.g. the server's refusal. */
  reason: string;
  /** Resends the request with the approval; a throw (wrong PIN) keeps the dialog open with the message. */
  onApprove: (approval: Approval) => Promise<void>;
  onCancel: () => void;
}

/** A manager picks their name and types their PIN on the cashier's till; the server checks both. */
export function ApprovalDialog({ reason, onApprove, onCancel }: Props) {
  const t = useT();
  const format = useFormat();
  // Select the stable list, filter outside: a selector returning a new array each time re-renders forever (zustand 5).
  const staff = useSession((s) => s.options?.staff);
  const managers = (staff ?? []).filter((p) => p.role !== "cashier");
  const [staffId, setStaffId] = useState(managers[0]?.id ?? "");
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!staffId || !pin || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onApprove({ staffId, pin });
    } catch (e) {
      const manager = managers.find((m) => m.id === staffId)?.name ?? "";
      setError(pinRefusalText(t, format.time, e, manager) ?? format.error(e));
      setPin("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t("approval.title")} testId="approval-dialog" onClose={onCancel}>
      <p className="hint">{reason}</p>
      <div className="tiles small">
        {managers.map((m) => (
          <button
            key={m.id}
            type="button"
            className={m.id === staffId ? "tile selected" : "tile"}
            data-testid={`approval-manager-${m.name}`}
            onClick={() => setStaffId(m.id)}
          >
            {m.name}
          </button>
        ))}
      </div>
      <label>
        {t("approval.pin")}
        <input
          autoFocus
          type="password"
          inputMode="numeric"
          maxLength={12}
          value={pin}
          data-testid="approval-pin"
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ""))}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </label>
      <ErrorText text={error} testId="approval-error" />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!staffId || !pin || busy}
          data-testid="approval-submit"
          onClick={() => void submit()}
        >
          {t("approval.confirm")}
        </button>
      </div>
    </Dialog>
  );
}
