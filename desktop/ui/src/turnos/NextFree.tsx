import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import { useFormat, useT } from "../i18n/use-i18n.js";

/** The next free slots a refusal ("Ya no está disponible") carries; picking one books it instead. */
export function NextFree({
  slots,
  onPick,
  names = {},
}: {
  slots: FreeSlot[];
  onPick: (slot: FreeSlot) => void;
  /** Professional names by id, for "cualquiera". */
  names?: Record<string, string>;
}) {
  const t = useT();
  const format = useFormat();
  if (slots.length === 0) return null;
  return (
    <div className="next-free" data-testid="next-free">
      <span>{t("turnos.nextFree")}</span>
      {slots.map((s) => (
        <button key={`${s.professionalId}-${s.start}`} type="button" onClick={() => onPick(s)}>
          {format.dateTime(s.start)}
          {names[s.professionalId] ? ` · ${names[s.professionalId]}` : ""}
        </button>
      ))}
    </div>
  );
}

/** The next free slots inside an API refusal's details, or none. */
export function nextFreeOf(error: unknown): FreeSlot[] {
  const details = (error as { details?: { nextFree?: unknown } } | null)?.details;
  return Array.isArray(details?.nextFree) ? (details.nextFree as FreeSlot[]) : [];
}
