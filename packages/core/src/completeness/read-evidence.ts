import { AuditRelayError } from '../errors/auditrelay-error.js';
import type {
  BehaviourCode,
  DetectedBehaviour,
  ProofMethod,
  ReadProof,
  ReadWindow,
} from './proof.js';

/** A read that could not show it was complete. Everything it yielded before stays delivered. */
export class IncompleteReadError extends AuditRelayError {
  readonly window: ReadWindow;
  readonly behaviours: DetectedBehaviour[];
  readonly delivered: number;

  constructor(options: {
    message: string;
    window: ReadWindow;
    behaviours: DetectedBehaviour[];
    delivered: number;
  }) {
    super({ code: 'INCOMPLETE', message: options.message });
    this.name = 'IncompleteReadError';
    this.window = options.window;
    this.behaviours = options.behaviours;
    this.delivered = options.delivered;
  }
}

/** What a read needs of its HTTP client: how many answers from a cache it refused so far. */
export interface CachedAnswers {
  readonly cachedAnswers: { count: number; lastAge: number };
}

function describeWindow(window: ReadWindow): string {
  return `${window.start ?? 'the beginning'} .. ${window.end}`;
}

/**
 * What one read learns about the server while it pages, and the proof (or the loud failure) it
 * ends with. One per `read()` call.
 */
export class ReadEvidence {
  readonly window: ReadWindow;
  readonly #label: string;
  readonly #behaviours = new Map<BehaviourCode, DetectedBehaviour>();
  readonly #caveats: string[] = [];
  #delivered = 0;
  #vendorCount: number | undefined;

  readonly #caches: CachedAnswers | undefined;
  readonly #cachedBefore: number;

  /** `caches`: the source's HTTP client, whose refused cached answers the read reports. */
  constructor(label: string, start: Date | undefined, end: Date, caches?: CachedAnswers) {
    this.#label = label;
    this.window = { ...(start ? { start: start.toISOString() } : {}), end: end.toISOString() };
    this.#caches = caches;
    this.#cachedBefore = caches?.cachedAnswers.count ?? 0;
  }

  /** Cached answers refused since the read began (the client's, so also a concurrent read's). */
  #noteCaches(): void {
    const refused = (this.#caches?.cachedAnswers.count ?? 0) - this.#cachedBefore;
    if (refused > 0) {
      this.saw(
        'answer-cached',
        `a cache answered ${refused} time${refused === 1 ? '' : 's'} with a stored answer (Age: ${this.#caches!.cachedAnswers.lastAge} s); each was refused and the API asked again`,
      );
    }
  }

  /** Records the first sighting of a behaviour; later ones with the same code are ignored. */
  saw(code: BehaviourCode, detail: string): void {
    if (!this.#behaviours.has(code)) this.#behaviours.set(code, { code, detail });
  }

  /** Something the user should know although the read is complete (printed with the report). */
  caveat(text: string): void {
    if (!this.#caveats.includes(text)) this.#caveats.push(text);
  }

  has(code: BehaviourCode): boolean {
    return this.#behaviours.has(code);
  }

  get behaviours(): DetectedBehaviour[] {
    return [...this.#behaviours.values()];
  }

  /** Counts records of the window handed to the caller. */
  delivered(count: number): void {
    this.#delivered += count;
  }

  get deliveredCount(): number {
    return this.#delivered;
  }

  /** The vendor's count for the window, taken once at the start of the read. */
  vendorCount(count: number | null | undefined): void {
    if (this.#vendorCount === undefined && typeof count === 'number') this.#vendorCount = count;
  }

  get knownVendorCount(): number | undefined {
    return this.#vendorCount;
  }

  prove(method: ProofMethod, detail: string): ReadProof {
    this.#noteCaches();
    return {
      window: this.window,
      delivered: this.#delivered,
      ...(this.#vendorCount !== undefined ? { vendorCount: this.#vendorCount } : {}),
      method,
      detail,
      behaviours: this.behaviours,
      ...(this.#caveats.length > 0 ? { caveats: [...this.#caveats] } : {}),
    };
  }

  /** Ends the read loudly: names the source, the window and what the server did. */
  fail(reason: string): IncompleteReadError {
    this.#noteCaches();
    const seen = this.behaviours.map((b) => b.detail);
    return new IncompleteReadError({
      message: `${this.#label}: cannot show that the read of ${describeWindow(this.window)} is complete: ${reason}${seen.length > 0 ? ` (seen: ${seen.join('; ')})` : ''}. The ${this.#delivered} events delivered so far are kept; no checkpoint moves past this window.`,
      window: this.window,
      behaviours: this.behaviours,
      delivered: this.#delivered,
    });
  }
}
