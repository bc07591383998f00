import { z } from 'zod/v4';

// Lenient like the other UiPath schemas: nullable in practice, unknown fields kept for `raw`.
export const uipathUnifiedEventSchema = z.looseObject({
  id: z.string().min(1),
  createdOn: z.string().min(1),
  organizationId: z.string().nullish(),
  organizationName: z.string().nullish(),
  tenantId: z.string().nullish(),
  tenantName: z.string().nullish(),
  actorId: z.string().nullish(),
  actorName: z.string().nullish(),
  actorEmail: z.string().nullish(),
  eventType: z.string().nullish(),
  eventSource: z.string().nullish(),
  eventTarget: z.string().nullish(),
  /** A JSON document as a string. */
  eventDetails: z.string().nullish(),
  eventSummary: z.string().nullish(),
  /** 0 = success, 1 = failed (a string in the CSV download). */
  status: z.union([z.number(), z.string()]).nullish(),
  clientInfo: z
    .looseObject({ ipAddress: z.string().nullish(), ipCountry: z.string().nullish() })
    .nullish(),
});

export const uipathUnifiedResponseSchema = z.looseObject({
  auditEvents: z.array(uipathUnifiedEventSchema),
  /** Relative URLs of the neighbouring pages, or null. */
  next: z.string().nullish(),
  previous: z.string().nullish(),
});

const catalogNode = { id: z.string(), name: z.string() };

/** `…/api/query/sources`: source → eventTargets → eventTypes, each a GUID and a name. */
export const uipathUnifiedSourcesSchema = z.array(
  z.looseObject({
    ...catalogNode,
    eventTargets: z
      .array(
        z.looseObject({
          ...catalogNode,
          eventTypes: z.array(z.looseObject(catalogNode)).nullish(),
        }),
      )
      .nullish(),
  }),
);

export type UipathUnifiedEvent = z.infer<typeof uipathUnifiedEventSchema>;
export type UipathUnifiedSources = z.infer<typeof uipathUnifiedSourcesSchema>;
