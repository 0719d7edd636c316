import { type InputHTMLAttributes, useState } from "react";
import { useT } from "../i18n/use-i18n.js";
import { type NumberField, readNumber } from "../input/limits.js";
import { type ParseResult, parsePesos } from "../input/parse-decimal.js";
import { useReadNumber } from "../input/use-read-number.js";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value"> {
  value: string;
  onChange: (text: string) => void;
  testId: string;
  parse?: (text: string) => ParseResult;
  /** A till amount with known bounds: the problem shown names them ("Máximo $ 10.000.000.000,00"). */
  field?: NumberField;
  /** A problem found elsewhere (the form's check on save, the server's refusal), shown in the same place. */
  problem?: string | null;
}

/** A text field for pesos typed es-AR style ("1.234,50"); shows why the text is not a valid amount. */
export function MoneyInput({
  value,
  onChange,
  testId,
  parse = parsePesos,
  field,
  problem: given,
  ...rest
}: Props) {
  const t = useT();
  const read = useReadNumber();
  const [touched, setTouched] = useState(false);
  const result = parse(value);
  const bounded = field ? read(value, field) : null;
  const reason = bounded
    ? bounded.ok
      ? null
      : bounded.message
    : result.ok
      ? null
      : t(`input.${result.reason}`);
  const problem = given ?? (touched && value.trim() !== "" ? reason : null);
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
        aria-describedby={problem ? `${testId}-error` : undefined}
        onChange={(e) => {
          setTouched(true);
          onChange(e.target.value);
        }}
      />
      {problem && (
        <span className="field-error" id={`${testId}-error`} data-testid={`${testId}-error`}>
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

/** The centavos of a till amount, or null when it is not one or is outside the field's bounds. */
export function amountOf(text: string, field: NumberField): number | null {
  const result = readNumber(text, field, "es-AR");
  return result.ok ? result.value : null;
}
