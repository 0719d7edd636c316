import { useState } from "react";
import { useCardReader } from "../card-readers/use-card-reader.js";
import { useT } from "../i18n/use-i18n.js";

/**
 * Where a card is read. This till's readers come through `useCardReader`: a tap on a serial or MQTT reader,
 * or a burst of the keyboard-wedge reader configured in Ajustes (read with its number format and byte order,
 * so a decimal wedge gives the same UID as a serial reader). A wedge reader not configured in Ajustes, or a
 * person, types the UID and Enter here (it keeps the focus); the appliance reads that text as hex. Enter
 * hands the text over and clears the field for the next tap. `hearReaders: false` leaves the readers to
 * another field (only one field of a screen takes a tap) or to a scan field with the focus.
 */
export function UidField({
  testId,
  onUid,
  onRefused,
  disabled,
  autoFocus = true,
  hearReaders = true,
  label,
}: {
  testId: string;
  onUid: (uid: string) => void;
  /** A reader sent garbage: why it is no UID (Spanish, from the normaliser). */
  onRefused?: (reason: string) => void;
  disabled?: boolean;
  autoFocus?: boolean;
  hearReaders?: boolean;
  label?: string;
}) {
  const t = useT();
  const [text, setText] = useState("");
  useCardReader({
    enabled: hearReaders && !disabled,
    // A wedge burst typed its digits into this field before its Enter was taken: they are not a UID to keep.
    onCard: (uid) => {
      setText("");
      onUid(uid);
    },
    onRefused: (reason) => {
      setText("");
      onRefused?.(reason);
    },
  });
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
