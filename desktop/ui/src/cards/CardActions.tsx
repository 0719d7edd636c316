import type { CardView } from "@mostrador/contracts/http/cards";
import type { Approval } from "@mostrador/contracts/http/sales";
import { useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { blockCard, cashOutCard, transferCard, unblockCard } from "./cards-api.js";
import { UidField } from "./UidField.js";

type Run = (op: (approval?: Approval) => Promise<CardView>) => Promise<void>;
const withApproval = (approval?: Approval) => (approval ? { approval } : {});

/**
 * Block (anyone: a lost card is blocked at once), unblock, transfer to a new card and cash-out (a
 * manager, or a manager's PIN typed here: the server asks and `run` shows the approval dialog).
 */
export function CardActions({
  card,
  run,
  newRequestId,
  transferring,
  setTransferring,
}: {
  card: CardView;
  run: Run;
  newRequestId: () => string;
  /** Waiting for the new card's tap (the screen's card field leaves the readers to this one meanwhile). */
  transferring: boolean;
  setTransferring: (on: boolean) => void;
}) {
  const t = useT();
  const format = useFormat();
  const [reason, setReason] = useState("");
  if (card.status === "replaced" || card.status === "expired") return null;
  const cashOut = card.balance + (card.depositRefundable && !card.depositReturnedAt ? card.deposit : 0);
  return (
    <div className="card-actions" data-testid="card-actions">
      {card.status === "active" ? (
        <div className="row">
          <input
            type="text"
            maxLength={200}
            value={reason}
            placeholder={t("cards.blockReason")}
            data-testid="cards-block-reason"
            onChange={(e) => setReason(e.target.value)}
          />
          <button
            type="button"
            data-testid="cards-block"
            onClick={() =>
              void run(async () => {
                const answer = await blockCard(card.id, {
                  requestId: newRequestId(),
                  ...(reason.trim() ? { reason: reason.trim() } : {}),
                });
                setReason("");
                return answer.card;
              })
            }
          >
            {t("cards.block")}
          </button>
        </div>
      ) : (
        <button
          type="button"
          data-testid="cards-unblock"
          onClick={() =>
            void run(
              async (approval) =>
                (await unblockCard(card.id, { requestId: newRequestId(), ...withApproval(approval) })).card,
            )
          }
        >
          {t("cards.unblock")}
        </button>
      )}
      {cashOut > 0 && card.status === "active" && (
        <button
          type="button"
          data-testid="cards-cashout"
          onClick={() =>
            void run(
              async (approval) =>
                (await cashOutCard(card.id, { requestId: newRequestId(), ...withApproval(approval) })).card,
            )
          }
        >
          {t("cards.cashOut", { amount: format.money(cashOut) })}
        </button>
      )}
      {transferring ? (
        <UidField
          testId="cards-transfer-uid"
          label={t("cards.transferTap")}
          onUid={(newUid) =>
            void run(async (approval) => {
              const answer = await transferCard(card.id, {
                requestId: newRequestId(),
                newUid,
                ...withApproval(approval),
              });
              setTransferring(false);
              return answer.to;
            })
          }
        />
      ) : (
        <button type="button" data-testid="cards-transfer" onClick={() => setTransferring(true)}>
          {t("cards.transfer")}
        </button>
      )}
    </div>
  );
}
