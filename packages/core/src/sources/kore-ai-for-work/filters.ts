import type { FilterDefinition } from '../define-source.js';

/** The query filters of `/api/public/auditlogs`. */
export const AI_FOR_WORK_FILTER_DEFINITIONS: readonly FilterDefinition[] = [
  {
    name: 'entity',
    label: 'Entity',
    description: 'Only events on this kind of entity (usergroup, role, Agent, …)',
    type: 'string',
  },
  {
    name: 'entityId',
    label: 'Entity ID',
    description: 'Only events on the entity with this ID',
    type: 'string',
  },
  {
    name: 'userId',
    label: 'User ID',
    description: 'Only events by the user with this ID',
    type: 'string',
    flag: 'user',
  },
  {
    name: 'emailId',
    label: 'Email',
    description: 'Only events by the user with this email address',
    type: 'string',
    flag: 'email',
    placeholder: 'name@email.com',
  },
  {
    name: 'action',
    label: 'Action',
    description: 'Only events with this action (create, update or delete; exact match)',
    type: 'string',
  },
];

/** The filter names, as the read loop sends them. */
export const AI_FOR_WORK_FILTERS = AI_FOR_WORK_FILTER_DEFINITIONS.map((filter) => filter.name);
