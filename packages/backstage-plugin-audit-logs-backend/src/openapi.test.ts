import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Spec {
  paths: Record<string, Record<string, { parameters?: { $ref?: string; name?: string }[] }>>;
  components: { parameters: Record<string, { name: string }> };
}

const spec = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as Spec;
const router = readFileSync(new URL('./router/router.ts', import.meta.url), 'utf8');
const query = readFileSync(new URL('./router/query.ts', import.meta.url), 'utf8');

function parameterNames(path: string, method: string): string[] {
  return (spec.paths[path]?.[method]?.parameters ?? []).map((p) =>
    p.$ref ? spec.components.parameters[p.$ref.split('/').at(-1)!]!.name : p.name!,
  );
}

describe('openapi.yaml', () => {
  it('documents exactly the routes the router serves', () => {
    const served = [...router.matchAll(/router\.(get|post)\('([^']+)'/g)]
      .map(([, method, path]) => `${method} ${path!.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const documented = Object.entries(spec.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(served);
  });

  it('documents every query parameter the validation accepts', () => {
    const filters = [
      'source',
      'from',
      'to',
      'actor',
      'action',
      'category',
      'outcome',
      'user',
      'group',
      'q',
    ];
    expect(parameterNames('/events', 'get').sort()).toEqual([...filters, 'limit', 'cursor'].sort());
    expect(parameterNames('/events/export', 'get').sort()).toEqual([...filters, 'format'].sort());
    expect(parameterNames('/stats', 'get').sort()).toEqual(
      [...filters, 'interval', 'groupBy'].sort(),
    );
    expect(parameterNames('/facets', 'get').sort()).toEqual([...filters, 'field', 'limit'].sort());
    for (const path of ['/events', '/events/export', '/stats', '/facets'])
      for (const name of parameterNames(path, 'get')) expect(query).toContain(`'${name}'`);
  });
});
