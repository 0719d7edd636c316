import { useEffect, useRef } from "react";
import { useT } from "../i18n/use-i18n.js";
import "./PinPad.css";

interface Props {
  pin: string;
  onChange: (pin: string) => void;
  onSubmit: () => void;
  disabled?: boolean;
}

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Big touch keys plus a real input, so both fingers and the keyboard (digits, Backspace, Enter) work. */
export function PinPad({ pin, onChange, onSubmit, disabled }: Props) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  // Back to the field after each attempt, so the next PIN can be typed at once.
  useEffect(() => {
    if (!disabled) input.current?.focus();
  }, [disabled]);
  const press = (digit: string) => {
    if (pin.length < 12) onChange(pin + digit);
    input.current?.focus();
  };
  return (
    <div className="pinpad">
      <input
        ref={input}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={12}
        value={pin}
        disabled={disabled}
        data-testid="pin-input"
        aria-label="PIN"
        onChange={(e) => onChange(e.target.value.replace(/\D/g, ""))}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            onSubmit();
          }
        }}
      />
      <div className="pinpad-keys">
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            tabIndex={-1}
            disabled={disabled}
            data-testid={`pin-key-${k}`}
            onClick={() => press(k)}
          >
            {k}
          </button>
        ))}
        <button
          type="button"
          tabIndex={-1}
          disabled={disabled}
          data-testid="pin-clear"
          onClick={() => onChange("")}
        >
          {t("login.clear")}
        </button>
        <button
          type="button"
          tabIndex={-1}
          disabled={disabled}
          data-testid="pin-key-0"
          onClick={() => press("0")}
        >
          0
        </button>
        <button
          type="button"
          className="primary"
          disabled={disabled || pin.length === 0}
          data-testid="pin-submit"
          onClick={onSubmit}
        >
          {t("login.submit")}
        </button>
      </div>
    </div>
  );
}
