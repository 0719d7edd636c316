import type { Booking } from "@mostrador/contracts/http/turnos";
import type { MessageKey } from "../i18n/es.js";
import { useT } from "../i18n/use-i18n.js";

/** "confirmó por WhatsApp": the patient's answer to the cloud's reminder, as the desk applied it. */
export function PatientAnswer({ answer }: { answer: NonNullable<Booking["patientAnswer"]> }) {
  const t = useT();
  const channelKey = `turnos.answer.channel.${answer.channel}` as MessageKey;
  const known = ["whatsapp", "email", "telegram"].includes(answer.channel);
  return <>{t(`turnos.answer.${answer.answer}`, { channel: known ? t(channelKey) : answer.channel })}</>;
}
