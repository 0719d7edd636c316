import { useT } from "../i18n/use-i18n.js";
import { Dialog } from "./Dialog.js";

interface Props {
  title: string;
  /** What will happen, said plainly (and whether it can be undone). */
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * "Are you sure?" before something that cannot be taken back (emptying a ticket, the Z close). Keyboard-first:
 * the confirm button opens focused, so Enter confirms; Esc cancels; on close the keyboard goes back home
 * (the scanner field on the till), as with every dialog.
 */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel }: Props) {
  const t = useT();
  return (
    <Dialog title={title} testId="confirm-dialog" onClose={onCancel}>
      <p data-testid="confirm-message">{message}</p>
      <div className="actions">
        <button type="button" data-testid="confirm-cancel" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="button" className="primary" data-testid="confirm-ok" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
