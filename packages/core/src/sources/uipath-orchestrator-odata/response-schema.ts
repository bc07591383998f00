import { z } from 'zod/v4';

// Field names and types follow UiPath's OpenAPI (AuditLogDto); lenient so new fields and
// nulls do not break ingestion, loose so `raw` keeps everything.
export const orchestratorEntitySchema = z.looseObject({
  Id: z.number().nullish(),
  AuditLogId: z.number().nullish(),
  EntityId: z.number().nullish(),
  EntityName: z.string().nullish(),
  Action: z.string().nullish(),
  CustomData: z.string().nullish(),
});

export const orchestratorRecordSchema = z.looseObject({
  Id: z.number().int(),
  ServiceName: z.string().nullish(),
  MethodName: z.string().nullish(),
  Parameters: z.string().nullish(),
  ExecutionTime: z.string(),
  Action: z.string().nullish(),
  Component: z.string().nullish(),
  DisplayName: z.string().nullish(),
  EntityId: z.number().nullish(),
  OperationText: z.string().nullish(),
  UserName: z.string().nullish(),
  UserType: z.string().nullish(),
  Entities: z.array(orchestratorEntitySchema).nullish(),
  ExternalClientId: z.string().nullish(),
  UserId: z.number().nullish(),
  UserIsDeleted: z.boolean().nullish(),
});

export const orchestratorListSchema = z.looseObject({
  '@odata.count': z.number().nullish(),
  value: z.array(orchestratorRecordSchema),
});

export const orchestratorDetailsSchema = z.looseObject({
  value: z.array(orchestratorEntitySchema),
});

export type OrchestratorRecord = z.infer<typeof orchestratorRecordSchema>;
export type OrchestratorEntity = z.infer<typeof orchestratorEntitySchema>;
