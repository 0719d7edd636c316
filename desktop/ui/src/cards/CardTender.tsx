import type { CardView } from "@mostrador/contracts/http/cards";
import { useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { lookupCard } from "./cards-api.js";
import { UidField } from "./UidField.js";

/**
 * "Tarjeta prepaga" in the payment dialog: the card is tapped (or its UID typed), its balance shown; the
 * charge itself happens with the sale, against the appliance's ledger (a stale balance here can only make
 * the server refuse, never overspend).
 */
export function CardTender({
  card,
  onCard,
  disabled,
}: {
  card: CardView | null;
  onCard: (card: CardView | null) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const format = useFormat();
  const [error, setError] = useState<string | null>(null);
  const read = (uid: string) => {
    setError(null);
    lookupCard(uid)
      .then((found) => {
        onCard(found);
        if (found.status !== "active") setError(t(`cards.status.${found.status}`));
      })
      .catch((e) => {
        onCard(null);
        setError(format.error(e));
      });
  };
  return (
    <div className="card-tender" data-testid="pay-card">
      {card ? (
        <p data-testid="pay-card-balance">
          {t("cards.tenderCard", {
            card: card.printedNumber ?? card.uid,
            balance: format.money(card.balance),
          })}{" "}
          <button type="button" className="link" disabled={disabled} onClick={() => onCard(null)}>
            {t("cards.other")}
          </button>
        </p>
      ) : (
        <UidField testId="pay-card-uid" disabled={disabled} onUid={read} />
      )}
      <ErrorText text={error} testId="pay-card-error" />
    </div>
  );
}
