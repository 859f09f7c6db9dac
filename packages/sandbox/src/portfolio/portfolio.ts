import { createSeededRandom, SeededRandom } from './random';

export type Currency = 'USD' | 'EUR' | 'GBP';

export interface SandboxPerson {
  id: string;
  name: string;
  email: string;
}

export interface SandboxProgram {
  id: string;
  name: string;
  status: 'Active' | 'Planned' | 'Closed';
  ownerEmail: string;
}

export interface SandboxProject {
  id: string;
  programId: string;
  name: string;
  /** Budget in whole cents, so sums stay exact. */
  budgetCents: number;
  currency: Currency;
  startDate: string;
  endDate: string;
  status: 'Planned' | 'Active' | 'On hold' | 'Done';
  priority: 'High' | 'Medium' | 'Low';
  ownerEmail: string;
  /** Fraction 0..1 of the work done. */
  progress: number;
}

export interface SandboxBudgetLine {
  id: string;
  /** Null only for a planted orphan line. */
  projectId: string | null;
  name: string;
  category: 'CapEx' | 'OpEx';
  vendor: string;
  /** First day of the month the line belongs to, `YYYY-MM-DD`. */
  month: string;
  currency: Currency;
  budgetCents: number;
  committedCents: number;
  committedDate: string | null;
  invoiceDate: string | null;
  paidDate: string | null;
  /** Paid amount; 0 until the invoice is paid. */
  actualCents: number;
  notes: string;
}

export interface SandboxRisk {
  id: string;
  projectId: string;
  name: string;
  impact: string;
  probability: 'High' | 'Medium' | 'Low';
  status: 'Open' | 'Mitigating' | 'Closed';
  ownerEmail: string;
  due: string;
}

export interface SandboxAction {
  id: string;
  projectId: string;
  name: string;
  status: 'Not started' | 'In progress' | 'Done';
  assigneeEmail: string;
  due: string;
  source: 'advisor' | 'dq' | 'manual';
  sourceId: string;
}

export type PlantedDefectKind =
  | 'orphan_budget_line'
  | 'negative_amount'
  | 'end_before_start'
  | 'unknown_impact'
  | 'duplicate_budget_line'
  | 'unknown_owner';

export interface PlantedDefect {
  kind: PlantedDefectKind;
  /** Id of the record that carries the defect. */
  recordId: string;
}

export interface Portfolio {
  people: SandboxPerson[];
  programs: SandboxProgram[];
  projects: SandboxProject[];
  budgetLines: SandboxBudgetLine[];
  risks: SandboxRisk[];
  actions: SandboxAction[];
  /** Empty unless `plantDefects` was asked for. */
  defects: PlantedDefect[];
}

export interface PortfolioOptions {
  seed?: number;
  programs?: number;
  projectsPerProgram?: number;
  /** Total number of budget lines, 10 to 100,000 (default 480). */
  budgetLines?: number;
  /** Date the actuals run up to: later months carry no invoice or payment. */
  asOf?: string;
  /** Plants a few realistic data-quality defects, listed in `defects`. */
  plantDefects?: boolean;
}

/** The kinds of ids the sandbox hands out; each kind gets its own range. */
export const SANDBOX_ID_KIND = {
  program: 1,
  project: 2,
  budgetLine: 3,
  risk: 4,
  action: 5,
  person: 6,
  database: 90,
  dataSource: 91,
  created: 92,
} as const;

/** Projects that receive more than 25 budget lines first, for paging. */
const LINES_FOR_FIRST_PROJECT = 30;

