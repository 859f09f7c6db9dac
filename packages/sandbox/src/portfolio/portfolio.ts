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

/**
 * The health a project is built to have, and why. Gold computes health
 * itself; the sandbox test checks that it agrees.
 */
export type ProjectArchetype =
  | 'green'
  | 'amber-schedule'
  | 'amber-data-quality'
  | 'red-overrun'
  | 'red-risks';

export interface SandboxProject {
  id: string;
  programId: string;
  name: string;
  /**
   * Budget in whole cents, so sums stay exact: the sum of the project's
   * budget lines (all in the project's currency).
   */
  budgetCents: number;
  currency: Currency;
  startDate: string;
  endDate: string;
  status: 'Planned' | 'Active' | 'On hold' | 'Done';
  priority: 'High' | 'Medium' | 'Low';
  ownerEmail: string;
  /**
   * Fraction 0..1 of the work done, four decimals: the planned share of the
   * budget up to this month, times a little noise, so it moves with spend.
   */
  progress: number;
  archetype: ProjectArchetype;
  /** Health the archetype gives: green, amber or red. */
  expectedHealth: 'green' | 'amber' | 'red';
  /** Why the project is amber or red, in words; empty when green. */
  healthReason: string;
}

export interface SandboxBudgetLine {
  id: string;
  /** Null or an unknown id only for a planted orphan line. */
  projectId: string | null;
  name: string;
  /** CapEx or OpEx; anything else only for a planted defect. */
  category: string;
  vendor: string;
  /** First day of the month the line belongs to, `YYYY-MM-DD`; null only for a planted defect. */
  month: string | null;
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
  | 'progress_above_one'
  | 'end_before_start'
  | 'unknown_impact'
  | 'unknown_category'
  | 'line_without_month'
  | 'duplicate_action_finding'
  | 'unknown_owner';

export interface PlantedDefect {
  kind: PlantedDefectKind;
  /** Id of the record that carries the defect. */
  recordId: string;
  /**
   * The data-quality check that reports it (`silver.<table>.<check>`); the
   * unknown owner is a catalog matter, which no check covers.
   */
  checkId?: string;
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
  /** Total number of budget lines, 10 to 1,000,000 (default 480). */
  budgetLines?: number;
  /**
   * Date the actuals run up to: later months carry no invoice or payment.
   * Default: the last day of the previous month, so a portal started today
   * has actuals up to the last full month. Project dates are placed around it.
   */
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
 * Archetypes in the order projects receive them, repeating every 20: 14
 * green, 4 amber and 2 red (70 / 20 / 10 %).
 */
const ARCHETYPE_CYCLE: ProjectArchetype[] = [
  'green',
  'green',
  'amber-schedule',
  'green',
  'green',
  'green',
  'red-overrun',
  'green',
  'amber-data-quality',
  'green',
  'green',
  'green',
  'amber-data-quality',
  'green',
  'green',
  'red-risks',
  'green',
  'amber-schedule',
  'green',
  'green',
];

const ARCHETYPE_HEALTH: Record<
  ProjectArchetype,
  { health: SandboxProject['expectedHealth']; reason: string }
> = {
  green: { health: 'green', reason: '' },
  'amber-schedule': {
    health: 'amber',
    reason: 'Behind schedule: progress runs about 8% below plan',
  },
  'amber-data-quality': {
    health: 'amber',
    reason: 'Data-quality issues in its Notion records',
  },
  'red-overrun': {
    health: 'red',
    reason: 'Over budget: vendors bill about 35% above plan',
  },
  'red-risks': {
    health: 'red',
    reason: 'Two open high-impact risks',
  },
};

/** How a project of each archetype spends and progresses. */
interface Behaviour {
  /** Actual over budget per past month, in percent (min, max). */
  spend: [number, number];
  /** Progress over the planned share to date, in percent (min, max). */
  pace: [number, number];
}

const BEHAVIOUR: Record<ProjectArchetype, Behaviour> = {
  green: { spend: [95, 100], pace: [99, 104] },
  'amber-data-quality': { spend: [95, 100], pace: [99, 104] },
  'red-risks': { spend: [95, 100], pace: [99, 104] },
  'amber-schedule': { spend: [93, 95], pace: [91, 93] },
  'red-overrun': { spend: [135, 140], pace: [99, 101] },
};

/** Months from M (the month after asOf) a project of each kind spans. */
function projectSpan(
  random: SeededRandom,
  archetype: ProjectArchetype,
  n: number,
): { start: number; months: number } {
  if (archetype !== 'green') {
    // Running long enough for earned value to mean something.
    return { start: -random.int(8, 12), months: random.int(16, 22) };
  }
  switch (n % 7) {
    case 3:
      // Not started yet.
      return { start: random.int(1, 3), months: random.int(6, 12) };
    case 5:
      // Finished.
      return { start: -random.int(14, 18), months: random.int(6, 10) };
    default:
      return { start: -random.int(2, 12), months: random.int(8, 24) };
  }
}

/** The last day of the month before `now`'s month (UTC). */
export function previousMonthEnd(now: Date = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0))
    .toISOString()
    .slice(0, 10);
}

