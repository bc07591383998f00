import { terminalText } from './output/terminal-text.js';

/**
 * One status line on stderr, only when stderr is a terminal: events, pages, rate and, when the
 * vendor reports a total, an ETA. Never mixes with stdout data.
 */
export class Progress {
  readonly #enabled: boolean;
  readonly #started = Date.now();
  #last = 0;
  #drawn = false;

  constructor(enabled = Boolean(process.stderr.isTTY)) {
    this.#enabled = enabled;
  }

  update(
    label: string,
    state: { events: number; pages: number; total?: number },
    force = false,
  ): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (!force && now - this.#last < 100) return;
    this.#last = now;
    const seconds = Math.max(0.001, (now - this.#started) / 1000);
    const rate = state.events / seconds;
    let line = `${terminalText(label)}: ${state.events.toLocaleString('en')} events, ${state.pages} pages, ${Math.round(rate).toLocaleString('en')}/s`;
    if (state.total && state.total > state.events && rate > 0) {
      line += `, ~${Math.ceil((state.total - state.events) / rate)}s left of ${state.total.toLocaleString('en')}`;
    }
    const width = process.stderr.columns ?? 100;
    process.stderr.write(
      `\r${line.slice(0, width - 1).padEnd(Math.min(width - 1, line.length + 2))}`,
    );
    this.#drawn = true;
  }

  done(): void {
    if (this.#enabled && this.#drawn) process.stderr.write('\r\x1b[K');
    this.#drawn = false;
  }
}
