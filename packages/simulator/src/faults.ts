// Injected failures: explicit fault specs and seeded random ones.

import { Rng, seedOf } from './random.js';
import type {
  FaultBehavior,
  FaultController,
  FaultKind,
  FaultSpec,
  RandomFaultOptions,
  RouteKind,
  SimulatedVendorId,
} from './types.js';

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  fired: number;
}

const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'reset',
  'reset-mid-body',
  'delay',
  'truncated-json',
  'html-200',
  'duplicate-previous-page',
  'cached-answer',
  'token-expired',
];

export interface PickedFaults {
  /** Sum of all delay faults that fired. */
  delayMs: number;
  /** At most one non-delay fault. */
  fault?: FaultBehavior;
}

function matches(spec: FaultSpec, vendor: SimulatedVendorId, route: RouteKind): boolean {
  if (spec.route === undefined ? route === 'token' : spec.route !== route) return false;
  if (spec.vendor === undefined) return true;
  if (route === 'token') return spec.vendor.startsWith('uipath-');
  return spec.vendor === vendor;
}

export class Faults implements FaultController {
  private active: ActiveFault[] = [];
  private randomState: { rng: Rng; options: RandomFaultOptions } | undefined;

  add(fault: FaultSpec): void {
    if (!FAULT_KINDS.includes(fault.kind))
      throw new Error(`Unknown fault kind: ${String(fault.kind)}`);
    if (fault.kind === 'status' && !(fault.status >= 100 && fault.status <= 599)) {
      throw new Error(`Fault status must be 100..599, got ${fault.status}`);
    }
    this.active.push({ spec: { ...fault }, seen: 0, fired: 0 });
  }

  clear(): void {
    this.active = [];
    this.randomState = undefined;
  }

  random(options: RandomFaultOptions | false): void {
    if (options === false) {
      this.randomState = undefined;
      return;
    }
    if (options.kinds.length === 0) throw new Error('random faults need at least one kind');
    this.randomState = { rng: new Rng(seedOf(options.seed, 'faults')), options: { ...options } };
  }

  /** Decides the faults for one request. */
  pick(vendor: SimulatedVendorId, route: RouteKind): PickedFaults {
    const picked: PickedFaults = { delayMs: 0 };
    for (const f of this.active) {
      if (!matches(f.spec, vendor, route)) continue;
      f.seen++;
      if (f.seen <= (f.spec.afterRequests ?? 0) || f.fired >= (f.spec.times ?? 1)) continue;
      if (f.spec.kind === 'delay') {
        f.fired++;
        picked.delayMs += f.spec.ms;
      } else if (picked.fault === undefined) {
        f.fired++;
        picked.fault = f.spec;
      }
    }
    this.active = this.active.filter((f) => f.fired < (f.spec.times ?? 1));
    if (picked.fault === undefined && this.randomState !== undefined && route !== 'token') {
      const { rng, options } = this.randomState;
      const inScope = options.vendors === undefined || options.vendors.includes(vendor);
      if (inScope && rng.next() < options.probability) {
        const random = this.randomFault(rng, rng.pick(options.kinds));
        if (random.kind === 'delay') picked.delayMs += random.ms;
        else picked.fault = random;
      }
    }
    return picked;
  }

  private randomFault(rng: Rng, kind: FaultKind): FaultBehavior {
    switch (kind) {
      case 'status':
        return { kind, status: rng.pick([500, 502, 503, 504]) };
      case 'rate-limit':
        return { kind, retryAfter: 'seconds', retryAfterSeconds: 1 };
      case 'delay':
        return { kind, ms: rng.between(50, 250) };
      case 'reset':
      case 'reset-mid-body':
      case 'truncated-json':
      case 'html-200':
      case 'duplicate-previous-page':
      case 'token-expired':
        return { kind };
      case 'cached-answer':
        return { kind, ageSeconds: rng.between(1, 600) };
    }
  }
}
