import { useEffect, useRef, useState } from "react";
import { subscribeEvents } from "../api/events.js";
import { useCardReader } from "../card-readers/use-card-reader.js";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNav } from "../nav/nav-store.js";
import { useSession } from "../session/session-store.js";
import { setFocusHome } from "../shared/focus-home.js";
import { BarOutcomePanel } from "./BarOutcomePanel.js";
import { BarRound } from "./BarRound.js";
import { BarSetup } from "./BarSetup.js";
import { CardByHand } from "./CardByHand.js";
import { useBar } from "./bar-store.js";
import "./bar.css";

/**
 * Bar mode: the touch screen at the bar, dark for a dark room. Big buttons by group (the bar's layout), a tap
 * adds one; then the card: a reader types its UID into the hidden field (keyboard wedge) or the appliance
 * hears it on a serial or MQTT reader of this till. Two touches for a drink. The balance before and after
 * is shown large; a refusal is red with its reason and charges nothing.
 */
export function BarScreen({ online }: { online: boolean }) {
  const t = useT();
  const format = useFormat();
  const { staff, terminal, token } = useSession();
  const canConfigure = useSession((s) => s.can("catalog.edit"));
  const toggleLocale = useLocale((s) => s.toggle);
  const { bars, barId, load, chooseBar, tap, cardTapped, readerRefused } = useBar();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [setup, setSetup] = useState(false);
  const [byHand, setByHand] = useState(false);
  const wedge = useRef<HTMLInputElement>(null);

  const reload = () =>
    load().then(
      () => setLoadError(null),
      (e: unknown) => setLoadError(format.error(e)),
    );
  // runs on mount, not on every render.
  useEffect(() => {
    void reload();
  }, []);

  // New prices or names from the catalog.
  useEffect(() => {
    if (!token) return;
    return subscribeEvents(token, (event) => {
      if (event.type === "catalog.changed") void reload();
    });
  }, [token]);

  // This till's readers (serial, MQTT, and the keyboard-wedge one configured in Ajustes, read with its number
  // format and byte order). A wedge burst typed its digits into the hidden field too: they are not a second tap.
  useCardReader({
    enabled: !setup,
    onCard: (uid) => {
      if (wedge.current) wedge.current.value = "";
      void cardTapped(uid);
    },
    onRefused: (reason) => {
      if (wedge.current) wedge.current.value = "";
      readerRefused(reason);
    },
  });

  // The keyboard-wedge reader types wherever the focus is: keep it on the hidden field.
  useEffect(() => {
    if (setup || byHand) return;
    const focus = () => wedge.current?.focus();
    setFocusHome(focus);
    focus();
    return () => setFocusHome(null);
  }, [setup, byHand]);
  const keepFocus = () =>
    setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body || active.tagName === "BUTTON") wedge.current?.focus();
    }, 0);

  if (setup)
    return (
      <BarSetup
        onDone={() => {
          setSetup(false);
          void reload();
        }}
      />
    );

  const bar = bars?.find((b) => b.id === barId) ?? null;
  return (
    <div className="bar-mode" data-testid="bar-screen">
      <header className="bar-header">
        {bars && bars.length > 1 ? (
          <select
            className="bar-picker"
            data-testid="bar-picker"
            aria-label={t("bar.choose")}
            value={barId ?? ""}
            onChange={(e) => chooseBar(e.target.value)}
          >
            {bars.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        ) : (
          <strong className="bar-name">{bar?.name ?? t("bar.title")}</strong>
        )}
        <span className="bar-who" data-testid="bar-who">
          {staff?.name} · {terminal?.name}
        </span>
        {!online && (
          <span className="bar-offline-badge" data-testid="bar-offline-badge">
            {t("bar.offlineBadge")}
          </span>
        )}
        <span className="bar-header-actions">
          <button type="button" data-testid="bar-by-hand" onClick={() => setByHand(true)}>
            {t("bar.byHand")}
          </button>
          {canConfigure && (
            <button type="button" data-testid="bar-configure" onClick={() => setSetup(true)}>
              {t("bar.configure")}
            </button>
          )}
          <button type="button" data-testid="bar-lang" onClick={toggleLocale}>
            {t("app.language")}
          </button>
          <button type="button" data-testid="bar-exit" onClick={() => useNav.getState().go("till")}>
            {t("bar.exit")}
          </button>
        </span>
      </header>
      <div className="bar-body">
        <section className="bar-products" aria-label={t("bar.products")}>
          {loadError && (
            <p className="bar-error" role="alert" data-testid="bar-load-error">
              {loadError}
            </p>
          )}
          {bars && !bar && (
            <p className="bar-empty">{t(canConfigure ? "bar.noBarsManager" : "bar.noBars")}</p>
          )}
          {bar?.groups.map((group, g) => {
            const buttons = group.buttons.filter((b) => b.active);
            if (buttons.length === 0) return null;
            return (
              <div className="bar-group" key={g}>
                <h2>{group.title ?? t("bar.otherGroup")}</h2>
                <div className="bar-buttons">
                  {buttons.map((button) => (
                    <button
                      type="button"
                      key={button.productId}
                      className="bar-product"
                      data-testid={`bar-product-${button.name}`}
                      onClick={() => tap(button)}
                    >
                      <span className="bar-product-name">{button.name}</span>
                      <span className="bar-product-price">{format.money(button.price)}</span>
                    </button>
                  ))}
                </div>
              </div>
            );
          })}
        </section>
        <aside className="bar-side">
          <BarOutcomePanel />
          <BarRound />
        </aside>
      </div>
      {!byHand && (
        <input
          ref={wedge}
          className="bar-wedge"
          data-testid="bar-card-input"
          aria-label={t("bar.readerField")}
          inputMode="none"
          autoComplete="off"
          spellCheck={false}
          onBlur={keepFocus}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            const uid = e.currentTarget.value.trim();
            e.currentTarget.value = "";
            if (uid) void cardTapped(uid);
          }}
        />
      )}
      {byHand && (
        <CardByHand
          onClose={() => setByHand(false)}
          onCard={(uid) => {
            setByHand(false);
            void cardTapped(uid);
          }}
        />
      )}
    </div>
  );
}
