/** UiPath error bodies: `{ message, errorCode, traceId }`, ASP.NET `{ errors: { field: [msg] } }`, OAuth `{ error }`. */
export function uipathErrorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = body as Record<string, unknown>;
  if (typeof data.message === 'string') {
    const code = data.errorCode;
    return typeof code === 'number' || typeof code === 'string'
      ? `${data.message} (errorCode ${code})`
      : data.message;
  }
  if (typeof data.error === 'string') {
    return typeof data.error_description === 'string'
      ? `${data.error}: ${data.error_description}`
      : data.error;
  }
  if (typeof data.errors === 'object' && data.errors !== null) {
    const parts = Object.entries(data.errors as Record<string, unknown>).map(
      ([field, messages]) =>
        `${field}: ${Array.isArray(messages) ? messages.join(' ') : String(messages)}`,
    );
    if (parts.length > 0) return parts.join('; ');
  }
  if (typeof data.title === 'string') return data.title;
  return undefined;
}
