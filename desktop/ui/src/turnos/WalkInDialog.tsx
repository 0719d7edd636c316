import type { Customer } from "@mostrador/contracts/http/customers";
import type { TurnosSetup } from "@mostrador/contracts/http/turnos";
import { useState } from "react";
import { CustomerDialog } from "../customers/CustomerDialog.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { createWalkIn } from "./turnos-api.js";

/** A patient who came without a turno: booked from now, straight into the waiting room. */
export function WalkInDialog({
  setup,
  professionalId,
  onClose,
  onDone,
}: {
  setup: TurnosSetup;
  professionalId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const pro = setup.professionals.find((p) => p.id === professionalId);
  const services = setup.services.filter((s) => s.active && pro?.serviceIds.includes(s.id));
  const [serviceId, setServiceId] = useState(services[0]?.id ?? "");
  const [patient, setPatient] = useState<Customer | null>(null);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (picking)
    return (
      <CustomerDialog
        onPick={(c) => {
          setPatient(c);
          setPicking(false);
        }}
        onClose={() => setPicking(false)}
      />
    );
  return (
    <Dialog title={`${t("turnos.walkIn")} · ${pro?.name ?? ""}`} testId="walk-in" onClose={onClose}>
      <form
        className="turnos-form"
        onSubmit={(e) => {
          e.preventDefault();
          createWalkIn({ serviceId, professionalId, customerId: patient?.id ?? null })
            .then(() => {
              notify("info", t("turnos.walkInDone"));
              onDone();
            })
            .catch((err: unknown) => setError(format.error(err)));
        }}
      >
        <label>
          {t("turnos.patient")}
          <button type="button" onClick={() => setPicking(true)}>
            {patient ? patient.name : t("turnos.pickPatient")}
          </button>
        </label>
        <label>
          {t("turnos.service")}
          <select value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <ErrorText text={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={!serviceId}>
            {t("turnos.walkInSubmit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
