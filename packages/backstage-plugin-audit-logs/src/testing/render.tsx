import type { ApiHolder, ApiRef } from '@backstage/frontend-plugin-api';
import { createVersionedContext, createVersionedValueMap } from '@backstage/version-bridge';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { auditLogsApiRef, type AuditLogsApi } from '../api.js';

const ApiContext = createVersionedContext<{ 1: ApiHolder }>('api-context');

/** Renders with `api` behind auditLogsApiRef, the way a Backstage app provides it. */
export function renderWithApi(element: ReactElement, api: AuditLogsApi): RenderResult {
  const holder: ApiHolder = {
    get: <T,>(ref: ApiRef<T>) => (ref.id === auditLogsApiRef.id ? (api as T) : undefined),
  };
  return render(
    <ApiContext.Provider value={createVersionedValueMap({ 1: holder })}>
      {element}
    </ApiContext.Provider>,
  );
}
