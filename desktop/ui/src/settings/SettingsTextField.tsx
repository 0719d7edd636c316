import type { ReactNode } from "react";

interface Props {
  label: string;
  value: string;
  maxLength: number;
  testId: string;
  onChange: (value: string) => void;
  /** Shown under the field (in red) when the typed value would be refused. */
  problem?: string | null;
  hint?: ReactNode;
  multiline?: boolean;
  placeholder?: string;
}

/** A labelled text field of the settings screen, with its own validation message under it. */
export function SettingsTextField({
  label,
  value,
  maxLength,
  testId,
  onChange,
  problem,
  hint,
  multiline,
  placeholder,
}: Props) {
  const common = {
    value,
    maxLength,
    placeholder,
    "data-testid": testId,
    "aria-invalid": problem ? true : undefined,
  } as const;
  return (
    // the <input> or <textarea> is rendered inside the label
    <label>
      {label}
      {multiline ? (
        <textarea rows={2} {...common} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input type="text" autoComplete="off" {...common} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && <span className="field-hint">{hint}</span>}
      {problem && (
        <span className="field-error" data-testid={`${testId}-error`}>
          {problem}
        </span>
      )}
    </label>
  );
}
