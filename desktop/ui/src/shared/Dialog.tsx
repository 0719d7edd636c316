import { type ReactNode, useEffect, useRef } from "react";
import { focusHome } from "./focus-home.js";
import "./Dialog.css";

interface Props {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  /** Extra class for a dialog with its own sizing (e.g. the receipt dialog). */
  className?: string;
}

/** A modal: Esc closes it, the first field gets focus, and on close the keyboard goes back home (the scanner). */
export function Dialog({ title, testId, onClose, children, wide, className }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>("[autofocus], input, select, button.primary");
    first?.focus();
    return focusHome;
  }, []);
  return (
    <div className="backdrop">
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        className={["dialog", wide ? "wide" : "", className ?? ""].filter(Boolean).join(" ")}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
