// The nodes cover every source type of the core's registry: the source options, the credential
// shown for each type (a credential class this package ships), the config built from it, the
// filters and the trigger's sync defaults are all derived, never retyped.
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import {
  SOURCE_DEFINITIONS,
  SYNC_DEFAULTS,
  formOptionsOf,
  parseSourceConfig,
} from '@auditrelay/core/portable';
import { describe, expect, it } from 'vitest';
import { KoreAiForWorkApi } from '../credentials/KoreAiForWorkApi.credentials';
import { KoreAiXoApi } from '../credentials/KoreAiXoApi.credentials';
import { UiPathOAuth2Api } from '../credentials/UiPathOAuth2Api.credentials';
import { AuditRelay } from '../nodes/AuditRelay/AuditRelay.node';
import { AuditRelayTrigger } from '../nodes/AuditRelayTrigger/AuditRelayTrigger.node';
import { CREDENTIALS_BY_KIND, sourceConfig } from '../nodes/shared/source';
import packageJson from '../package.json';

const CREDENTIAL_CLASSES = [new KoreAiXoApi(), new KoreAiForWorkApi(), new UiPathOAuth2Api()];

function property(description: INodeTypeDescription, name: string): INodeProperties {
  const found = description.properties.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no property ${name}`);
  return found;
}

/** A filled-in credential of a class: a URL, a GUID or a name in every field. */
function filledCredential(name: string): Record<string, string> {
  const credential = CREDENTIAL_CLASSES.find((candidate) => candidate.name === name)!;
  return Object.fromEntries(
    credential.properties.map((field) => [
      field.name,
      /url|host/i.test(field.name)
        ? 'https://vendor.example'
        : /organizationId/.test(field.name)
          ? '00000000-0000-0000-0000-000000000000'
          : 'acme',
    ]),
  );
}

describe.each([
  ['Audit Relay', new AuditRelay()],
  ['Audit Relay Trigger', new AuditRelayTrigger()],
])('%s covers every registered source type', (_, node) => {
  const { description } = node;
  it('defaults the source to a registered type', () => {
    expect(SOURCE_DEFINITIONS.map(({ type }) => type)).toContain(
      property(description, 'source').default,
    );
  });

  it.each(SOURCE_DEFINITIONS.map((definition) => [definition.type, definition] as const))(
    '%s: an option, a shipped credential, a valid config and its filters',
    (type, definition) => {
      expect(property(description, 'source').options).toContainEqual({
        name: definition.displayName,
        value: type,
        description: definition.description,
      });

      const shown = (description.credentials ?? []).filter((credential) =>
        (credential.displayOptions?.show?.source ?? []).includes(type),
      );
      expect(shown.map((credential) => credential.name)).toEqual([
        CREDENTIALS_BY_KIND[definition.credentialKind].name,
      ]);
      const credentialName = shown[0]!.name;
      const shipped = CREDENTIAL_CLASSES.find((candidate) => candidate.name === credentialName);
      expect(shipped, `a credential class named ${credentialName}`).toBeDefined();
      expect(packageJson.n8n.credentials).toContain(
        `dist/credentials/${shipped!.constructor.name}.credentials.js`,
      );
      const fields = CREDENTIALS_BY_KIND[definition.credentialKind];
      const fieldNames = shipped!.properties.map((field) => field.name);
      for (const field of [fields.baseUrl, ...Object.values(fields.options)])
        expect(fieldNames).toContain(field);

      const config = parseSourceConfig(sourceConfig(type, filledCredential(credentialName)));
      expect(config).toMatchObject({ type, baseUrl: 'https://vendor.example' });

      if (definition.filters.length > 0) {
        const filters = property(description, 'filters');
        expect(filters.displayOptions?.show?.source).toContain(type);
        const options = filters.options as INodeProperties[];
        for (const filter of definition.filters) {
          const input = options.find((option) => option.name === filter.name);
          expect(input, `filter ${filter.name}`).toBeDefined();
          if (filter.choices === 'vendor') {
            // A dropdown the vendor fills in: its loadOptions method builds the source.
            expect(input!.type).toBe('multiOptions');
            const method = input!.typeOptions?.loadOptionsMethod;
            expect(typeof node.methods.loadOptions[method!]).toBe('function');
          } else {
            expect(input!.type).toBe('string');
          }
        }
      }

      // Each form option: a dropdown of its schema's values, shown for this type; the config
      // built with any of them is valid.
      for (const option of formOptionsOf(definition)) {
        const inputs = description.properties.filter(
          (candidate) =>
            candidate.name === option.name &&
            (candidate.displayOptions?.show?.source ?? []).includes(type),
        );
        expect(inputs, `form option ${option.name}`).toHaveLength(1);
        expect(inputs[0]).toMatchObject({ type: 'options', default: option.default });
        const values = (inputs[0]!.options as Array<{ value: string }>).map((o) => o.value);
        expect(values).toEqual(option.values);
        for (const value of values) {
          const withOption = sourceConfig(type, filledCredential(credentialName), {
            [option.name]: value,
          });
          expect(parseSourceConfig(withOption).options).toMatchObject({ [option.name]: value });
        }
      }
    },
  );
});

describe('filters and form options across types', () => {
  it('a filter name means the same input for every type that has it', () => {
    const byName = new Map<string, string>();
    for (const definition of SOURCE_DEFINITIONS)
      for (const { name, type, multiple, choices } of definition.filters) {
        const shape = JSON.stringify({ type, multiple, choices });
        expect(byName.get(name) ?? shape, `filter ${name}`).toBe(shape);
        byName.set(name, shape);
      }
  });

  it('no form option takes the name of another node parameter', () => {
    for (const { description } of [new AuditRelay(), new AuditRelayTrigger()]) {
      const formNames = new Set(
        SOURCE_DEFINITIONS.flatMap((definition) => definition.formOptions).map((o) => o.name),
      );
      const others = description.properties
        .filter((property) => !formNames.has(property.name))
        .map((property) => property.name);
      for (const name of formNames) expect(others).not.toContain(name);
    }
  });
});

describe('Audit Relay', () => {
  it('names the products that read one range, and only those, under Parallel Requests', () => {
    const { description } = property(new AuditRelay().description, 'parallelRequests');
    for (const { displayName, capabilities } of SOURCE_DEFINITIONS)
      expect(description?.includes(displayName), displayName).toBe(!capabilities.timeSlicing);
  });
});

describe('Audit Relay Trigger', () => {
  it("defaults lag and overlap to the core's SYNC_DEFAULTS", () => {
    const options = property(new AuditRelayTrigger().description, 'options').options as Array<{
      name: string;
      default: unknown;
    }>;
    expect(options.find((option) => option.name === 'lagSeconds')?.default).toBe(
      SYNC_DEFAULTS.lagSeconds,
    );
    expect(options.find((option) => option.name === 'overlapSeconds')?.default).toBe(
      SYNC_DEFAULTS.overlapSeconds,
    );
  });
});
