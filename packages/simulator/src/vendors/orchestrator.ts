// UiPath Orchestrator OData audit records (AuditLogDto / AuditLogEntityDto).

import { Dataset, MS_SCALE } from '../dataset.js';
import { uint8Column } from '../growable.js';
import { isoMs } from '../iso-time.js';
import { PEOPLE, ROLES } from '../pools.js';
import { Rng, cumulative, mix, pickWeighted } from '../random.js';
import type { StoreRange } from '../record-store.js';
import type { GroundTruthQuery } from '../types.js';

export interface AuditLogEntityDto {
  Id: number;
  AuditLogId: number;
  EntityId: number;
  EntityName: string;
  Action: string;
  CustomData: string;
}

export interface AuditLogDto {
  ServiceName: string;
  MethodName: string;
  Parameters: string;
  ExecutionTime: string;
  Action: string;
  Component: string;
  DisplayName: string;
  EntityId: number;
  OperationText: string;
  UserName: string;
  UserType: string;
  Entities: AuditLogEntityDto[];
  ExternalClientId: string | null;
  UserId: number;
  UserIsDeleted: boolean;
  Id: number;
}

interface Actor {
  userName: string;
  userType: 'User' | 'Robot' | 'DirectoryUser' | 'DirectoryExternalApplication';
}

const ACTORS: readonly Actor[] = [
  ...PEOPLE.map((p): Actor => ({ userName: p.email, userType: 'DirectoryUser' })),
  { userName: 'admin', userType: 'User' },
  { userName: 'ROBOT-FIN-01', userType: 'Robot' },
  { userName: 'ROBOT-HR-02', userType: 'Robot' },
  { userName: 'ROBOT-OPS-03', userType: 'Robot' },
  { userName: 'auditrelay', userType: 'DirectoryExternalApplication' },
  { userName: 'servicenow-bridge', userType: 'DirectoryExternalApplication' },
];
const ADMIN = PEOPLE.length;
const ROBOT_ACTORS = [ADMIN + 1, ADMIN + 2, ADMIN + 3];
const APP_ACTORS = [ADMIN + 4, ADMIN + 5];
/** These users were deleted after acting. */
const DELETED = new Set([13, 27]);

const PROCESSES = [
  'InvoiceProcessing',
  'VendorOnboarding',
  'PayrollReconciliation',
  'ClaimsIntake',
  'OrderToCash',
  'EmployeeOffboarding',
  'BankStatementImport',
  'ReportDistribution',
];
const ROBOTS = ['ROBOT-FIN-01', 'ROBOT-HR-02', 'ROBOT-OPS-03', 'ROBOT-FIN-04', 'ROBOT-IT-05'];
const ASSETS = [
  'SAP_Credentials',
  'SharePointUrl',
  'MaxRetries',
  'FinanceMailbox',
  'ApiKey_ServiceNow',
  'ReportRecipients',
];
const QUEUES = ['Invoices', 'NewVendors', 'Claims', 'PayrollItems'];
const MACHINES = ['VM-FIN-01', 'VM-HR-02', 'VM-OPS-03', 'ServerlessPool'];
const FOLDERS = ['Shared', 'Finance', 'HR', 'Operations', 'IT'];
const SETTINGS = [
  'Alerts.Email.Enabled',
  'Auth.Password.ExpirationDays',
  'Deployment.Libraries.Shared',
  'Jobs.TerminatingJobsTimeout',
];
const TRIGGERS = ['Nightly invoices', 'Hourly claims', 'Monday payroll', 'Month-end close'];
const WEBHOOKS = ['ServiceNow incidents', 'Teams alerts'];
const BUCKETS = ['invoice-pdfs', 'exports'];
const USERS = PEOPLE.map((p) => p.email);

interface Template {
  component: string;
  action: string;
  controller: string;
  method: string;
  weight: number;
  noun: string;
  entityName: string;
  pool: readonly string[];
  robots?: boolean;
}

const T = (
  event: string,
  call: string,
  weight: number,
  what: { noun: string; entity: string; pool: readonly string[]; robots?: boolean },
): Template => {
  const [component = '', action = ''] = event.split('.');
  const [controller = '', method = ''] = call.split('.');
  return {
    component,
    action,
    controller,
    method,
    weight,
    noun: what.noun,
    entityName: what.entity,
    pool: what.pool,
    robots: what.robots ?? false,
  };
};

const PROCESS = { noun: 'process', entity: 'Release', pool: PROCESSES };
const JOB = { noun: 'a job for process', entity: 'Job', pool: PROCESSES, robots: true };
const ROBOT = { noun: 'robot', entity: 'Robot', pool: ROBOTS };
const ASSET = { noun: 'asset', entity: 'Asset', pool: ASSETS };
const QUEUE = { noun: 'queue', entity: 'QueueDefinition', pool: QUEUES };
const USER = { noun: 'user', entity: 'User', pool: USERS };
const MACHINE = { noun: 'machine', entity: 'Machine', pool: MACHINES };
const PACKAGE = { noun: 'package', entity: 'Package', pool: PROCESSES };
const FOLDER = { noun: 'folder', entity: 'Folder', pool: FOLDERS };

