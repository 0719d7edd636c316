/**
 * How a link reaches the buyer. WhatsApp's documented click-to-chat URL (https://wa.me/<number>?text=…):
 * to the customer's phone when the link has one (E.164 without the "+"), otherwise the owner picks the chat.
 */
export function whatsappShareUrl(text: string, phoneE164?: string | null): string {
  const number = phoneE164 ? phoneE164.replace(/\D/g, "") : "";
  return `https://wa.me/${number}?text=${encodeURIComponent(text)}`;
}

/** Copies to the clipboard where the browser lets the page (https or localhost); false otherwise. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await globalThis.navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
