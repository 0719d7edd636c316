/**
 * Where the keyboard goes when nothing else wants it: on the till, the barcode input, because a scanner is a
 * keyboard and a scan typed into a button or nowhere is a lost sale line. Dialogs call focusHome() on close.
 */
let home: (() => void) | null = null;

export function setFocusHome(focus: (() => void) | null): void {
  home = focus;
}

export function focusHome(): void {
  // After the closing dialog has left the DOM; if another dialog replaced it (payment → receipt), it keeps the keyboard.
  setTimeout(() => {
    if (!isDialogOpen()) home?.();
  }, 0);
}

export function isDialogOpen(): boolean {
  return document.querySelector('[role="dialog"]') !== null;
}