/** First day of the month `offset` months after the month of `date`. */
function monthStart(date: string, offset: number): string {
  const [year, month] = date.split('-').map(Number);
  return isoDate(year, month + offset, 1);
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
    asOf = previousMonthEnd(),
    plantDefects = false,
  } = options;
  requirePositiveInteger('programs', programs);
  requirePositiveInteger('projectsPerProgram', projectsPerProgram);
  if (
    !Number.isInteger(budgetLines) ||
    budgetLines < 10 ||
    budgetLines > 1_000_000
  ) {
    throw new RangeError(
      `budgetLines must be an integer from 10 to 1000000, got ${budgetLines}`,
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
  // M: the month running after asOf, which has budget but no actuals yet.
  const currentMonth = monthStart(asOf, 1);

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
      const n = result.projects.length;
      const archetype = ARCHETYPE_CYCLE[n % ARCHETYPE_CYCLE.length];
      const span = projectSpan(random, archetype, n);
      const startDate = monthStart(currentMonth, span.start);
      const endMonth = monthStart(currentMonth, span.start + span.months - 1);
      const endDate = addDays(monthStart(endMonth, 1), -1);
      let status: SandboxProject['status'] = 'Active';
      if (startDate > currentMonth) {
        status = 'Planned';
      } else if (endDate < currentMonth) {
        status = 'Done';
      } else if (archetype === 'green' && n % 9 === 4) {
        status = 'On hold';
      }
      const { health, reason } = ARCHETYPE_HEALTH[archetype];
      result.projects.push({
        id: sandboxId(SANDBOX_ID_KIND.project, n + 1),
        programId: program.id,
        name: `${random.pick(PROJECT_NOUNS)} ${program.name} ${j}`,
        // Set from the lines below; a project without lines keeps this.
        budgetCents: random.int(50, 2_000) * 1_000_00,
        currency: random.pick(CURRENCIES),
        startDate,
        endDate,
        status,
        priority: random.pick(PRIORITIES),
        ownerEmail: random.pick(people).email,
        progress: 0,
        archetype,
        expectedHealth: health,
        healthReason: reason,
      });
    }
  }

  addBudgetLines(result, random, budgetLines, asOf);
  setBudgetsAndProgress(result, random, currentMonth);
  addRisksAndActions(result, random, asOf);
  if (plantDefects) {
    result.defects = plantDefectsInto(result, asOf);
  }
  return result;
}

/** Which project the i-th budget line belongs to: the first project gets
 * enough lines to need relation paging, the rest go round-robin. */
function projectIndexForLine(i: number, projectCount: number): number {
  if (i < LINES_FOR_FIRST_PROJECT) return 0;
  return (i - LINES_FOR_FIRST_PROJECT) % projectCount;
}

/**
 * A past month's line is committed, invoiced and paid within the month, at
 * the project's spend ratio; the running month and later ones are only
 * budgeted, so actuals run up to asOf.
 */
function lineFinancials(
  random: SeededRandom,
  month: string,
  budgetCents: number,
  spendPercent: number,
  asOf: string,
  plusDays: AddDays,
) {
  // Only months that ended by asOf are paid.
  if (plusDays(month, 27) > asOf) {
    return {
      committedCents: 0,
      committedDate: null,
      invoiceDate: null,
      paidDate: null,
      actualCents: 0,
    };
  }
  const actualCents = Math.round((budgetCents * spendPercent) / 100);
  const committedCents =
    actualCents + Math.round((budgetCents * random.int(0, 3)) / 100);
  const invoiceDate = plusDays(month, random.int(3, 19));
  return {
    committedCents,
    committedDate: plusDays(month, -random.int(5, 30)),
    invoiceDate,
    paidDate: plusDays(invoiceDate, random.int(1, 7)),
    actualCents,
  };
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
    const budgetCents = random.int(1_000, 250_000) * 100 + random.int(0, 99);
    const [low, high] = BEHAVIOUR[project.archetype].spend;
    portfolio.budgetLines.push({
      id: sandboxId(SANDBOX_ID_KIND.budgetLine, i + 1),
      projectId: project.id,
      name: `${vendor} ${category} ${month.slice(0, 7)} #${k + 1}`,
      category,
      vendor,
      month,
      // One currency per project, so its budget is the sum of its lines.
      currency: project.currency,
      budgetCents,
      ...lineFinancials(
        random,
        month,
        budgetCents,
        random.int(low, high),
        asOf,
        plusDays,
      ),
      notes: random.next() < 0.2 ? 'Renewal due next quarter' : '',
    });
  }
}

