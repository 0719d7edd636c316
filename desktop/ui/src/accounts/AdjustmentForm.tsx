import { type FormEvent, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import type { MessageKey } from "../i18n/i18n.js";
import { useSession } from "../session/session-store.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";

/** What is being corrected: the account's pesos or the points; each names its two directions. */
export type AdjustmentUnit = "money" | "points";

const WORDS: Record<
  AdjustmentUnit,
  { title: MessageKey; up: MessageKey; down: MessageKey; confirm: MessageKey }
> = {
  money: {
    title: "adjust.account.title",
    up: "adjust.account.charge",
    down: "adjust.account.credit",
    confirm: "adjust.account.confirm",
  },
  points: {
    title: "adjust.points.title",
    up: "adjust.points.add",
    down: "adjust.points.remove",
    confirm: "adjust.points.confirm",
  },
};

const POINTS_MAX = 1_000_000;

/**
 * "Ajuste": a manager corrects an account (cargo: owes more; crédito: owes less) or the points (sumar,
 * quitar), always with a reason, after a confirm that says what will be recorded. Shown only to staff with
 * accounts.manage (the route's permission); the server's refusal is shown as it says it. Keyboard-first:
 * Enter in any field asks to confirm, and the confirm button opens focused.
 */
export function AdjustmentForm({
  unit,
  customerName,
  submit,
  onDone,
}: {
  unit: AdjustmentUnit;
  customerName: string;
  /** Sends the signed adjustment (+ up, − down) and the reason. */
  submit: (signed: number, note: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const canManage = useSession((s) => s.can("accounts.manage"));
  const [direction, setDirection] = useState<"up" | "down">("up");
  const [amountText, setAmountText] = useState("");
  const [note, setNote] = useState("");
  const [asking, setAsking] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canManage) return null;
  const words = WORDS[unit];
  const prefix = unit === "money" ? "account-adjust" : "points-adjust";

  const readAmount = (): number | null => {
    if (unit === "money") return amountOf(amountText, "payment");
    const n = Number(amountText.trim());
    return Number.isInteger(n) && n >= 1 && n <= POINTS_MAX ? n : null;
  };

  const ask = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const amount = readAmount();
    if (amount === null) {
      setError(
        unit === "money"
          ? t("adjust.account.badAmount")
          : t("adjust.points.badAmount", { max: POINTS_MAX.toLocaleString("es-AR") }),
      );
      return;
    }
    if (!note.trim()) {
      setError(t("adjust.noteRequired"));
      return;
    }
    setAsking(direction === "up" ? amount : -amount);
  };

  const confirm = async (signed: number) => {
    setAsking(null);
    setBusy(true);
    try {
      await submit(signed, note.trim());
      setAmountText("");
      setNote("");
      onDone();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const shown = (signed: number) =>
    unit === "money" ? format.money(Math.abs(signed)) : String(Math.abs(signed));

  return (
    <form className="adjustment-form" data-testid={`${prefix}-form`} onSubmit={ask}>
      <h3>{t(words.title)}</h3>
      <div className="segmented">
        {(["up", "down"] as const).map((d) => (
          <button
            key={d}
            type="button"
            className={d === direction ? "selected" : ""}
            aria-pressed={d === direction}
            data-testid={`${prefix}-${d}`}
            onClick={() => setDirection(d)}
          >
            {t(words[d])}
          </button>
        ))}
      </div>
      <label>
        {unit === "money" ? t("accounts.amount") : t("accounts.points")}
        {unit === "money" ? (
          <MoneyInput
            testId={`${prefix}-amount`}
            field="payment"
            value={amountText}
            onChange={setAmountText}
          />
        ) : (
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            maxLength={9}
            data-testid={`${prefix}-amount`}
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
          />
        )}
      </label>
      <label>
        {t("adjust.note")}
        <input
          type="text"
          maxLength={200}
          data-testid={`${prefix}-note`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <button type="submit" disabled={busy} data-testid={`${prefix}-submit`}>
        {t("adjust.submit")}
      </button>
      <ErrorText text={error} testId={`${prefix}-error`} />
      {asking !== null && (
        <ConfirmDialog
          title={t(words.title)}
          message={t(words.confirm, {
            direction: t(words[asking > 0 ? "up" : "down"]),
            amount: shown(asking),
            name: customerName,
            note: note.trim(),
          })}
          confirmLabel={t("adjust.submit")}
          onConfirm={() => void confirm(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
    </form>
  );
}
