// autoAppend and autoPurge: records added or removed after every N data/download requests of a
// vendor (any outcome), once that request's answer is computed: the data moves while a read pages.

import type { AutoAppendOptions, AutoPurgeOptions, SimulatedVendorId } from './types.js';

export interface DataChanges {
  append(vendor: SimulatedVendorId, count: number, lateByMs: number | undefined): void;
  purge(vendor: SimulatedVendorId, count: number): void;
  /** The server's clock (ms). */
  now(): number;
}

function check(name: string, options: { everyRequests: number; count: number }): void {
  if (!Number.isInteger(options.everyRequests) || options.everyRequests < 1)
    throw new Error(`${name}.everyRequests must be an integer >= 1`);
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new Error(`${name}.count must be a non-negative integer`);
}

export class AutoChanges {
  private readonly appends = new Map<
    SimulatedVendorId,
    AutoAppendOptions & { seen: number; added: number; due: boolean; lastAt: number }
  >();
  private readonly purges = new Map<SimulatedVendorId, AutoPurgeOptions & { seen: number }>();
  private readonly changes: DataChanges;

  constructor(changes: DataChanges) {
    this.changes = changes;
  }

  setAppend(vendor: SimulatedVendorId, options: AutoAppendOptions | false): void {
    if (options === false) {
      this.appends.delete(vendor);
      return;
    }
    check('autoAppend', options);
    if (options.upTo !== undefined && (!Number.isInteger(options.upTo) || options.upTo < 0))
      throw new Error('autoAppend.upTo must be a non-negative integer');
    const { minIntervalMs } = options;
    if (minIntervalMs !== undefined && !(Number.isFinite(minIntervalMs) && minIntervalMs >= 0))
      throw new Error('autoAppend.minIntervalMs must be a non-negative number');
    this.appends.set(vendor, {
      ...options,
      seen: 0,
      added: 0,
      due: false,
      lastAt: Number.NEGATIVE_INFINITY,
    });
  }

  setPurge(vendor: SimulatedVendorId, options: AutoPurgeOptions | false): void {
    if (options === false) {
      this.purges.delete(vendor);
      return;
    }
    check('autoPurge', options);
    this.purges.set(vendor, { ...options, seen: 0 });
  }

  /** Count one data or download request of `vendor`; append, then purge, when due. */
  afterRequest(vendor: SimulatedVendorId): void {
    const append = this.appends.get(vendor);
    if (append && ++append.seen % append.everyRequests === 0) append.due = true;
    if (append?.due) {
      const now = this.changes.now();
      if (now - append.lastAt >= (append.minIntervalMs ?? 0)) {
        append.due = false;
        append.lastAt = now;
        const count = Math.min(append.count, (append.upTo ?? Infinity) - append.added);
        if (count > 0) this.changes.append(vendor, count, append.lateByMs);
        append.added += Math.max(count, 0);
      }
    }
    const purge = this.purges.get(vendor);
    if (purge && ++purge.seen % purge.everyRequests === 0) {
      this.changes.purge(vendor, purge.count);
    }
  }
}
