// Realistic, fixed pools of people, addresses and names. The seed decides who does what.

import type { TimeZone } from './iso-time.js';

export interface Person {
  first: string;
  last: string;
  /** "Jane Doe" */
  displayName: string;
  /** "jane.doe" */
  login: string;
  email: string;
  zone: TimeZone;
}

const FIRST = [
  'Jane',
  'John',
  'Priya',
  'Rahul',
  'Maria',
  'Chen',
  'Aisha',
  'Lukas',
  'Sofia',
  'Kenji',
  'Olivia',
  'Mateo',
  'Fatima',
  'Noah',
  'Emma',
  'Arjun',
  'Hannah',
  'Diego',
  'Mei',
  'Omar',
  'Chloe',
  'Ivan',
  'Grace',
  'Tomás',
  'Anika',
  'Samuel',
  'Yuki',
  'Leila',
  'Ethan',
  'Zara',
  'Daniel',
  'Inês',
  'Victor',
  'Nora',
  'Ravi',
  'Elena',
  'Marcus',
  'Sara',
  'Hiro',
  'Amara',
] as const;

const LAST = [
  'Doe',
  'Smith',
  'Sharma',
  'Patel',
  'Garcia',
  'Wei',
  'Khan',
  'Becker',
  'Rossi',
  'Tanaka',
  'Brown',
  'Lopez',
  'Haddad',
  'Miller',
  'Dubois',
  'Nair',
  'Schmidt',
  'Fernandez',
  'Lin',
  'Farouk',
  'Martin',
  'Petrov',
  'Kim',
  'Silva',
  'Jansen',
  'Okafor',
  'Sato',
  "O'Brien",
  'Clark',
  'Ahmed',
  'Wright',
  'Moreau',
  'Novak',
  'Berg',
  'Iyer',
  'Popescu',
  'Reid',
  'Cohen',
  'Mori',
  'Mensah',
] as const;

export const ZONES: readonly TimeZone[] = [
  { offset: 330, name: 'India Standard Time' },
  { offset: -480, name: 'Pacific Standard Time' },
  { offset: -300, name: 'Eastern Standard Time' },
  { offset: 60, name: 'Central European Standard Time' },
  { offset: 0, name: 'Greenwich Mean Time' },
  { offset: 480, name: 'Singapore Standard Time' },
  { offset: 540, name: 'Japan Standard Time' },
  { offset: 600, name: 'Australian Eastern Standard Time' },
];

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** 40 people; the 5th, 10th, ... work for the contractor domain. */
export const PEOPLE: readonly Person[] = FIRST.map((first, i) => {
  const last = LAST[i]!;
  const login = `${ascii(first)}.${ascii(last)}`;
  const domain = i % 5 === 4 ? 'acme-partners.io' : 'acme.com';
  return {
    first,
    last,
    displayName: `${first} ${last}`,
    login,
    email: `${login}@${domain}`,
    zone: ZONES[i % ZONES.length]!,
  };
});

export const IPS: readonly string[] = [
  '10.20.30.40',
  '10.0.4.17',
  '10.12.8.201',
  '10.44.0.9',
  '172.16.5.23',
  '172.20.14.110',
  '192.168.1.45',
  '192.168.40.12',
  '203.0.113.24',
  '203.0.113.87',
  '203.0.113.150',
  '198.51.100.14',
  '198.51.100.203',
  '198.51.100.77',
  '192.0.2.61',
  '192.0.2.199',
  '127.0.0.1',
];

export const GROUPS: readonly string[] = [
  'Finance Approvers',
  'HR Operations',
  'IT Admins',
  'Sales & Marketing',
  'Customer Support L2',
  'Data Science',
  'Auditors',
  'Contractors',
  'Bot Developers',
  'Security Team',
];

export const ROLES: readonly string[] = [
  'Master Admin',
  'Bot Developer',
  'Bot Tester',
  'Security Admin',
  'User Manager',
  'Billing Admin',
  'Read Only Auditor',
  'Workspace Admin',
];

export const BOTS: readonly string[] = [
  'HR Assistant',
  'IT Helpdesk',
  'Banking Bot',
  'Travel Desk',
  'Claims Helper',
  'Order Tracker',
  'Payroll FAQ',
  'Onboarding Buddy',
  'Expense Bot',
  'Benefits Advisor',
];

export const APPS: readonly string[] = [
  'admin',
  'audit-export',
  'siem-connector',
  'reporting',
  'provisioning',
  'auditrelay',
  'powerbi-sync',
  'servicenow-bridge',
];
