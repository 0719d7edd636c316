import { ROLES, type Role } from "@mostrador/contracts/http/staff";
import { useT } from "../i18n/use-i18n.js";

interface Props {
  value: Role;
  onChange: (role: Role) => void;
  testId: string;
  disabled?: boolean;
  label?: string;
}

/** Cashier, manager or owner, in the current language. */
export function RoleSelect({ value, onChange, testId, disabled, label }: Props) {
  const t = useT();
  return (
    <select
      value={value}
      disabled={disabled}
      aria-label={label}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value as Role)}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </select>
  );
}
