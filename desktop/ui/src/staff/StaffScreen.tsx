import { useEffect, useState } from "react";
import type { StaffMember } from "@mostrador/contracts/http/staff";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { NewStaffDialog } from "./NewStaffDialog.js";
import { PinResetDialog } from "./PinResetDialog.js";
import { StaffRow } from "./StaffRow.js";
import { type StaffPatch, useStaff } from "./staff-store.js";

/**
 * Who may log in on the tills: add people, change roles, reset PINs, deactivate (never delete: sales and the
 * audit log keep pointing at them). The server refuses leaving the shop without an active owner; its sentence
 * is shown above the list.
 */
export function StaffScreen() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const me = useSession((s) => s.staff?.id);
  // A manager only resets cashiers' PINs here; adding people, roles and (de)activation are the owner's.
  const owns = useSession((s) => s.can("staff.manage"));
  const { list, loaded, refresh, update } = useStaff();
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<StaffMember | null>(null);

  // runs on mount, not on every render.
  useEffect(() => {
    refresh().catch((e) => setError(format.error(e)));
  }, []);

  const change = async (member: StaffMember, changes: StaffPatch) => {
    setBusyId(member.id);
    setError(null);
    try {
      await update(member.id, changes);
      notify("info", t("staff.updated", { name: member.name }));
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <section className="screen" data-testid="staff-screen">
      <div className="row-form">
        <h1 className="grow">{t("staff.title")}</h1>
        {owns && (
          <button type="button" className="primary" data-testid="staff-new" onClick={() => setCreating(true)}>
            {t("staff.new")}
          </button>
        )}
      </div>
      <ErrorText text={error} testId="staff-error" />
      {!loaded && !error && <p>{t("common.loading")}</p>}
      {loaded && <p className="muted">{t("staff.count", { n: list.length })}</p>}
      <table className="list static">
        <thead>
          <tr>
            <th>{t("staff.name")}</th>
            <th>{t("staff.role")}</th>
            <th>{t("staff.status")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((member) => (
            <StaffRow
              key={member.id}
              member={member}
              isMe={member.id === me}
              busy={busyId === member.id}
              canManage={owns}
              canResetPin={owns || member.role === "cashier"}
              onRole={(role) => void change(member, { role })}
              onResetPin={() => setResetting(member)}
              onToggleActive={() => void change(member, { active: !member.active })}
            />
          ))}
        </tbody>
      </table>
      {creating && <NewStaffDialog onClose={() => setCreating(false)} />}
      {resetting && <PinResetDialog member={resetting} onClose={() => setResetting(null)} />}
    </section>
  );
}
