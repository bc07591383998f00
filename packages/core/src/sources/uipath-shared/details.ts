/** UiPath sends audit details as JSON inside a string; unreadable text is kept as-is. */
export function parseDetails(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