const PROGRAM_THEMES = [
  'Cloud Migration',
  'Customer Platform',
  'Finance Systems',
  'Data & Analytics',
  'Security Uplift',
  'Workplace Modernisation',
];
const PROJECT_NOUNS = [
  'Ledger',
  'Billing',
  'Forecasting',
  'Identity',
  'Reporting',
  'Payments',
  'Procurement',
  'Observability',
];
const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Margaret',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Radia',
  'Tim',
];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
  'Berners-Lee',
];
const VENDORS = {
  CapEx: ['Dell Technologies', 'Cisco', 'HPE', 'Lenovo', 'NetApp'],
  OpEx: [
    'Microsoft Azure',
    'Accenture',
    'Atlassian',
    'Datadog',
    'Snowflake',
    'Deloitte',
  ],
};
const STATUSES: SandboxProject['status'][] = [
  'Planned',
  'Active',
  'Active',
  'Active',
  'On hold',
  'Done',
];
const PRIORITIES: SandboxProject['priority'][] = ['High', 'Medium', 'Low'];
const CURRENCIES: Currency[] = ['USD', 'USD', 'EUR', 'GBP'];
const LEVELS = ['High', 'Medium', 'Low'] as const;
const RISK_STATUSES: SandboxRisk['status'][] = ['Open', 'Mitigating', 'Closed'];
const ACTION_STATUSES: SandboxAction['status'][] = [
  'Not started',
  'In progress',
  'Done',
];
const ACTION_SOURCES: SandboxAction['source'][] = ['manual', 'advisor', 'dq'];
const RISK_TOPICS = [
  'Vendor delivery slips',
  'Key engineer leaves',
  'Exchange rate moves',
  'Licence costs rise',
  'Scope creep',
  'Security finding blocks go-live',
];
const ACTION_TOPICS = [
  'Right-size virtual machines',
  'Fix missing budget owner',
  'Review vendor contract',
  'Reconcile invoice',
  'Update forecast',
];

/** Formats n as a UUID-shaped id, the form Notion page ids take. */
export function sandboxId(kind: number, n: number): string {
  const hex = (kind * 1_000_000 + n).toString(16).padStart(12, '0');
  return `5a4db0c0-0000-4000-8000-${hex}`;
}

function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type AddDays = (date: string, days: number) => string;

/**
 * addDays with a memo: budget lines reuse a few thousand (month, offset)
 * pairs, and Date parsing dominates generation at 100,000 lines otherwise.
 */
function memoizedAddDays(): AddDays {
  const memo = new Map<string, string>();
  return (date, days) => {
    const key = `${date}|${days}`;
    let result = memo.get(key);
    if (result === undefined) {
      result = addDays(date, days);
      memo.set(key, result);
    }
    return result;
  };
}

function monthsBetween(start: string, end: string): string[] {
  const months: string[] = [];
  const [sy, sm] = start.split('-').map(Number);
  const [ey, em] = end.split('-').map(Number);
  for (let y = sy, m = sm; y < ey || (y === ey && m <= em); m++) {
    if (m > 12) {
      m = 1;
      y++;
    }
    months.push(isoDate(y, m, 1));
  }
  return months;
}

