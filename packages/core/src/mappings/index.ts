export { toEcs, ECS_VERSION, type EcsDocument } from './ecs.js';
export { toOcsf, OCSF_VERSION, type OcsfEvent } from './ocsf.js';
