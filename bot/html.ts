/** Escapes text for an HTML element or a quoted attribute value (`& < > " '` as numeric references). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
