// UiPath Platform Management audit: GET …/audit_/api/auditlogs[/{partitionGlobalId}] and …/download.

import type { Handler } from '../context.js';
import { json, queryParam } from '../http-types.js';
import { StaleCounts } from '../stale-counts.js';
import { aspNetValidation } from '../vendor-errors.js';
import { intParam, isResponse } from './aspnet-query.js';
import { csvDownload } from './csv-download.js';
import { checkPlatformManagement } from './uipath-auth.js';
import { PM_SORT_FIELDS } from './uipath-platform.js';
import type { PmSortField, UiPathPlatformData, UiPathPlatformRecord } from './uipath-platform.js';

export const CSV_COLUMNS = [
  'Date',
  'Source',
  'Category',
  'Action',
  'User Name',
  'Email',
  'Message',
  'Details',
];

export function uipathPlatformList(data: UiPathPlatformData): Handler {
  // No filter parameters: one query, one cached count.
  const counts = new StaleCounts(1);
  return (req, ctx) => {
    const denied = checkPlatformManagement(req, ctx);
    if (denied) return denied;
    const pgid = req.params['partitionGlobalId'];
    if (
      pgid !== undefined &&
      pgid.toLowerCase() !== ctx.credentials.uipath.partitionGlobalId.toLowerCase()
    ) {
      return aspNetValidation('partitionGlobalId', pgid);
    }
    const b = ctx.behavior.uipathPlatform;
    const top = intParam(req, 'top');
    if (isResponse(top)) return top;
    const skip = intParam(req, 'skip');
    if (isResponse(skip)) return skip;
    let sortBy: PmSortField = 'createdOn';
    const sortByText = b.sortBy === 'honoured' ? queryParam(req.query, 'sortBy') : undefined;
    if (sortByText !== undefined && sortByText !== '') {
      const found = PM_SORT_FIELDS.find((f) => f.toLowerCase() === sortByText.toLowerCase());
      if (found === undefined) return aspNetValidation('sortBy', sortByText);
      sortBy = found;
    }
    let desc =
      b.sortOrder === 'honoured' ? b.defaultSortOrder === 'desc' : b.sortOrder === 'always-desc';
    const sortOrderText =
      b.sortOrder === 'honoured' ? queryParam(req.query, 'sortOrder') : undefined;
    if (sortOrderText !== undefined && sortOrderText !== '') {
      const order = sortOrderText.toLowerCase();
      if (order !== 'asc' && order !== 'desc') return aspNetValidation('sortOrder', sortOrderText);
      desc = order === 'desc';
    }
    if (top !== undefined && top > b.maxTop && b.oversizeTop === 'reject') {
      return aspNetValidation(
        'top',
        String(top),
        `The field top must be between 0 and ${b.maxTop}.`,
      );
    }
    const take = Math.min(top ?? b.defaultTop, b.maxTop);
    const from = skip ?? 0;
    let ords: number[];
    if (sortBy === 'createdOn') {
      ords = data.store.page({}, { by: 'key', dir: desc ? 'desc' : 'asc' }, { skip: from, take });
    } else {
      const perm = data.sortedBy(sortBy);
      const size = perm.length;
      ords = [];
      for (let i = from; i < size && ords.length < take; i++) {
        ords.push(perm[desc ? size - 1 - i : i]!);
      }
    }
    const body: Record<string, unknown> = {};
    if (b.totalCount === 'accurate') body['totalCount'] = data.store.live;
    if (b.totalCount === 'stale') body['totalCount'] = counts.get('', () => data.store.live);
    body['results'] = ords.map((ord) => data.record(ord));
    return json(200, body);
  };
}

function csvRow(r: UiPathPlatformRecord): string[] {
  return [
    r.createdOn,
    r.source,
    r.category,
    r.action,
    r.userName,
    r.email,
    r.message,
    r.auditLogDetails,
  ];
}

export function uipathPlatformDownload(data: UiPathPlatformData): Handler {
  return (req, ctx) => {
    const denied = checkPlatformManagement(req, ctx);
    if (denied) return denied;
    const size = intParam(req, 'size');
    if (isResponse(size)) return size;
    const count = size ?? ctx.behavior.uipathPlatform.downloadDefaultSize;
    const bom = ctx.behavior.uipathPlatform.csvBom;
    function* rows(): Generator<string[]> {
      let sent = 0;
      for (const ord of data.store.iterate({}, { by: 'key', dir: 'desc' })) {
        if (sent++ >= count) return;
        yield csvRow(data.record(ord));
      }
    }
    return csvDownload(CSV_COLUMNS, rows(), { name: 'audit-logs.csv', bom });
  };
}
