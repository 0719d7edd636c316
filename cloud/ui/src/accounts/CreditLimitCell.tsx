import type { CloudBalances } from "@mostrador/contracts/http/cloud-accounts";
import { parsePrice, priceInputValue } from "@mostrador/contracts/format";
import { useState } from "react";
import { put } from "../api/client.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";

/**
 * A customer's credit limit, and for the owner a small editor: the limit goes down to every store
 * (cloud/src/accounts/limits.ts). Empty: no account.
 */
export function CreditLimitCell(props: {
  customerId: string;
  creditLimit: number | null;
  editable: boolean;
  /** Open the editor at once (a customer picked to open an account). */
  startEditing?: boolean;
  onSaved: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState(props.startEditing ?? false);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = props.creditLimit === null ? "—" : f.money(props.creditLimit);
  if (!editing) {
    return props.editable ? (
      <button
        type="button"
        className="link"
        data-testid="accounts-limit-edit"
        title={t("accounts.setLimit")}
        onClick={() => {
          setText(props.creditLimit === null ? "" : priceInputValue(props.creditLimit, f.locale));
          setProblem(null);
          setEditing(true);
        }}
      >
        {shown}
      </button>
    ) : (
      <span>{shown}</span>
    );
  }
  const save = async () => {
    const trimmed = text.trim();
    const creditLimit = trimmed === "" ? null : parsePrice(trimmed, f.locale);
    if (trimmed !== "" && creditLimit === null) return setProblem(t("accounts.badLimit"));
    setBusy(true);
    setProblem(null);
    try {
      await put<CloudBalances["customers"][number]>(
        `/v1/dashboard/accounts/${props.customerId}/credit-limit`,
        { creditLimit },
      );
      setEditing(false);
      props.onSaved();
    } catch (err) {
      setProblem(f.error(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="limit-form"
      data-testid="accounts-limit-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        value={text}
        inputMode="decimal"
        aria-label={t("accounts.setLimit")}
        placeholder={t("accounts.noAccount")}
        data-testid="accounts-limit-input"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" disabled={busy} data-testid="accounts-limit-save">
        {t("accounts.save")}
      </button>
      <button type="button" onClick={() => setEditing(false)}>
        {t("accounts.cancel")}
      </button>
      {problem && (
        <div className="error" role="alert" data-testid="accounts-limit-error">
          {problem}
        </div>
      )}
    </form>
  );
}
