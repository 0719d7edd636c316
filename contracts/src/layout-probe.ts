/**
 * The layout rule both UIs keep (the till and the owner dashboard): text is never cut. No element with text
 * is wider inside than its box, no chart label leaves its drawing, nothing shows a CSS ellipsis over hidden
 * text, no name or total ends in "…" or "..". Every side's Chromium tests run the probe in the page, at each viewport they support:
 *
 *   const offenders = await page.evaluate(findCutText, { root: "body" });
 *
 * The functions below run in the browser, so each is self-contained: no imports, no closures, no helpers
 * outside its body (Playwright sends the function's source text to the page).
 */

/** One place where text does not fit, said so that a failing test names it. */
export interface CutText {
  /** A CSS path to the element: tag, test id or classes, up to the nearest test id. */
  selector: string;
  /** The element's text, shortened for the message. */
  text: string;
  /** overflow: wider inside than its box; ellipsis: CSS hides part of it; cut: the text itself ends in "…" or "..". */
  problem: "overflow" | "ellipsis" | "cut";
  scrollWidth: number;
  clientWidth: number;
}

export interface CutTextQuery {
  /** Where to look (a CSS selector); everything inside it that is visible is probed. */
  root: string;
}

/** Visible elements under `root` whose text does not fit, per the rule above; [] when everything fits. */
export function findCutText(query: CutTextQuery): CutText[] {
  const root = document.querySelector(query.root);
  if (!root) throw new Error(`findCutText: nothing matches ${query.root}`);
  const describe = (el: Element): string => {
    const parts: string[] = [];
    for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
      const testId = node.getAttribute("data-testid");
      const classes = [...node.classList]
        .slice(0, 2)
        .map((c) => `.${c}`)
        .join("");
      parts.unshift(testId ? `[data-testid="${testId}"]` : `${node.tagName.toLowerCase()}${classes}`);
      if (testId) break;
    }
    return parts.join(" > ");
  };
  const shown = (el: Element): boolean => {
    const style = getComputedStyle(el);
    return style.visibility !== "hidden" && el.getClientRects().length > 0;
  };
  // Text that sits directly in the element (or in inline children, which have no box of their own to overflow).
  const ownText = (el: Element): string => {
    let text = "";
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent ?? "";
      else if (child instanceof Element && getComputedStyle(child).display === "inline")
        text += child.textContent ?? "";
    }
    return text.replace(/\s+/g, " ").trim();
  };
  const found: CutText[] = [];
  const page = document.scrollingElement ?? document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1)
    found.push({
      selector: "html (the page scrolls sideways)",
      text: "",
      problem: "overflow",
      scrollWidth: page.scrollWidth,
      clientWidth: page.clientWidth,
    });
  for (const el of [root, ...root.querySelectorAll("*")]) {
    // Text in a drawing (a chart's axis) is cut where it leaves its <svg>, which clips it.
    if (el instanceof SVGTextElement) {
      const svg = el.ownerSVGElement;
      const text = (el.textContent ?? "").trim();
      if (!svg || !text || !shown(el)) continue;
      const box = el.getBoundingClientRect();
      const frame = svg.getBoundingClientRect();
      if (box.left < frame.left - 1 || box.right > frame.right + 1)
        found.push({
          selector: describe(el),
          text,
          problem: "overflow",
          scrollWidth: Math.round(box.width),
          clientWidth: Math.round(Math.min(box.right, frame.right) - Math.max(box.left, frame.left)),
        });
      continue;
    }
    if (el instanceof SVGElement || !shown(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === "inline" || style.display === "contents") continue;
    const text = ownText(el);
    if (!text) continue;
    const base = {
      selector: describe(el),
      text: text.length > 80 ? `${text.slice(0, 80)}…` : text,
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    };
    const overflows = el.scrollWidth > el.clientWidth + 1;
    if (overflows && style.textOverflow === "ellipsis") found.push({ ...base, problem: "ellipsis" });
    else if (overflows) found.push({ ...base, problem: "overflow" });
    // A word glued to an ellipsis is text cut by code ("Mar…", "A.."); a spaced "…" in a sentence is not. A
    // progress line ("Cargando…") looks the same: probe a screen once it has settled.
    if (/[\p{L}\p{N}](…|\.\.)$/u.test(text)) found.push({ ...base, problem: "cut" });
  }
  return found;
}

/** How many lines the text of the element matching `selector` takes on screen (0 when there is none). */
export function renderedLines(selector: string): number {
  const el = document.querySelector(selector);
  if (!el) throw new Error(`renderedLines: nothing matches ${selector}`);
  const range = document.createRange();
  range.selectNodeContents(el);
  // One rectangle per line box fragment and per inline box on it; a line is a band of rectangles that overlap
  // vertically (a big amount and its small label share a line though their tops differ).
  const bands: { top: number; bottom: number }[] = [];
  for (const rect of range.getClientRects()) {
    if (rect.width === 0 || rect.height === 0) continue;
    const band = bands.find(
      (b) =>
        Math.min(b.bottom, rect.bottom) - Math.max(b.top, rect.top) >
        Math.min(b.bottom - b.top, rect.height) / 2,
    );
    if (band) {
      band.top = Math.min(band.top, rect.top);
      band.bottom = Math.max(band.bottom, rect.bottom);
    } else bands.push({ top: rect.top, bottom: rect.bottom });
  }
  return bands.length;
}

/** A control a finger can miss: smaller than the touch size on either side. */
export interface SmallTarget {
  selector: string;
  text: string;
  width: number;
  height: number;
}

/**
 * Visible buttons, fields and list options under `root` smaller than `min` px (44: the size a fingertip hits
 * behind a bar, WCAG 2.5.5). Links inside a sentence (button.link) are text, not targets, and are left out.
 */
export function findSmallTargets(query: { root: string; min: number }): SmallTarget[] {
  const root = document.querySelector(query.root);
  if (!root) throw new Error(`findSmallTargets: nothing matches ${query.root}`);
  const found: SmallTarget[] = [];
  const controls = root.querySelectorAll(
    'button:not(.link), input:not([type="hidden"]), select, textarea, [role="option"]',
  );
  for (const el of controls) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
    // A checkbox is hit through its label: the label is the target.
    const target = el instanceof HTMLInputElement && el.type === "checkbox" && el.closest("label");
    const box = target ? target.getBoundingClientRect() : rect;
    if (box.width + 0.5 >= query.min && box.height + 0.5 >= query.min) continue;
    const testId = el.getAttribute("data-testid");
    found.push({
      selector: testId
        ? `[data-testid="${testId}"]`
        : `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`,
      text: (el.textContent ?? "").trim().slice(0, 40),
      width: Math.round(box.width),
      height: Math.round(box.height),
    });
  }
  return found;
}
