const MIN_SECRET_LENGTH = 4;
/** Base64 cores shorter than this would match unrelated base64 text. */
const MIN_BASE64_CORE = 8;
/** Per-request tokens kept (Kore JWTs with `jti` are one per request); older ones are dropped. */
const MAX_TOKENS = 64;
const REDACTED = '[REDACTED]';

/** Key names whose value is a credential wherever it appears (JSON, form, header, query). */
const SECRET_KEYS =
  'access_token|refresh_token|id_token|client_secret|clientSecret|client_assertion|password|passwd|api_key|apiKey|x-api-key|auth|authorization|proxy-authorization';
// `"key": "value"` with JSON escapes inside the value.
const JSON_VALUE = new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*")(?:\\\\.|[^"\\\\])*(")`, 'gi');
// `key=value` (forms, queries) and `key: value` (headers, logs) up to a delimiter.
const PLAIN_VALUE = new RegExp(
  `((?:^|[^A-Za-z0-9_-])(?:${SECRET_KEYS})"?\\s*[:=]\\s*"?)(?!\\[REDACTED\\])[^"&\\s,;}]+`,
  'gi',
);

/**
 * Every form a secret takes on the wire or in a body: as is, URL-encoded (path and query),
 * form-encoded (`+` for spaces), JSON-escaped, and base64/base64url at any alignment (so it is
 * also found inside a longer base64 blob such as a Basic `id:secret` header).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  forms.add(JSON.stringify(secret).slice(1, -1));
  // Some serializers escape `/` and every non-ASCII character.
  forms.add(
    JSON.stringify(secret)
      .slice(1, -1)
      .replace(/\//g, '\\/')
      .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  const bytes = new TextEncoder().encode(secret);
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = toBase64(padded);
    // Characters touched by the padding in front, or by whatever follows, differ by context.
    const start = Math.ceil((offset * 4) / 3);
    const end = Math.floor(((offset + bytes.length) * 4) / 3);
    const core = encoded.slice(start, end);
    if (core.length < MIN_BASE64_CORE) continue;
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  forms.delete('');
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Knows every secret of one source (configured secrets, and tokens obtained at run time) and
 * removes them, in every encoding they travel in, from any text before it reaches an error, a
 * log line or an output. Credentials that were never registered but are recognisable by shape
 * (Bearer and Basic values, JWTs, values of credential-named keys) go too.
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  /** Recent per-request tokens, oldest first; bounded so a long run does not grow it forever. */
  readonly #tokens = new Map<string, string[]>();
  #forms: string[] | undefined;

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret for the life of the source (a configured credential). */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    for (const form of secretForms(secret)) this.#secrets.add(form);
    this.#forms = undefined;
  }

  /**
   * Registers a token obtained at run time. Only the most recent ones are kept: with one token
   * per request the set would otherwise grow with every request (an older token still matches
   * the JWT and Bearer shapes).
   */
  addToken(token: string | undefined): void {
    if (!token || token.length < MIN_SECRET_LENGTH || this.#tokens.has(token)) return;
    this.#tokens.set(token, secretForms(token));
    if (this.#tokens.size > MAX_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value!);
    this.#forms = undefined;
  }

  /** How many per-request tokens are held (for tests of the bound). */
  get tokenCount(): number {
    return this.#tokens.size;
  }

  redact(text: string): string {
    // Longest first: a secret's encoded form may contain another, shorter secret.
    this.#forms ??= [...this.#secrets, ...[...this.#tokens.values()].flat()].sort(
      (a, b) => b.length - a.length,
    );
    let out = text;
    for (const form of this.#forms) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return out
      .replace(/\b(Bearer)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`)
      .replace(/\b(Basic)\s+([A-Za-z0-9+/]{6,}={0,2})/gi, (match, scheme: string, value: string) =>
        // Base64 has capitals or digits past its first character; "Basic authentication" has not.
        /[A-Z0-9+/=]/.test(value.slice(1)) ? `${scheme} ${REDACTED}` : match,
      )
      .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED)
      .replace(JSON_VALUE, `$1${REDACTED}$2`)
      .replace(PLAIN_VALUE, `$1${REDACTED}`);
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

/** The secrets in a URL's userinfo (a proxy URL `http://user:password@host`), decoded and not. */
export function urlCredentials(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const { username, password } = new URL(url);
    return [username, password, safeDecode(username), safeDecode(password)].filter(Boolean);
  } catch {
    return [];
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
