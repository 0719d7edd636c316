import { useNotices } from "../notices/notice-store.js";
import "./Notices.css";

/** Toasts in a corner: informative, never modal, never take focus from the scanner. */
export function Notices() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <button
          type="button"
          key={n.id}
          tabIndex={-1}
          className={`notice ${n.kind}`}
          data-testid={`notice-${n.kind}`}
          onClick={() => dismiss(n.id)}
        >
          {n.text}
        </button>
      ))}
    </div>
  );
}
