import { type FormEvent, useState } from "react";
import {
  CHANNELS,
  type Channel,
  type ChannelsAnswer,
  type ContactsAnswer,
  type ContactView,
  type MessagesAnswer,
  type TelegramSetupAnswer,
} from "@mostrador/contracts/http/messaging";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { AlertPreferencesForm } from "./AlertPreferencesForm.js";
import { ChannelForm } from "./ChannelForm.js";
import { OfflineSetting } from "./OfflineSetting.js";
import { OwnerNotificationsTable } from "./OwnerNotificationsTable.js";
import { RecipientActions } from "./RecipientActions.js";
import "./messaging.css";

/**
 * Ajustes → Mensajería: the tenant's channels (email, WhatsApp, Telegram), who receives the owner's
 * alerts (with a test send per channel), and the log of messages with their delivery status.
 */
export function MessagingScreen() {
  const t = useT();
  const f = useFormat();
  const channels = useLoad<ChannelsAnswer>(get, "/v1/messaging/channels");
  const contacts = useLoad<ContactsAnswer>(get, "/v1/messaging/contacts");
  const log = useLoad<MessagesAnswer>(get, "/v1/messaging/messages?limit=100");
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);
  const [prefsOf, setPrefsOf] = useState<string | null>(null);
  const recipients = contacts.data?.contacts.filter((c) => c.ownerRecipient) ?? [];
  const prefsContact = recipients.find((c) => c.id === prefsOf) ?? recipients[0];
  const fail = (err: unknown) => setNotice({ error: true, text: f.error(err) });
  const telegramText = (a: TelegramSetupAnswer) => {
    const detail = a.updates === "poll" && a.ok ? t("messaging.telegramPolling") : (a.description ?? "");
    return a.ok && a.botUsername
      ? t("messaging.telegramConnected", { bot: a.botUsername, detail })
      : t("messaging.telegramNotConnected", { detail });
  };
  const done = (text: string) => {
    setNotice({ error: false, text });
    channels.reload();
    contacts.reload();
    log.reload();
  };

  return (
    <section className="messaging">
      {notice ? (
        <p
          className={notice.error ? "error" : "notice"}
          role={notice.error ? "alert" : "status"}
          data-testid="messaging-notice"
        >
          {notice.text}
        </p>
      ) : null}
      <h2>{t("messaging.channels")}</h2>
      <Status loading={channels.loading && !channels.data} error={channels.error} reload={channels.reload} />
      {channels.data ? (
        <div className="messaging-channels">
          {CHANNELS.map((c) => (
            <ChannelForm
              key={c}
              channel={c}
              view={channels.data?.channels.find((v) => v.channel === c)}
              saved={(telegram) => done(telegram ? telegramText(telegram) : t("messaging.saved"))}
              fail={fail}
            />
          ))}
        </div>
      ) : null}

      <h2>{t("messaging.recipients")}</h2>
      <p className="muted">{t("messaging.recipientsHint")}</p>
      <RecipientForm added={() => done(t("messaging.saved"))} fail={fail} />
      <table data-testid="recipients-table">
        <thead>
          <tr>
            <th>{t("messaging.name")}</th>
            <th>{t("messaging.field.email")}</th>
            <th>{t("messaging.field.phone")}</th>
            <th>{t("messaging.field.telegramChatId")}</th>
            <th>{t("messaging.testSend")}</th>
            <th>{t("messaging.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {recipients.map((c) => (
            <tr key={c.id} data-testid={`recipient-${c.id}`}>
              <td>{c.name}</td>
              <td>{c.email ?? "—"}</td>
              <td>{c.phone ? `+${c.phone}` : "—"}</td>
              <td>{c.telegramChatId ?? "—"}</td>
              <td>
                {CHANNELS.filter((ch) => addressOf(c, ch)).map((ch) => (
                  <button
                    key={ch}
                    className="link"
                    data-testid={`test-send-${ch}`}
                    onClick={() =>
                      void post("/v1/messaging/test-send", {
                        channel: ch,
                        contactId: c.id,
                        text: t("messaging.testText"),
                      }).then(() => done(t("messaging.testQueued")), fail)
                    }
                  >
                    {t(`messaging.channel.${ch}` as MessageKey)}
                  </button>
                ))}
              </td>
              <td>
                <RecipientActions contact={c} changed={done} fail={fail} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {prefsContact ? (
        <>
          <div className="toolbar">
            <h2 className="grow">{t("messaging.preferences")}</h2>
            <label>
              {t("messaging.preferencesOf")}{" "}
              <select
                data-testid="preferences-of"
                value={prefsContact.id}
                onChange={(e) => setPrefsOf(e.target.value)}
              >
                {recipients.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <AlertPreferencesForm
            key={`${prefsContact.id}:${prefsContact.email ?? ""}:${prefsContact.phone ?? ""}:${prefsContact.telegramChatId ?? ""}`}
            contact={prefsContact}
            saved={() => done(t("messaging.saved"))}
            fail={fail}
          />
        </>
      ) : null}
      <OfflineSetting saved={() => done(t("messaging.saved"))} fail={fail} />

      <OwnerNotificationsTable />

      <div className="toolbar">
        <h2 className="grow">{t("messaging.log")}</h2>
        <button onClick={log.reload}>↻</button>
      </div>
      <Status loading={log.loading && !log.data} error={log.error} reload={log.reload} />
      <table data-testid="messages-table">
        <thead>
          <tr>
            <th>{t("messaging.when")}</th>
            <th>{t("messaging.channel")}</th>
            <th>{t("messaging.to")}</th>
            <th>{t("messaging.text")}</th>
            <th>{t("messaging.status")}</th>
          </tr>
        </thead>
        <tbody>
          {log.data?.messages.map((m) => (
            <tr key={m.id} data-testid={`message-${m.id}`} data-status={m.status}>
              <td>{f.dateTime(m.createdAt)}</td>
              <td>{t(`messaging.channel.${m.channel}` as MessageKey)}</td>
              <td>{m.contactName}</td>
              <td className="messaging-body">{m.subject ? `${m.subject}: ${m.body}` : m.body}</td>
              <td>
                <span className={`badge status-${m.status}`}>
                  {t(`messaging.status.${m.status}` as MessageKey)}
                </span>
                {m.lastError ? <div className="small muted">{m.lastError}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.data && log.data.messages.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
    </section>
  );
}

const addressOf = (c: ContactView, channel: Channel) =>
  channel === "email" ? c.email : channel === "whatsapp" ? c.phone : c.telegramChatId;

function RecipientForm(props: { added(): void; fail(err: unknown): void }) {
  const t = useT();
  const empty = { name: "", email: "", phone: "", telegramChatId: "" };
  const [form, setForm] = useState(empty);
  function add(event: FormEvent) {
    event.preventDefault();
    const body = {
      name: form.name.trim(),
      ownerRecipient: true,
      ...(form.email.trim() ? { email: form.email.trim() } : {}),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      ...(form.telegramChatId.trim() ? { telegramChatId: form.telegramChatId.trim() } : {}),
    };
    post("/v1/messaging/contacts", body).then(() => {
      setForm(empty);
      props.added();
    }, props.fail);
  }
  return (
    <form className="toolbar" onSubmit={add} data-testid="recipient-form">
      {(["name", "email", "phone", "telegramChatId"] as const).map((k) => (
        <input
          key={k}
          data-testid={`recipient-${k}`}
          aria-label={t(k === "name" ? "messaging.name" : (`messaging.field.${k}` as MessageKey))}
          placeholder={t(k === "name" ? "messaging.name" : (`messaging.field.${k}` as MessageKey))}
          value={form[k]}
          onChange={(e) => setForm({ ...form, [k]: e.target.value })}
        />
      ))}
      <button type="submit" data-testid="recipient-add" disabled={!form.name.trim()}>
        {t("messaging.addRecipient")}
      </button>
    </form>
  );
}