const TEMPLATES: readonly Template[] = [
  T('Jobs.StartJob', 'Jobs.StartJobs', 14, JOB),
  T('Jobs.StopJob', 'Jobs.StopJob', 3, JOB),
  T('Processes.Create', 'Releases.Post', 2, PROCESS),
  T('Processes.Update', 'Releases.Put', 2, PROCESS),
  T('Processes.Delete', 'Releases.Delete', 0.5, PROCESS),
  T('Robots.Create', 'Robots.Post', 1, ROBOT),
  T('Robots.Update', 'Robots.Put', 1.5, ROBOT),
  T('Robots.Delete', 'Robots.Delete', 0.3, ROBOT),
  T('Assets.Create', 'Assets.Post', 2, ASSET),
  T('Assets.Update', 'Assets.Put', 3, { ...ASSET, robots: true }),
  T('Assets.Delete', 'Assets.Delete', 0.5, ASSET),
  T('Queues.Create', 'QueueDefinitions.Post', 1, QUEUE),
  T('Queues.Update', 'QueueDefinitions.Put', 0.8, QUEUE),
  T('Users.Create', 'Users.Post', 1, USER),
  T('Users.Update', 'Users.Put', 1.2, USER),
  T('Users.Delete', 'Users.Delete', 0.3, USER),
  T('Roles.Update', 'Roles.Put', 0.6, { noun: 'role', entity: 'Role', pool: ROLES }),
  T('Machines.Create', 'Machines.Post', 0.6, MACHINE),
  T('Machines.Update', 'Machines.Put', 0.6, MACHINE),
  T('Packages.Upload', 'Processes.UploadPackage', 2, PACKAGE),
  T('Packages.Delete', 'Processes.DeletePackage', 0.3, PACKAGE),
  T('Folders.Create', 'Folders.Post', 0.4, FOLDER),
  T('Folders.Assign', 'Folders.AssignUsers', 1, FOLDER),
  T('Settings.Update', 'Settings.UpdateBulk', 0.5, {
    noun: 'setting',
    entity: 'Setting',
    pool: SETTINGS,
  }),
  T('Schedules.Create', 'ProcessSchedules.Post', 0.7, {
    noun: 'trigger',
    entity: 'ProcessSchedule',
    pool: TRIGGERS,
  }),
  T('Schedules.Toggle', 'ProcessSchedules.SetEnabled', 1.5, {
    noun: 'trigger',
    entity: 'ProcessSchedule',
    pool: TRIGGERS,
  }),
  T('Webhooks.Create', 'Webhooks.Post', 0.2, {
    noun: 'webhook',
    entity: 'Webhook',
    pool: WEBHOOKS,
  }),
  T('Buckets.Create', 'Buckets.Post', 0.2, { noun: 'bucket', entity: 'Bucket', pool: BUCKETS }),
];
const WEIGHTS = cumulative(TEMPLATES.map((t) => t.weight));

const PAST: Record<string, string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  StartJob: 'started',
  StopJob: 'stopped',
  Upload: 'uploaded',
  Assign: 'assigned users to',
  Toggle: 'toggled',
};

interface Scene {
  template: Template;
  actor: number;
  display: string;
  entityId: number;
  parameters: string;
  entities: Array<{ entityId: number; entityName: string; action: string; customData: string }>;
}

export class OrchestratorData extends Dataset<AuditLogDto> {
  readonly vendor = 'uipath-orchestrator-odata' as const;
  private readonly templates = uint8Column();
  private readonly actors = uint8Column();
  private readonly userIds: readonly number[];
  private readonly clientIds: readonly string[];

  constructor(seed: number, capacity: number) {
    super(seed, MS_SCALE, capacity);
    const rng = new Rng(mix(seed, 0x0c4e));
    const base = rng.between(2, 40) * 10;
    this.userIds = ACTORS.map((_, i) => base + i * 3 + 1);
    this.clientIds = APP_ACTORS.map(() => rng.uuid());
  }

  protected addAttributes(rng: Rng): void {
    const t = pickWeighted(rng, WEIGHTS);
    this.templates.push(t);
    const template = TEMPLATES[t]!;
    const r = rng.next();
    let actor: number;
    if (template.robots === true && r < 0.45) actor = rng.pick(ROBOT_ACTORS);
    else if (r < 0.5) actor = rng.pick(APP_ACTORS);
    else if (r < 0.6) actor = ADMIN;
    else actor = rng.chance(0.6) ? rng.int(8) : rng.int(PEOPLE.length);
    this.actors.push(actor);
  }

