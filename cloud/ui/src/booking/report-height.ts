import { HEIGHT_MESSAGE, type HeightMessage } from "./frame-message.js";

/**
 * Inside the widget's iframe, tells the host page the page's height whenever it changes (widget.ts sizes
 * the iframe by it). Only a height leaves the frame, so any origin may hear it.
 */
export function reportHeightWhenEmbedded(root: HTMLElement): void {
  if (window.parent === window) return;
  let last = 0;
  const report = () => {
    const height = Math.ceil(root.getBoundingClientRect().height) + 2;
    if (height === last) return;
    last = height;
    const message: HeightMessage = { type: HEIGHT_MESSAGE, height };
    window.parent.postMessage(message, "*");
  };
  new ResizeObserver(report).observe(root);
  report();
}
