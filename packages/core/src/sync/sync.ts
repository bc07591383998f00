import { throwIfAborted } from '../http/abort.js';
import type { AuditEvent } from '../models/audit-event.js';
import {
  CHECKPOINT_VERSION,
  parseCheckpoint,
  type Checkpoint,
  type SourceCursor,
} from '../models/checkpoint.js';
import { AuditRelayError } from '../errors/auditrelay-error.js';
import type { AuditSource, SourceFilters } from '../sources/source.js';
import { parseTimeInput } from '../time-input/parse-time-input.js';
import { checkFilters } from './fetch-events.js';
import { RecentKeys } from './recent-keys.js';
import { SYNC_DEFAULTS } from './sync-defaults.js';
import { ReportBuilder, type CompletenessReport } from '../completeness/report.js';

export interface SyncOptions {
  /** Read up to `now − lagMs`. Default `SYNC_DEFAULTS.lagSeconds` (60 s). */
  lagMs?: number;
  /** Re-read this much before the watermark. Default `SYNC_DEFAULTS.overlapSeconds` (5 min). */
  overlapMs?: number;
  /**
   * First run without a checkpoint starts here (read by `parseTimeInput`: without an offset it is
   * UTC). Default: `initialLookbackMs` before now.
   */
  startAt?: Date | string;
  /** Default `SYNC_DEFAULTS.initialLookbackHours` (24 h). */
  initialLookbackMs?: number;
  filters?: SourceFilters;
  signal?: AbortSignal;
  now?: () => number;
}

export interface SyncBatch {
  /** New events, never delivered before under this checkpoint lineage. */
  events: AuditEvent[];
  /** Commit this after the events are stored; resuming from it loses nothing. */
  checkpoint: Checkpoint;
  /** True on the last batch of the run. */
  done: boolean;
}

interface WindowState {
  start?: string;
  end: string;
}

const KEEP_LAST_KEYS = 2_000;

/** The batches of a sync run, and what the run showed about their completeness. */
export interface SyncStream extends AsyncIterable<SyncBatch> {
  /** Updated as windows complete; final once iteration has ended or failed. */
  readonly report: CompletenessReport;
}

/**
 * One incremental run. The window end (now − lag) is frozen once; the window starts at the last
 * watermark minus the overlap. Boundary duplicates are dropped against the checkpoint's recent
 * keys. Each batch carries the checkpoint to commit *after* the consumer has stored it; a run
 * interrupted mid-window resumes the same window from the source's cursor.
 */
export function sync(
  source: AuditSource,
  checkpoint?: Checkpoint | string | null,
  options: SyncOptions = {},
): SyncStream {
  const builder = new ReportBuilder(source);
  return {
    report: builder.report,
    [Symbol.asyncIterator]: () =>
      syncBatches(source, checkpoint, options, builder)[Symbol.asyncIterator](),
  };
}

