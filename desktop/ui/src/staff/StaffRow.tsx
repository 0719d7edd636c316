import type { Role, StaffMember } from "@mostrador/contracts/http/staff";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { RoleSelect } from "./RoleSelect.js";

interface Props {
  member: StaffMember;
  isMe: boolean;
  busy: boolean;
  /** The owner: role and (de)activation. */
  canManage: boolean;
  /** The owner for anyone, a manager for cashiers. */
  canResetPin: boolean;
  onRole: (role: Role) => void;
  onResetPin: () => void;
  onToggleActive: () => void;
}

/** One person: role (changed in place), active or not, a running lockout, PIN reset and (de)activation. */
export function StaffRow({
  member,
  isMe,
  busy,
  canManage,
  canResetPin,
  onRole,
  onResetPin,
  onToggleActive,
}: Props) {
  const t = useT();
  const format = useFormat();
  return (
    <tr data-testid="staff-row" data-name={member.name} className={member.active ? undefined : "inactive"}>
      <td data-testid="staff-row-name">
        {member.name} {isMe && <span className="muted">{t("staff.you")}</span>}
      </td>
      <td>
        <RoleSelect
          value={member.role}
          label={t("staff.role")}
          testId="staff-role"
          disabled={busy || !member.active || !canManage}
          onChange={onRole}
        />
      </td>
      <td data-testid="staff-status">
        {member.active ? t("staff.active") : <span className="badge">{t("staff.inactive")}</span>}{" "}
        {member.lockedUntil && (
          <span className="badge warning" data-testid="staff-locked">
            {t("staff.lockedUntil", { time: format.dateTime(member.lockedUntil) })}
          </span>
        )}
      </td>
      <td className="row-actions">
        {canResetPin && (
          <button
            type="button"
            data-testid="staff-reset-pin"
            disabled={busy || !member.active}
            onClick={onResetPin}
          >
            {t("staff.resetPin")}
          </button>
        )}
        {canManage && (
          <button type="button" data-testid="staff-toggle-active" disabled={busy} onClick={onToggleActive}>
            {member.active ? t("staff.deactivate") : t("staff.reactivate")}
          </button>
        )}
      </td>
    </tr>
  );
}
