import { useState } from "react";
import { useT } from "../i18n/use-i18n.js";

/**
 * Where a card is read: a keyboard-wedge reader types the UID and Enter into this field (it keeps the
 * focus), or a person types it. Enter hands the text over and clears the field for the next tap.
 */
export function UidField({
  testId,
  onUid,
  disabled,
  autoFocus = true,
  label,
}: {
  testId: string;
  onUid: (uid: string) => void;
  disabled?: boolean;
  autoFocus?: boolean;
  label?: string;
}) {
  const t = useT();
  const [text, setText] = useState("");
  return (
    <label className="uid-field">
      {label ?? t("cards.tap")}
      <input
        type="text"
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        value={text}
        disabled={disabled}
        placeholder={t("cards.uidPlaceholder")}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Enter") return;
          e.preventDefault();
          const uid = text.trim();
          if (uid) {
            onUid(uid);
            setText("");
          }
        }}
      />
    </label>
  );
}
