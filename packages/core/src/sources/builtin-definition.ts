import type { z } from 'zod/v4';
import type { Sleep } from '../http/abort.js';
import type { HttpTransport } from '../http/transport.js';
import type { AuditEvent } from '../models/audit-event.js';
import { defineSource, type SourceDefinition, type SourceSpec } from './define-source.js';
import type { AuditSource } from './source.js';
import type { SourceDependencies } from './source-context.js';

/** What a built-in source's factory gets: the host's transport and clock, always. */
export type BuiltInDependencies = SourceDependencies & { transport: HttpTransport; sleep: Sleep };

/** A source type built into the core: the contract plus its config schema and normalizer. */
export interface BuiltInSourceDefinition<
  Type extends string = string,
  Schema extends z.ZodType = z.ZodType,
  Config = never,
> extends SourceDefinition<Config, BuiltInDependencies> {
  readonly type: Type;
  /** The strict config schema of this type (a member of `sourceConfigSchema`). */
  readonly configSchema: Schema;
  readonly credentialKind: NonNullable<SourceDefinition['credentialKind']>;
  create(config: Config, dependencies: BuiltInDependencies): AuditSource;
  readonly normalize: (record: never, source: { type: string; id: string }) => AuditEvent;
}

/** `defineSource` for the core's own vendor folders: same contract, schema and normalizer required. */
export function defineBuiltInSource<Type extends string, Schema extends z.ZodType, Config>(
  spec: SourceSpec<Config, BuiltInDependencies> & {
    type: Type;
    configSchema: Schema;
    credentialKind: BuiltInSourceDefinition['credentialKind'];
    create(config: Config, dependencies: BuiltInDependencies): AuditSource;
    normalize: (record: never, source: { type: string; id: string }) => AuditEvent;
  },
): BuiltInSourceDefinition<Type, Schema, Config> {
  return defineSource(spec) as BuiltInSourceDefinition<Type, Schema, Config>;
}
