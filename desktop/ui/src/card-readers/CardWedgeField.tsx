import type { CardReader } from "@mostrador/contracts/http/card-readers";
import { useRef, useState } from "react";
import { useT } from "../i18n/use-i18n.js";
import { WedgeBurst } from "./wedge-burst.js";

/**
 * "Acercá una tarjeta para probar" for a keyboard-wedge reader: the field takes the reader's burst and
 * shows the UID as the appliance will read it with this reader's format, or why it is not one; typing by
 * hand is recognised as such (it is not a test of the reader).
 */
export function CardWedgeField({ reader }: { reader: Pick<CardReader, "numberFormat" | "byteOrder"> }) {
  const t = useT();
  const burst = useRef(new WedgeBurst({ numberFormat: reader.numberFormat, byteOrder: reader.byteOrder }));
  const [text, setText] = useState("");
  const [result, setResult] = useState<{ uid: string } | { problem: string } | null>(null);

  return (
    <div className="card-wedge-field">
      <input
        data-testid="card-wedge-input"
        aria-label={t("cardReaders.testKeyboard")}
        placeholder={t("cardReaders.testKeyboard")}
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          const r = burst.current.key(e.key, e.timeStamp);
          if (r.kind === "none") return;
          e.preventDefault();
          setText("");
          if (r.kind === "card") setResult({ uid: r.uid });
          else if (r.kind === "refused") setResult({ problem: r.error });
          else setResult({ problem: t("cardReaders.typedByHand") });
        }}
      />
      <p className="card-reader-uid" data-testid="card-reader-test-uid" aria-live="polite">
        {result === null ? t("cardReaders.testWaiting") : "uid" in result ? result.uid : ""}
      </p>
      {result && "problem" in result && (
        <p className="error-text" role="alert" data-testid="card-reader-test-problem">
          {result.problem}
        </p>
      )}
    </div>
  );
}
