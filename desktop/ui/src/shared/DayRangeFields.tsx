import { useT } from "../i18n/use-i18n.js";

interface Props {
  fromDay: string;
  toDay: string;
  onChange: (fromDay: string, toDay: string) => void;
  testId: string;
}

/** "Desde" and "Hasta" as the shop's calendar days (both inclusive); the screens turn them into UTC. */
export function DayRangeFields({ fromDay, toDay, onChange, testId }: Props) {
  const t = useT();
  return (
    <>
      <label>
        {t("range.from")}
        <input
          type="date"
          value={fromDay}
          max={toDay || undefined}
          data-testid={`${testId}-from`}
          onChange={(e) => onChange(e.target.value, toDay)}
        />
      </label>
      <label>
        {t("range.to")}
        <input
          type="date"
          value={toDay}
          min={fromDay || undefined}
          data-testid={`${testId}-to`}
          onChange={(e) => onChange(fromDay, e.target.value)}
        />
      </label>
    </>
  );
}