  private scene(ord: number): Scene {
    const template = TEMPLATES[this.templates.get(ord)]!;
    const rng = this.detailsOf(ord);
    const index = rng.int(template.pool.length);
    const display = template.pool[index]!;
    const isJob = template.component === 'Jobs';
    const entityId = isJob ? 40_000 + ord * 2 + rng.int(2) : 100 + index * 7 + (this.seed % 5);
    const { action, entityName } = template;
    const name = JSON.stringify(display);
    let parameters: string;
    let customData: string;
    switch (action) {
      case 'StartJob': {
        const startInfo = {
          ReleaseKey: rng.uuid(),
          Strategy: 'ModernJobsCount',
          JobsCount: 1,
          Source: 'Manual',
          RuntimeType: 'Unattended',
        };
        parameters = JSON.stringify({ startJobsParameters: { startInfo } });
        customData = JSON.stringify({
          NewValues: { State: 'Pending', ReleaseName: display, Source: 'Manual' },
        });
        break;
      }
      case 'StopJob':
        parameters = JSON.stringify({
          key: entityId,
          stopJobParameters: { strategy: rng.pick(['SoftStop', 'Kill']) },
        });
        customData = JSON.stringify({
          OldValues: { State: 'Running' },
          NewValues: { State: 'Stopping' },
        });
        break;
      case 'Delete':
        parameters = JSON.stringify({ key: entityId });
        customData = JSON.stringify({ OldValues: { Name: display } });
        break;
      case 'Upload': {
        const version = `1.0.${rng.between(1, 120)}`;
        parameters = JSON.stringify({ file: `${display}.${version}.nupkg` });
        customData = JSON.stringify({ NewValues: { Id: display, Version: version } });
        break;
      }
      case 'Toggle': {
        const enabled = rng.chance(0.5);
        parameters = JSON.stringify({ enabled, scheduleIds: [entityId] });
        customData = JSON.stringify({
          OldValues: { Enabled: !enabled },
          NewValues: { Enabled: enabled },
        });
        break;
      }
      case 'Assign': {
        const userIds = [rng.pick(this.userIds), rng.pick(this.userIds)];
        parameters = JSON.stringify({ assignUsers: { FolderId: entityId, UserIds: userIds } });
        customData = JSON.stringify({ NewValues: { UserIds: userIds } });
        break;
      }
      case 'Update': {
        const oldDescription = `${display} (v${rng.between(1, 9)})`;
        parameters = `{"key":${entityId},"${entityName.charAt(0).toLowerCase()}${entityName.slice(1)}":{"Id":${entityId},"Name":${name},"Description":${JSON.stringify(`${display} automation`)}}}`;
        customData = JSON.stringify({
          OldValues: { Description: oldDescription },
          NewValues: { Description: `${display} automation` },
        });
        break;
      }
      default:
        parameters = `{"${entityName.charAt(0).toLowerCase()}${entityName.slice(1)}":{"Name":${name},"Description":null}}`;
        customData = JSON.stringify({ NewValues: { Name: display } });
    }
    const entities = [{ entityId, entityName, action, customData }];
    if (action === 'Assign' || (action === 'Update' && rng.chance(0.3))) {
      const folderId = 10 + rng.int(FOLDERS.length);
      entities.push({
        entityId: folderId,
        entityName: 'Folder',
        action: 'Update',
        customData: JSON.stringify({ NewValues: { FolderId: folderId } }),
      });
    }
    return { template, actor: this.actors.get(ord), display, entityId, parameters, entities };
  }

  record(ord: number): AuditLogDto {
    const s = this.scene(ord);
    const actor = ACTORS[s.actor]!;
    const app = APP_ACTORS.indexOf(s.actor);
    return {
      ServiceName: `UiPath.Server.Configuration.OData.${s.template.controller}Controller`,
      MethodName: s.template.method,
      Parameters: s.parameters,
      ExecutionTime: isoMs(this.scale.ms(this.store.key(ord))),
      Action: s.template.action,
      Component: s.template.component,
      DisplayName: s.display,
      EntityId: s.entityId,
      OperationText: `User ${actor.userName} ${PAST[s.template.action] ?? 'changed'} ${s.template.noun} ${s.display}`,
      UserName: actor.userName,
      UserType: actor.userType,
      Entities: [],
      ExternalClientId: app >= 0 ? this.clientIds[app]! : null,
      UserId: this.userIds[s.actor]!,
      UserIsDeleted: DELETED.has(s.actor),
      Id: ord + 1,
    };
  }

  /** GetAuditLogDetails(auditLogId): the entities the action touched. */
  details(ord: number): AuditLogEntityDto[] {
    return this.scene(ord).entities.map((e, k) => ({
      Id: ord * 2 + k + 1,
      AuditLogId: ord + 1,
      EntityId: e.entityId,
      EntityName: e.entityName,
      Action: e.action,
      CustomData: e.customData,
    }));
  }

  protected override ordRangeFor(query: GroundTruthQuery): Pick<StoreRange, 'ordLo'> {
    return query.idGreaterThan === undefined
      ? {}
      : { ordLo: Math.max(0, Math.floor(query.idGreaterThan)) };
  }
}
