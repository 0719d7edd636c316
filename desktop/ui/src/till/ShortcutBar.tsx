import { useT } from "../i18n/use-i18n.js";

/** The keyboard shortcuts, always on screen so nobody has to remember them. */
export function ShortcutBar() {
  const t = useT();
  const keys = [
    "shortcut.search",
    "shortcut.customer",
    "shortcut.discount",
    "shortcut.quantity",
    "shortcut.pay",
    "shortcut.cancel",
    "shortcut.cash",
  ] as const;
  return (
    <footer className="shortcuts" data-testid="shortcut-bar">
      {keys.map((k) => (
        <kbd key={k}>{t(k)}</kbd>
      ))}
    </footer>
  );
}
