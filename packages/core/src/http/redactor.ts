const MIN_SECRET_LENGTH = 4;
const REDACTED = '[REDACTED]';

/**
 * Knows every secret of one source (configured secrets and tokens obtained at run time) and
 * removes them from any text before it reaches an error, a log line or an output.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret; also its URL-encoded form, which appears in query strings and forms. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    this.#secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.#secrets.add(encoded);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    // Credentials that were never registered but are recognisable by shape.
    return out
      .replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`)
      .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED)
      .replace(
        /("?(?:access_token|client_secret|clientSecret|apiKey|auth|authorization)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
        `$1${REDACTED}`,
      );
  }
}

/** Keeps the URL's path and non-secret query; drops credentials in userinfo. */
export function safeUrl(url: string, redactor: Redactor): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return redactor.redact(parsed.toString());
  } catch {
    return redactor.redact(url);
  }
}
