import { useState } from "react";
import type { Discount } from "@mostrador/contracts/http/sales";
import { type CartLine, exceedsDiscountLimit, withDiscount } from "../cart/cart-logic.js";
import { useCart } from "../cart/cart-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useReadNumber } from "../input/use-read-number.js";
import { useSession } from "../session/session-store.js";
import { ApprovalDialog } from "../shared/ApprovalDialog.js";
import { Dialog } from "../shared/Dialog.js";
import { DecimalField } from "../shared/DecimalField.js";
import { ErrorText } from "../shared/ErrorText.js";

interface Props {
  line: CartLine | undefined;
  onClose: () => void;
}

/** Default limit while settings load; the server's own check is the one that counts. */
const FALLBACK_LIMIT_BP = 1000;

/**
 * F4: a percent or amount off the highlighted line or the whole ticket. Past the shop's limit a cashier needs a
 * manager: the approval travels with the sale and the server verifies it.
 */
export function DiscountDialog({ line, onClose }: Props) {
  const t = useT();
  const format = useFormat();
  const cart = useCart();
  const limitBp = useSession((s) =>
    typeof s.settings?.discountLimitBp === "number" ? s.settings.discountLimitBp : FALLBACK_LIMIT_BP,
  );
  const canExceed = useSession((s) => s.can("sale.discount_above_limit"));
  const [target, setTarget] = useState<"line" | "ticket">(line ? "line" : "ticket");
  const [kind, setKind] = useState<Discount["kind"]>("percent");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Discount | null>(null);
  const read = useReadNumber();

  const commit = (discount: Discount | null) => {
    if (target === "line" && line) cart.setLineDiscount(line.key, discount);
    else cart.setTicketDiscount(discount);
    onClose();
  };

  const apply = () => {
    const result = read(text, kind === "percent" ? "percent" : "discountAmount");
    if (!result.ok) return setError(result.message);
    const discount: Discount = { kind, value: result.value };
    const next = withDiscount(cart, target === "line" && line ? line.key : null, discount);
    // Refused by the same rules the server applies (e.g. more than the amount): say why, in the person's language.
    if (!next.ok) return setError(format.error(next));
    if (!canExceed && !cart.approval && exceedsDiscountLimit(next.state, limitBp))
      return setPending(discount);
    commit(discount);
  };

  if (pending) {
    return (
      <ApprovalDialog
        reason={t("discount.needsApproval", { limit: format.percent(limitBp) })}
        onCancel={() => setPending(null)}
        onApprove={async (approval) => {
          cart.setApproval(approval);
          commit(pending);
        }}
      />
    );
  }

  return (
    <Dialog title={t("discount.title")} testId="discount-dialog" onClose={onClose}>
      <div className="segmented">
        {line && (
          <button
            type="button"
            className={target === "line" ? "selected" : ""}
            data-testid="discount-target-line"
            onClick={() => setTarget("line")}
          >
            {t("discount.line", { name: line.product.name })}
          </button>
        )}
        <button
          type="button"
          className={target === "ticket" ? "selected" : ""}
          data-testid="discount-target-ticket"
          onClick={() => setTarget("ticket")}
        >
          {t("discount.ticket")}
        </button>
      </div>
      <div className="segmented">
        <button
          type="button"
          className={kind === "percent" ? "selected" : ""}
          data-testid="discount-kind-percent"
          onClick={() => setKind("percent")}
        >
          {t("discount.percent")} %
        </button>
        <button
          type="button"
          className={kind === "amount" ? "selected" : ""}
          data-testid="discount-kind-amount"
          onClick={() => setKind("amount")}
        >
          {t("discount.amount")} $
        </button>
      </div>
      <DecimalField
        label={t("discount.value")}
        value={text}
        maxLength={20}
        testId="discount-value"
        onChange={(value) => {
          setText(value);
          setError(null);
        }}
        onSubmit={apply}
      />
      <ErrorText text={error} testId="discount-error" />
      <div className="actions">
        <button type="button" data-testid="discount-remove" onClick={() => commit(null)}>
          {t("discount.remove")}
        </button>
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="button" className="primary" data-testid="discount-apply" onClick={apply}>
          {t("discount.apply")}
        </button>
      </div>
    </Dialog>
  );
}