async function* syncBatches(
  source: AuditSource,
  checkpoint: Checkpoint | string | null | undefined,
  options: SyncOptions,
  builder: ReportBuilder,
): AsyncIterable<SyncBatch> {
  let held: { events: AuditEvent[]; checkpoint: Checkpoint } | undefined;
  try {
    yield* runWindows();
    builder.finish('complete');
  } catch (error) {
    builder.fail(error);
    // What was read before the failure is delivered with its mid-window checkpoint, which
    // resumes exactly where this run stopped.
    if (held) {
      const flushed = held;
      held = undefined;
      yield { ...flushed, done: false };
    }
    throw error;
  } finally {
    if (builder.report.status === 'running') builder.finish('limited');
  }

  async function* runWindows(): AsyncIterable<SyncBatch> {
    const previous = checkpoint ? parseCheckpoint(checkpoint) : undefined;
    if (previous && (previous.source.id !== source.id || previous.source.type !== source.type)) {
      throw new AuditRelayError({
        code: 'CHECKPOINT_INVALID',
        message: `The checkpoint belongs to ${previous.source.type} "${previous.source.id}", not ${source.type} "${source.id}".`,
      });
    }
    checkFilters(source, options.filters);
    const now = (options.now ?? Date.now)();
    const lagMs = options.lagMs ?? SYNC_DEFAULTS.lagSeconds * 1000;
    const overlapMs = options.overlapMs ?? SYNC_DEFAULTS.overlapSeconds * 1000;
    const runEnd = new Date(now - lagMs);

    const keys = new RecentKeys();
    // Stored keys belong to events near the old watermark; they age out once the overlap passes it.
    const storedKeyTime = previous?.watermark
      ? Date.parse(previous.watermark)
      : Number.POSITIVE_INFINITY;
    for (const key of previous?.recentKeys ?? []) keys.add(key, storedKeyTime);
    let watermark = previous?.watermark;
    let cursor: SourceCursor | undefined = previous?.cursor;
    const inProgress = previous?.window;

    const windows: WindowState[] = [];
    if (inProgress) windows.push(inProgress);
    const lastEnd = inProgress?.end ?? watermark;
    // Read as every host reads a time: without an offset it is UTC, not the machine's zone.
    const initialStart = options.startAt
      ? parseTimeInput(options.startAt, { now, field: 'startAt' })
      : new Date(
          now - (options.initialLookbackMs ?? SYNC_DEFAULTS.initialLookbackHours * 3_600_000),
        );
    const nextStart = lastEnd ? new Date(Date.parse(lastEnd) - overlapMs) : initialStart;
    if (Number.isNaN(nextStart.getTime())) {
      throw new AuditRelayError({
        code: 'CHECKPOINT_INVALID',
        message: 'The checkpoint watermark is not a valid time.',
      });
    }
    // Every run re-reads the overlap, also one starting in the millisecond the last one ended or on
    // a host whose clock is behind it: records that arrived late meanwhile are stamped in there.
    // Such a window ends where the last one did, so the watermark never moves back.
    const windowEnd =
      lastEnd && Date.parse(lastEnd) > runEnd.getTime() ? new Date(lastEnd) : runEnd;
    // A start at or after the end (e.g. startAt in the lag) means nothing is due yet.
    if (nextStart.getTime() < windowEnd.getTime()) {
      windows.push({ start: nextStart.toISOString(), end: windowEnd.toISOString() });
    }

    const snapshot = (window: WindowState | undefined): Checkpoint => {
      // Mid-window the cursor resumes exactly: the last keys suffice. At a window's end, keep
      // every key the next run's overlap will re-read.
      const since = window
        ? Number.POSITIVE_INFINITY
        : (watermark ? Date.parse(watermark) : 0) - overlapMs;
      const state: Checkpoint = {
        version: CHECKPOINT_VERSION,
        source: { type: source.type, id: source.id },
        ...(watermark ? { watermark } : {}),
        ...(cursor ? { cursor } : {}),
        recentKeys: keys.keysSince(since, KEEP_LAST_KEYS),
        updatedAt: new Date((options.now ?? Date.now)()).toISOString(),
        ...(window ? { window } : {}),
      };
      return state;
    };

    for (const [index, window] of windows.entries()) {
      const resuming = window === inProgress;
      const readCursor = resuming || source.capabilities.persistentCursor ? cursor : undefined;
      const pages = source.read({
        start: window.start ? new Date(window.start) : undefined,
        end: new Date(window.end),
        cursor: readCursor,
        filters: options.filters,
        mode: 'sync',
        signal: options.signal,
      });
      let proven = false;
      for await (const page of pages) {
        throwIfAborted(options.signal);
        if (page.proof) {
          builder.proof(page.proof);
          proven = true;
        }
        const fresh: AuditEvent[] = [];
        for (const event of page.events) {
          if (keys.addIfNew(event.dedupeKey, Date.parse(event.occurredAt))) fresh.push(event);
        }
        builder.report.delivered += fresh.length;
        builder.report.duplicatesDropped += page.events.length - fresh.length;
        if (page.cursor) cursor = page.cursor;
        // A page with nothing new (repeats, or a read's closing proof) only moves the checkpoint
        // of the batch held back; it does not make a batch of its own.
        if (held && fresh.length === 0) {
          held = { events: held.events, checkpoint: snapshot(window) };
          continue;
        }
        if (held) yield { ...held, done: false };
        held = { events: fresh, checkpoint: snapshot(window) };
      }
      if (!proven) builder.unproven();
      // The window is complete: its end becomes the watermark.
      watermark = window.end;
      if (!source.capabilities.persistentCursor) cursor = undefined;
      const completed = snapshot(undefined);
      if (held) held = { events: held.events, checkpoint: completed };
      else held = { events: [], checkpoint: completed };
      if (index < windows.length - 1) {
        yield { ...held, done: false };
        held = undefined;
      }
    }
    const last = held ?? { events: [], checkpoint: snapshot(undefined) };
    held = undefined;
    yield { ...last, done: true };
  }
}
