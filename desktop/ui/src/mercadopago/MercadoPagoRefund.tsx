import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { useState } from "react";
import { api } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";

/**
 * In a return's "Mercado Pago" refund row: gives the amount back at Mercado Pago first (a partial refund
 * of the sale's payment), since the return is accepted only for what MP already gave back.
 */
export function MercadoPagoRefund({ saleId, amount }: { saleId: string; amount: number | null }) {
  const t = useT();
  const format = useFormat();
  const [done, setDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (done !== null)
    return (
      <span className="muted" data-testid="return-mp-refunded">
        {t("mp.refunded", { amount: format.money(done) })}
      </span>
    );
  return (
    <>
      <button
        type="button"
        disabled={busy || !amount}
        data-testid="return-mp-refund"
        onClick={() => {
          if (!amount) return;
          setBusy(true);
          setError(null);
          api<Charge>("POST", `/api/mercadopago/sales/${saleId}/refund`, { amount })
            .then(() => setDone(amount))
            .catch((e) => setError(format.error(e)))
            .finally(() => setBusy(false));
        }}
      >
        {t("mp.refund")}
      </button>
      <ErrorText text={error} testId="return-mp-error" />
    </>
  );
}
