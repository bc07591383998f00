import { InputError } from '@backstage/errors';

/** A keyset position: the last row's `occurred_at` and store id. */
export interface EventCursor {
  occurredAt: string;
  id: number;
}

export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.occurredAt, cursor.id])).toString('base64url');
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Reads a cursor from `GET /events?cursor=`; a tampered or foreign one is a 400. */
export function decodeCursor(text: string): EventCursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      ISO.test(value[0]) &&
      Number.isSafeInteger(value[1]) &&
      (value[1] as number) > 0
    )
      return { occurredAt: value[0], id: value[1] as number };
  } catch {
    // fall through
  }
  throw new InputError(
    'Invalid query parameter "cursor": expected a nextCursor from a previous page',
  );
}