/**
 * BAC is the sum of the project's lines; progress is the share of it
 * planned up to and including the running month, at the archetype's pace.
 * Gold counts the running month's budget as planned, and its actuals come
 * next month, so work done tracks plan and spend together.
 */
function setBudgetsAndProgress(
  portfolio: Portfolio,
  random: SeededRandom,
  currentMonth: string,
) {
  const totals = new Map<string, { all: number; toDate: number }>();
  for (const line of portfolio.budgetLines) {
    const total = totals.get(line.projectId!) ?? { all: 0, toDate: 0 };
    total.all += line.budgetCents;
    if (line.month! <= currentMonth) {
      total.toDate += line.budgetCents;
    }
    totals.set(line.projectId!, total);
  }
  for (const project of portfolio.projects) {
    const total = totals.get(project.id);
    if (total && total.all > 0) {
      project.budgetCents = total.all;
    }
    if (project.status === 'Planned' || !total || total.all === 0) {
      project.progress = 0;
      continue;
    }
    if (project.endDate < currentMonth) {
      project.progress = 1;
      continue;
    }
    const [low, high] = BEHAVIOUR[project.archetype].pace;
    const share = (total.toDate / total.all) * (random.int(low, high) / 100);
    project.progress = Math.min(1, Math.round(share * 10_000) / 10_000);
  }
}

function addRisksAndActions(
  portfolio: Portfolio,
  random: SeededRandom,
  asOf: string,
) {
  for (const project of portfolio.projects) {
    const riskCount = random.int(1, 3);
    for (let r = 0; r < riskCount; r++) {
      // At most one open High risk, unless two are the project's problem.
      const impact =
        r === 0 ? random.pick(LEVELS) : random.pick(['Medium', 'Low'] as const);
      portfolio.risks.push({
        id: sandboxId(SANDBOX_ID_KIND.risk, portfolio.risks.length + 1),
        projectId: project.id,
        name: `${random.pick(RISK_TOPICS)} (${project.name})`,
        impact,
        probability: random.pick(LEVELS),
        status: random.pick(RISK_STATUSES),
        ownerEmail: random.pick(portfolio.people).email,
        due: addDays(project.startDate, random.int(30, 300)),
      });
    }
    if (project.archetype === 'red-risks') {
      for (const topic of ['Key engineer leaves', 'Vendor delivery slips']) {
        portfolio.risks.push({
          id: sandboxId(SANDBOX_ID_KIND.risk, portfolio.risks.length + 1),
          projectId: project.id,
          name: `${topic} (${project.name})`,
          impact: 'High',
          probability: 'High',
          status: 'Open',
          ownerEmail: random.pick(portfolio.people).email,
          due: addDays(asOf, random.int(14, 60)),
        });
      }
    }
    const actionCount = random.int(1, 3);
    for (let a = 0; a < actionCount; a++) {
      const n = portfolio.actions.length + 1;
      const source = random.pick(ACTION_SOURCES);
      const status = random.pick(ACTION_STATUSES);
      portfolio.actions.push({
        id: sandboxId(SANDBOX_ID_KIND.action, n),
        projectId: project.id,
        name: random.pick(ACTION_TOPICS),
        status,
        assigneeEmail: random.pick(portfolio.people).email,
        // Open actions are due from a week before asOf on: at most a few
        // are overdue, never enough to turn a project red.
        due:
          status === 'Done'
            ? addDays(asOf, -random.int(10, 120))
            : addDays(asOf, a === 0 ? -random.int(0, 7) : random.int(14, 120)),
        source,
        sourceId: source === 'manual' ? '' : `${source}-${n}`,
      });
    }
  }
}

/**
 * Corrupts a handful of records the way real workspaces go wrong, one or
 * two of each kind a data-quality check reports. Every defect lands on a
 * project built to be amber for it (or on no project), so the health
 * distribution holds.
 */