function requirePositiveInteger(name: string, value: number) {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

function generatePeople(): SandboxPerson[] {
  const people: SandboxPerson[] = [
    {
      id: sandboxId(SANDBOX_ID_KIND.person, 1),
      name: 'Guest',
      email: 'guest@example.com',
    },
  ];
  FIRST_NAMES.forEach((first, i) => {
    const last = LAST_NAMES[i];
    people.push({
      id: sandboxId(SANDBOX_ID_KIND.person, people.length + 1),
      name: `${first} ${last}`,
      email: `${first}.${last}@example.com`.toLowerCase(),
    });
  });
  return people;
}

/**
 * Splits a line's budget into committed and paid amounts as of `asOf`:
 * months in the past are invoiced and mostly paid, the current quarter is
 * committed, the future only budgeted.
 */
function lineFinancials(
  random: SeededRandom,
  month: string,
  budgetCents: number,
  asOf: string,
  plusDays: AddDays,
) {
  const monthEnd = plusDays(month, 27);
  const committedCents =
    month <= asOf ? Math.round((budgetCents * random.int(80, 110)) / 100) : 0;
  const committedDate =
    committedCents > 0 ? plusDays(month, -random.int(5, 30)) : null;
  const invoiceDate = monthEnd <= asOf ? monthEnd : null;
  const paid = invoiceDate !== null && plusDays(invoiceDate, 30) <= asOf;
  const paidDate =
    paid && invoiceDate ? plusDays(invoiceDate, random.int(10, 30)) : null;
  const actualCents = paidDate
    ? Math.round((committedCents * random.int(90, 100)) / 100)
    : 0;
  return { committedCents, committedDate, invoiceDate, paidDate, actualCents };
}

/**
 * Builds a deterministic portfolio: the same options always give the same
 * records. Amounts are whole cents so any sum over them is exact.
 */
export function generatePortfolio(options: PortfolioOptions = {}): Portfolio {
  const {
    seed = 42,
    programs = 4,
    projectsPerProgram = 5,
    budgetLines = 480,
    asOf = '2026-10-31',
    plantDefects = false,
  } = options;
  requirePositiveInteger('programs', programs);
  requirePositiveInteger('projectsPerProgram', projectsPerProgram);
  if (
    !Number.isInteger(budgetLines) ||
    budgetLines < 10 ||
    budgetLines > 100_000
  ) {
    throw new RangeError(
      `budgetLines must be an integer from 10 to 100000, got ${budgetLines}`,
    );
  }
  const random = createSeededRandom(seed);
  const people = generatePeople();
  const result: Portfolio = {
    people,
    programs: [],
    projects: [],
    budgetLines: [],
    risks: [],
    actions: [],
    defects: [],
  };

  for (let p = 1; p <= programs; p++) {
    const theme = PROGRAM_THEMES[(p - 1) % PROGRAM_THEMES.length];
    const round = Math.floor((p - 1) / PROGRAM_THEMES.length);
    const program: SandboxProgram = {
      id: sandboxId(SANDBOX_ID_KIND.program, p),
      name: round === 0 ? theme : `${theme} ${round + 1}`,
      status: random.pick(['Active', 'Active', 'Planned', 'Closed'] as const),
      ownerEmail: random.pick(people).email,
    };
    result.programs.push(program);
    for (let j = 1; j <= projectsPerProgram; j++) {
      const n = result.projects.length + 1;
      const startMonth = random.int(1, 12);
      const months = random.int(6, 24);
      const end = new Date(Date.UTC(2026, startMonth - 1 + months, 0));
      const status = random.pick(STATUSES);
      result.projects.push({
        id: sandboxId(SANDBOX_ID_KIND.project, n),
        programId: program.id,
        name: `${random.pick(PROJECT_NOUNS)} ${program.name} ${j}`,
        budgetCents: random.int(50, 2_000) * 1_000_00,
        currency: random.pick(CURRENCIES),
        startDate: isoDate(2026, startMonth, 1),
        endDate: end.toISOString().slice(0, 10),
        status,
        priority: random.pick(PRIORITIES),
        ownerEmail: random.pick(people).email,
        progress: status === 'Done' ? 1 : random.int(0, 95) / 100,
      });
    }
  }

  addBudgetLines(result, random, budgetLines, asOf);
  addRisksAndActions(result, random);
  if (plantDefects) {
    result.defects = plantDefectsInto(result);
  }
  return result;
}

/** Which project the i-th budget line belongs to: the first project gets
 * enough lines to need relation paging, the rest go round-robin. */
function projectIndexForLine(i: number, projectCount: number): number {
  if (i < LINES_FOR_FIRST_PROJECT) return 0;
  return (i - LINES_FOR_FIRST_PROJECT) % projectCount;
}

function addBudgetLines(
  portfolio: Portfolio,
  random: SeededRandom,
  count: number,
  asOf: string,
) {
  const projectMonths = portfolio.projects.map(p =>
    monthsBetween(p.startDate, p.endDate),
  );
  const linesPerProject = new Array<number>(portfolio.projects.length).fill(0);
  const plusDays = memoizedAddDays();
  for (let i = 0; i < count; i++) {
    const pi = projectIndexForLine(i, portfolio.projects.length);
    const project = portfolio.projects[pi];
    const k = linesPerProject[pi]++;
    const months = projectMonths[pi];
    const month = months[k % months.length];
    const category = random.next() < 0.3 ? 'CapEx' : 'OpEx';
    const vendor = random.pick(VENDORS[category]);
    // Most lines follow the project's currency; some vendors bill in another.
    const currency =
      random.next() < 0.85 ? project.currency : random.pick(CURRENCIES);
    const budgetCents = random.int(1_000, 250_000) * 100 + random.int(0, 99);
    portfolio.budgetLines.push({
      id: sandboxId(SANDBOX_ID_KIND.budgetLine, i + 1),
      projectId: project.id,
      name: `${vendor} ${category} ${month.slice(0, 7)} #${k + 1}`,
      category,
      vendor,
      month,
      currency,
      budgetCents,
      ...lineFinancials(random, month, budgetCents, asOf, plusDays),
      notes: random.next() < 0.2 ? 'Renewal due next quarter' : '',
    });
  }
}

function addRisksAndActions(portfolio: Portfolio, random: SeededRandom) {
  for (const project of portfolio.projects) {
    const riskCount = random.int(1, 3);
    for (let r = 0; r < riskCount; r++) {
      portfolio.risks.push({
        id: sandboxId(SANDBOX_ID_KIND.risk, portfolio.risks.length + 1),
        projectId: project.id,
        name: `${random.pick(RISK_TOPICS)} (${project.name})`,
        impact: random.pick(LEVELS),
        probability: random.pick(LEVELS),
        status: random.pick(RISK_STATUSES),
        ownerEmail: random.pick(portfolio.people).email,
        due: addDays(project.startDate, random.int(30, 300)),
      });
    }
    const actionCount = random.int(1, 3);
    for (let a = 0; a < actionCount; a++) {
      const n = portfolio.actions.length + 1;
      const source = random.pick(ACTION_SOURCES);
      portfolio.actions.push({
        id: sandboxId(SANDBOX_ID_KIND.action, n),
        projectId: project.id,
        name: random.pick(ACTION_TOPICS),
        status: random.pick(ACTION_STATUSES),
        assigneeEmail: random.pick(portfolio.people).email,
        due: addDays(project.startDate, random.int(14, 200)),
        source,
        sourceId: source === 'manual' ? '' : `${source}-${n}`,
      });
    }
  }
}

/** Corrupts a handful of records the way real workspaces go wrong. */
function plantDefectsInto(portfolio: Portfolio): PlantedDefect[] {
  const defects: PlantedDefect[] = [];
  const lines = portfolio.budgetLines;
  const orphan = lines[lines.length - 1];
  orphan.projectId = null;
  defects.push({ kind: 'orphan_budget_line', recordId: orphan.id });

  const negative = lines[lines.length - 2];
  negative.budgetCents = -negative.budgetCents;
  defects.push({ kind: 'negative_amount', recordId: negative.id });

  const duplicate = {
    ...lines[0],
    id: sandboxId(SANDBOX_ID_KIND.budgetLine, lines.length + 1),
  };
  lines.push(duplicate);
  defects.push({ kind: 'duplicate_budget_line', recordId: duplicate.id });

  const backwards = portfolio.projects[portfolio.projects.length - 1];
  backwards.endDate = addDays(backwards.startDate, -1);
  defects.push({ kind: 'end_before_start', recordId: backwards.id });

  const risk = portfolio.risks[0];
  risk.impact = 'Severe';
  defects.push({ kind: 'unknown_impact', recordId: risk.id });

  // Someone still in the Notion workspace but gone from the catalog.
  const leaver: SandboxPerson = {
    id: sandboxId(SANDBOX_ID_KIND.person, portfolio.people.length + 1),
    name: 'Former Employee',
    email: 'former.employee@example.org',
  };
  portfolio.people.push(leaver);
  const action = portfolio.actions[0];
  action.assigneeEmail = leaver.email;
  defects.push({ kind: 'unknown_owner', recordId: action.id });
  return defects;
}
