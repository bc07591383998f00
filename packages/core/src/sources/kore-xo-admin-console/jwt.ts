export interface KoreJwtOptions {
  clientId: string;
  clientSecret: string;
  ttlSeconds: number;
  algorithm: 'HS256' | 'HS512';
  /** With jti, every request gets a fresh token (replay protection rejects reuse). */
  jwtId: boolean;
  now: () => number;
}

const REFRESH_MARGIN_SECONDS = 30;

/**
 * Signs Kore.ai platform JWTs: `{ appId, sub, iat, exp[, jti] }` with the client secret, reused
 * until shortly before expiry.
 */
export class KoreJwtSigner {
  readonly #options: KoreJwtOptions;
  readonly #key: Uint8Array;
  #cached: { token: string; exp: number } | undefined;
  #counter = 0;

  constructor(options: KoreJwtOptions) {
    this.#options = options;
    this.#key = new TextEncoder().encode(options.clientSecret);
  }

  async token(): Promise<string> {
    const nowSeconds = Math.floor(this.#options.now() / 1000);
    if (
      !this.#options.jwtId &&
      this.#cached &&
      this.#cached.exp - REFRESH_MARGIN_SECONDS > nowSeconds
    ) {
      return this.#cached.token;
    }
    const exp = nowSeconds + this.#options.ttlSeconds;
    // jose is loaded on the first signature, not with the core (Kore XO alone signs tokens).
    const { SignJWT } = await import('jose');
    const jwt = new SignJWT({ appId: this.#options.clientId })
      .setProtectedHeader({ alg: this.#options.algorithm, typ: 'JWT' })
      .setSubject('auditrelay')
      .setIssuedAt(nowSeconds)
      .setExpirationTime(exp);
    if (this.#options.jwtId)
      jwt.setJti(
        `${nowSeconds.toString(36)}-${(this.#counter++).toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
      );
    const token = await jwt.sign(this.#key);
    this.#cached = { token, exp };
    return token;
  }

  /** Forget the cached token (after a 401). */
  reset(): void {
    this.#cached = undefined;
  }
}
