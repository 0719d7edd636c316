import { ApiError } from "@mostrador/contracts/http-client";
import { useEffect, useState } from "react";
import { get, post } from "../api/client.js";
import type { Approval, Sale, SaleSummary } from "@mostrador/contracts/http/sales";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ApprovalDialog } from "../shared/ApprovalDialog.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";

interface Props {
  summary: SaleSummary;
  onClose: () => void;
  /** Called with the voided sale once the server has recorded the void. */
  onVoided: (sale: Sale) => void;
}

/** A refusal that a manager's PIN can overcome (the contract's `approval`), as opposed to "no" for everyone. */
const needsManager = (e: unknown) =>
  e instanceof ApiError && (e.status === 403 || (e.status === 401 && e.code !== "not_logged_in"));

/**
 * Voids a completed sale of the open cash session: stock comes back, the money leaves the drawer. A sale with
 * returns cannot be voided (the return already moved money), so the sale is read first and the action hidden.
 * A cashier's attempt is refused with approval_required; a manager then types their PIN on this till.
 */
export function VoidSaleDialog({ summary, onClose, onVoided }: Props) {
  const t = useT();
  const format = useFormat();
  const [sale, setSale] = useState<Sale | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [approvalReason, setApprovalReason] = useState<string | null>(null);

  // runs once per sale.
  useEffect(() => {
    get<Sale>(`/api/sales/${encodeURIComponent(summary.id)}`)
      .then(setSale)
      .catch((e) => setError(format.error(e)));
  }, [summary.id]);

  const hasReturns = (sale?.returns.length ?? 0) > 0;
  const ready = sale !== null && sale.status === "completed" && !hasReturns && reason.trim().length > 0;

  /** Without approval a refusal is shown here (or opens the approval dialog); with one it is thrown to that dialog. */
  const send = async (approval: Approval | null) => {
    setBusy(true);
    setError(null);
    try {
      const voided = await post<Sale>(`/api/sales/${encodeURIComponent(summary.id)}/void`, {
        reason: reason.trim(),
        ...(approval ? { approval } : {}),
      });
      setApprovalReason(null);
      onVoided(voided);
    } catch (e) {
      if (approval) throw e;
      if (needsManager(e)) setApprovalReason(format.error(e));
      else setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  if (approvalReason) {
    return (
      <ApprovalDialog
        reason={approvalReason}
        onApprove={(approval) => send(approval)}
        onCancel={() => setApprovalReason(null)}
      />
    );
  }

  return (
    <Dialog title={t("void.title", { number: summary.displayNumber })} testId="void-dialog" onClose={onClose}>
      <p data-testid="void-summary">
        {format.dateTime(summary.createdAt)} · {summary.staffName ?? ""} ·{" "}
        <strong>{format.money(summary.total)}</strong>
      </p>
      {hasReturns ? (
        <p className="warning" data-testid="void-has-returns">
          {t("void.hasReturns")}
        </p>
      ) : (
        <p className="hint">{t("void.explain")}</p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) void send(null);
        }}
      >
        <label>
          {t("void.reason")}
          <input
            autoFocus
            type="text"
            maxLength={200}
            value={reason}
            disabled={hasReturns}
            data-testid="void-reason"
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <ErrorText text={error} testId="void-error" />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            className="primary danger"
            disabled={!ready || busy}
            data-testid="void-submit"
          >
            {t("void.submit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
