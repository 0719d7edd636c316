import type { CardEntry, CardHistory, CardView } from "@mostrador/contracts/http/cards";
import type { Approval } from "@mostrador/contracts/http/sales";
import { useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { voidTopUp } from "./cards-api.js";

type Run = (op: (approval?: Approval) => Promise<CardView>) => Promise<void>;

/** A card's ledger, newest first, each entry with the balance after it; a top-up can be voided by a manager. */
export function CardHistoryTable({
  history,
  canManage,
  run,
}: {
  history: CardHistory;
  canManage: boolean;
  run: Run;
}) {
  const t = useT();
  const format = useFormat();
  const [voiding, setVoiding] = useState<CardEntry | null>(null);
  const [reason, setReason] = useState("");
  const entries = [...history.entries].reverse();
  const confirmVoid = (entry: CardEntry) =>
    void run(async (approval) => {
      const answer = await voidTopUp(entry.id, {
        requestId: uuidv7(),
        reason: reason.trim(),
        ...(approval ? { approval } : {}),
      });
      setVoiding(null);
      setReason("");
      return answer.card;
    });
  return (
    <table className="card-history" data-testid="card-history">
      <thead>
        <tr>
          <th>{t("cards.when")}</th>
          <th>{t("cards.what")}</th>
          <th className="num">{t("pay.amount")}</th>
          <th className="num">{t("cards.balance")}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 && (
          <tr>
            <td colSpan={5} className="muted">
              {t("cards.noEntries")}
            </td>
          </tr>
        )}
        {entries.map((e) => (
          <tr key={e.id} data-testid="card-entry">
            <td>{format.dateTime(e.createdAt)}</td>
            <td>
              {t(`cards.kind.${e.kind}`)}
              {e.method ? ` · ${t(`pay.${e.method as "cash"}`)}` : ""}
              {e.saleNumber ? ` · ${e.saleNumber}` : ""}
              {e.voidedBy ? ` · ${t("cards.voided")}` : ""}
              {e.note ? <span className="muted"> · {e.note}</span> : null}
            </td>
            <td className="num">{format.money(e.amount)}</td>
            <td className="num">{format.money(e.balanceAfter)}</td>
            <td>
              {e.kind === "topup" &&
                !e.voidedBy &&
                history.card.status === "active" &&
                canManage &&
                (voiding?.id === e.id ? (
                  <span className="row">
                    <input
                      type="text"
                      autoFocus
                      maxLength={200}
                      value={reason}
                      placeholder={t("cards.voidReason")}
                      data-testid="cards-void-reason"
                      onChange={(ev) => setReason(ev.target.value)}
                      onKeyDown={(ev) => ev.key === "Enter" && reason.trim() && confirmVoid(e)}
                    />
                    <button
                      type="button"
                      disabled={!reason.trim()}
                      data-testid="cards-void-confirm"
                      onClick={() => confirmVoid(e)}
                    >
                      {t("cards.voidConfirm")}
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="link"
                    data-testid="cards-void"
                    onClick={() => setVoiding(e)}
                  >
                    {t("cards.void")}
                  </button>
                ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
