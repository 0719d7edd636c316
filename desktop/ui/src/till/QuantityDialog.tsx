import { useState } from "react";
import type { CartProduct } from "../cart/cart-logic.js";
import { useT } from "../i18n/use-i18n.js";
import { useReadNumber } from "../input/use-read-number.js";
import { Dialog } from "../shared/Dialog.js";
import { DecimalField } from "../shared/DecimalField.js";
import { ErrorText } from "../shared/ErrorText.js";

interface Props {
  product: CartProduct;
  /** Current units, or grams for weighed goods; null for a new line. */
  initial: number | null;
  onApply: (quantity: number) => void;
  /** A refusal of a well-formed quantity (the shop does not sell past its stock), or null. */
  check?: (quantity: number) => string | null;
  onClose: () => void;
}

/** F8: units for unit products; for weighed goods grams or kilograms (the cart always holds grams). */
export function QuantityDialog({ product, initial, onApply, check, onClose }: Props) {
  const t = useT();
  const weighed = product.unit === "kg";
  const [mode, setMode] = useState<"units" | "grams" | "kg">(weighed ? "grams" : "units");
  const [text, setText] = useState(initial === null ? "" : String(initial));
  const [error, setError] = useState<string | null>(null);
  const read = useReadNumber();

  const apply = () => {
    // The real bounds, said in words: "La cantidad debe ser mayor que 0", "Máximo 100.000 unidades".
    const result = read(text, mode === "kg" ? "kilograms" : mode);
    if (!result.ok) return setError(result.message);
    const refused = check?.(result.value) ?? null;
    if (refused) return setError(refused);
    onApply(result.value);
  };

  return (
    <Dialog title={t("qty.title", { name: product.name })} testId="quantity-dialog" onClose={onClose}>
      {weighed && (
        <div className="segmented">
          <button
            type="button"
            className={mode === "grams" ? "selected" : ""}
            data-testid="qty-mode-grams"
            onClick={() => setMode("grams")}
          >
            {t("qty.grams")}
          </button>
          <button
            type="button"
            className={mode === "kg" ? "selected" : ""}
            data-testid="qty-mode-kg"
            onClick={() => setMode("kg")}
          >
            {t("qty.kilograms")}
          </button>
        </div>
      )}
      <DecimalField
        label={t(weighed ? (mode === "kg" ? "qty.kilograms" : "qty.grams") : "qty.units")}
        value={text}
        maxLength={12}
        testId="qty-input"
        onChange={(value) => {
          setText(value);
          setError(null);
        }}
        onSubmit={apply}
      />
      <ErrorText text={error} testId="qty-error" />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="button" className="primary" data-testid="qty-apply" onClick={apply}>
          {t("qty.apply")}
        </button>
      </div>
    </Dialog>
  );
}