function plantDefectsInto(portfolio: Portfolio, asOf: string): PlantedDefect[] {
  const defects: PlantedDefect[] = [];
  const projects = portfolio.projects;
  const flagged = projects.filter(p => p.archetype === 'amber-data-quality');
  // Small portfolios may have no such project: the last one takes them.
  const targets =
    flagged.length > 0 ? flagged : [projects[projects.length - 1]];
  const target = (i: number) => targets[i % targets.length];
  const lines = portfolio.budgetLines;
  const linesOf = (project: SandboxProject) =>
    lines.filter(l => l.projectId === project.id);
  const extraLine = (
    project: SandboxProject | null,
    changes: Partial<SandboxBudgetLine>,
  ): SandboxBudgetLine => {
    const line: SandboxBudgetLine = {
      ...(project ? linesOf(project)[0] ?? lines[0] : lines[0]),
      id: sandboxId(SANDBOX_ID_KIND.budgetLine, lines.length + 1),
      projectId: project?.id ?? null,
      budgetCents: 0,
      committedCents: 0,
      actualCents: 0,
      committedDate: null,
      invoiceDate: null,
      paidDate: null,
      notes: 'Added by hand',
      ...changes,
    };
    lines.push(line);
    return line;
  };

  // relationship: a line whose project was deleted from Notion.
  const orphan = extraLine(null, {
    projectId: sandboxId(SANDBOX_ID_KIND.project, 999_999),
    budgetCents: 1_250_00,
    name: 'Orphan line',
  });
  defects.push({
    kind: 'orphan_budget_line',
    recordId: orphan.id,
    checkId: 'silver.notion_budget_lines.project_exists',
  });

  // range: a commitment typed with the wrong sign (budget and actual intact).
  const signed = linesOf(target(0)).find(l => l.committedCents > 0);
  if (signed) {
    signed.committedCents = -signed.committedCents;
    defects.push({
      kind: 'negative_amount',
      recordId: signed.id,
      checkId: 'silver.notion_budget_lines.committed_amount_not_negative',
    });
  }
  // Values silver cannot take (progress typed as a percentage, options
  // outside the lists) are kept out of silver and listed as rejects.
  const percent = target(1);
  percent.progress = Math.max(2, Math.round(percent.progress * 100));
  defects.push({
    kind: 'progress_above_one',
    recordId: percent.id,
    checkId: 'silver.notion_rejects.none',
  });

  // not_null: a line nobody dated; gold leaves it out.
  const undated = extraLine(target(0), {
    month: null,
    budgetCents: 4_800_00,
    name: 'Undated consulting line',
  });
  defects.push({
    kind: 'line_without_month',
    recordId: undated.id,
    checkId: 'silver.notion_budget_lines.period_not_null',
  });

  const risk = portfolio.risks.find(r => r.projectId === target(0).id)!;
  risk.impact = 'Severe';
  defects.push({
    kind: 'unknown_impact',
    recordId: risk.id,
    checkId: 'silver.notion_rejects.none',
  });
  const misfiled = extraLine(target(1), {
    category: 'Travel',
    name: 'Travel to vendor site',
  });
  defects.push({
    kind: 'unknown_category',
    recordId: misfiled.id,
    checkId: 'silver.notion_rejects.none',
  });

  // column_order: a project that ends the day before it starts.
  const backwards = target(1);
  backwards.endDate = addDays(backwards.startDate, -1);
  defects.push({
    kind: 'end_before_start',
    recordId: backwards.id,
    checkId: 'silver.notion_projects.end_not_before_start',
  });

  // unique: the same finding raised twice as an action.
  const owner = target(0);
  const first: SandboxAction = {
    id: sandboxId(SANDBOX_ID_KIND.action, portfolio.actions.length + 1),
    projectId: owner.id,
    name: 'Fix missing budget owner',
    status: 'In progress',
    assigneeEmail: portfolio.people[1].email,
    // Not overdue: the project is amber for its data, not for its actions.
    due: addDays(asOf, 45),
    source: 'dq',
    sourceId: 'silver.notion_projects.owner_not_null',
  };
  const twice = {
    ...first,
    id: sandboxId(SANDBOX_ID_KIND.action, portfolio.actions.length + 2),
  };
  portfolio.actions.push(first, twice);
  defects.push({
    kind: 'duplicate_action_finding',
    recordId: twice.id,
    checkId: 'silver.notion_actions.one_action_per_finding',
  });

  // Someone still in the Notion workspace but gone from the catalog.
  const leaver: SandboxPerson = {
    id: sandboxId(SANDBOX_ID_KIND.person, portfolio.people.length + 1),
    name: 'Former Employee',
    email: 'former.employee@example.org',
  };
  portfolio.people.push(leaver);
  first.assigneeEmail = leaver.email;
  defects.push({ kind: 'unknown_owner', recordId: first.id });
  return defects;
}
