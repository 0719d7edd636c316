import { useT } from "../i18n/use-i18n.js";

interface Props {
  pin: string;
  pinAgain: string;
  onPin: (pin: string) => void;
  onPinAgain: (pin: string) => void;
  testId: string;
  autoFocus?: boolean;
}

/** A PIN typed twice (digits only, masked); the caller checks they match with staff-form.ts#pinProblem. */
export function PinFields({ pin, pinAgain, onPin, onPinAgain, testId, autoFocus }: Props) {
  const t = useT();
  const digits = (text: string) => text.replace(/\D/g, "").slice(0, 8);
  return (
    <div className="form-grid">
      <label>
        {t("staff.pin")}
        <input
          // the dialog opens ready to type the PIN
          autoFocus={autoFocus}
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={8}
          value={pin}
          data-testid={`${testId}-pin`}
          onChange={(e) => onPin(digits(e.target.value))}
        />
      </label>
      <label>
        {t("staff.pinAgain")}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={8}
          value={pinAgain}
          data-testid={`${testId}-pin-again`}
          onChange={(e) => onPinAgain(digits(e.target.value))}
        />
      </label>
    </div>
  );
}
