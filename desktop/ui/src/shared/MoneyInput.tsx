import { type InputHTMLAttributes, useState } from "react";
import { useT } from "../i18n/use-i18n.js";
import { type ParseResult, parsePesos } from "../input/parse-decimal.js";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value"> {
  value: string;
  onChange: (text: string) => void;
  testId: string;
  parse?: (text: string) => ParseResult;
}

/** A text field for pesos typed es-AR style ("1.234,50"); shows why the text is not a valid amount. */
export function MoneyInput({ value, onChange, testId, parse = parsePesos, ...rest }: Props) {
  const t = useT();
  const [touched, setTouched] = useState(false);
  const result = parse(value);
  const problem = touched && value.trim() !== "" && !result.ok ? t(`input.${result.reason}`) : null;
  return (
    <>
      <input
        {...rest}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        maxLength={24}
        value={value}
        data-testid={testId}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          setTouched(true);
          onChange(e.target.value);
        }}
      />
      {problem && (
        <span className="field-error" data-testid={`${testId}-error`}>
          {problem}
        </span>
      )}
    </>
  );
}

/** The parsed centavos, or null when the text is not a valid amount. */
export function centavosOf(text: string, parse: (text: string) => ParseResult = parsePesos): number | null {
  const result = parse(text);
  return result.ok ? result.value : null;
}
