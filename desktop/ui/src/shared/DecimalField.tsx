/**
 * A labelled text field for a typed number ("12,5", "1.234,50"): decimal keypad on touch screens, opens
 * focused, and Enter submits — the till's dialogs are keyboard-first. Parsing stays with the caller.
 */
export function DecimalField(props: {
  label: string;
  value: string;
  maxLength: number;
  testId: string;
  onChange(text: string): void;
  onSubmit(): void;
}) {
  return (
    <label>
      {props.label}
      <input
        autoFocus
        type="text"
        inputMode="decimal"
        autoComplete="off"
        maxLength={props.maxLength}
        value={props.value}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            props.onSubmit();
          }
        }}
      />
    </label>
  );
}
