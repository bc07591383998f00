import type { ReadEvidence } from '../../completeness/read-evidence.js';
import { HttpError } from '../../errors/http-error.js';

/**
 * The page size a source asks for, halved while the server refuses it (400) and remembered for
 * the source's later reads. Vendors do not say whether they clamp an oversized page or reject it.
 */
export class PageSize {
  #current: number;
  readonly #parameter: string;
  readonly #mentioned: RegExp;

  /** `parameter` is the query name (`size`, `top`, `$top`) a refusal's body would mention. */
  constructor(initial: number, parameter: string) {
    this.#current = initial;
    this.#parameter = parameter;
    this.#mentioned = new RegExp(`\\b${parameter.replace(/^\$/, '')}\\b`, 'i');
  }

  get current(): number {
    return this.#current;
  }

  /** Runs a request with the current size, shrinking it while the server rejects it. */
  async request<T>(evidence: ReadEvidence, send: (size: number) => Promise<T>): Promise<T> {
    const asked = this.#current;
    for (;;) {
      try {
        const result = await send(this.#current);
        if (this.#current < asked) {
          evidence.saw(
            'page-size-rejected',
            `the server rejected ${this.#parameter}=${asked} and accepts ${this.#current}`,
          );
        }
        return result;
      } catch (error) {
        // Only a 400 whose body names the size parameter: any other refusal is not about size.
        const rejected =
          error instanceof HttpError &&
          error.status === 400 &&
          this.#mentioned.test(error.bodyExcerpt ?? '');
        if (!rejected || this.#current <= 1) throw error;
        this.#current = Math.max(1, Math.floor(this.#current / 2));
      }
    }
  }
}
