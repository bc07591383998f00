import { AuditRelayError } from '../errors/auditrelay-error.js';
import type { DetectedBehaviour, ReadProof } from './proof.js';

export type CompletenessStatus =
  /** Still reading. */
  | 'running'
  /** Every window read was shown complete. */
  | 'complete'
  /** Stopped on purpose before the end (a `limit`): complete up to there, nothing claimed after. */
  | 'limited'
  /** A read could not show it was complete and stopped (`INCOMPLETE`). */
  | 'incomplete'
  /** A read failed (network, auth, vendor error…); nothing is claimed past what was delivered. */
  | 'failed'
  /** The source gives no proof of completeness (an extension source written before proofs). */
  | 'unverified';

/** Per source: what a fetch or a sync run delivered and how it showed that nothing is missing. */
export interface CompletenessReport {
  source: { id: string; type: string };
  status: CompletenessStatus;
  /** Events handed to the consumer (after dropping repeats). */
  delivered: number;
  /** Repeats of already-delivered events dropped (overlaps, shifted pages). */
  duplicatesDropped: number;
  /** One entry per window read to its end, with its proof. */
  windows: ReadProof[];
  /** Every server behaviour detected, once per code. */
  behaviours: DetectedBehaviour[];
  /** The windows' caveats, once each: what to know although the read is complete. */
  caveats?: string[];
  /** Why the read stopped, when it did not complete. Never contains a secret. */
  error?: { code: string; message: string };
}

/** Builds a report as pages and proofs arrive. */
export class ReportBuilder {
  readonly report: CompletenessReport;
  #windowsWithoutProof = 0;

  constructor(source: { id: string; type: string }) {
    this.report = {
      source: { id: source.id, type: source.type },
      status: 'running',
      delivered: 0,
      duplicatesDropped: 0,
      windows: [],
      behaviours: [],
    };
  }

  proof(proof: ReadProof): void {
    this.report.windows.push(proof);
    for (const behaviour of proof.behaviours) {
      if (!this.report.behaviours.some((b) => b.code === behaviour.code))
        this.report.behaviours.push(behaviour);
    }
    for (const caveat of proof.caveats ?? []) {
      this.report.caveats ??= [];
      if (!this.report.caveats.includes(caveat)) this.report.caveats.push(caveat);
    }
  }

  /** A read ended without a proof (only extension sources do). */
  unproven(): void {
    this.#windowsWithoutProof++;
  }

  finish(status: 'complete' | 'limited'): CompletenessReport {
    this.report.status =
      status === 'complete' && this.#windowsWithoutProof > 0 ? 'unverified' : status;
    return this.report;
  }

  fail(error: unknown): CompletenessReport {
    const known = AuditRelayError.isInstance(error);
    this.report.status = known && error.code === 'INCOMPLETE' ? 'incomplete' : 'failed';
    // Error messages of the core are already redacted; anything else is summarised.
    this.report.error = known
      ? { code: error.code, message: error.message }
      : { code: 'UNEXPECTED', message: 'The read failed unexpectedly.' };
    const behaviours = (error as { behaviours?: DetectedBehaviour[] }).behaviours;
    for (const behaviour of behaviours ?? []) {
      if (!this.report.behaviours.some((b) => b.code === behaviour.code))
        this.report.behaviours.push(behaviour);
    }
    return this.report;
  }
}

/** One line per report, for a terminal or a log: status, counts, how it was shown. */
export function describeReport(report: CompletenessReport): string {
  const { source, status, delivered, duplicatesDropped, windows, behaviours, caveats } = report;
  const methods = [...new Set(windows.map((w) => w.method))].join(', ');
  const counted = windows.filter((w) => w.vendorCount !== undefined);
  const vendorCount = counted.reduce((sum, w) => sum + (w.vendorCount ?? 0), 0);
  const parts = [
    `${source.type} "${source.id}": ${status}`,
    `${delivered} delivered`,
    ...(duplicatesDropped > 0 ? [`${duplicatesDropped} repeats dropped`] : []),
    ...(counted.length > 0 ? [`vendor count ${vendorCount}`] : []),
    ...(windows.length > 0
      ? [`${windows.length} window${windows.length === 1 ? '' : 's'} shown by ${methods}`]
      : []),
    ...(behaviours.length > 0 ? [`detected: ${behaviours.map((b) => b.code).join(', ')}`] : []),
    ...(caveats && caveats.length > 0 ? [`note: ${caveats.join('; ')}`] : []),
  ];
  return parts.join('; ');
}
