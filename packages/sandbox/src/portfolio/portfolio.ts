import { createSeededRandom } from './random';

export interface SandboxProgram {
  id: string;
  name: string;
}

export interface SandboxProject {
  id: string;
  programId: string;
  name: string;
  /** Budget in whole cents, so sums stay exact. */
  budgetCents: number;
  currency: 'USD' | 'EUR' | 'GBP';
  startDate: string;
  endDate: string;
  status: 'Planned' | 'Active' | 'On hold' | 'Done';
}

export interface Portfolio {
  programs: SandboxProgram[];
  projects: SandboxProject[];
}

export interface PortfolioOptions {
  seed?: number;
  programs?: number;
  projectsPerProgram?: number;
}

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
const STATUSES: SandboxProject['status'][] = [
  'Planned',
  'Active',
  'Active',
  'Active',
  'On hold',
  'Done',
];
const CURRENCIES: SandboxProject['currency'][] = ['USD', 'USD', 'EUR', 'GBP'];

/** Formats n as a UUID-shaped id, the form Notion page ids take. */
export function sandboxId(kind: number, n: number): string {
  const hex = (kind * 1_000_000 + n).toString(16).padStart(12, '0');
  return `5a4db0c0-0000-4000-8000-${hex}`;
}

function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Builds a deterministic portfolio of programs and their projects. */
export function generatePortfolio(options: PortfolioOptions = {}): Portfolio {
  const { seed = 42, programs = 4, projectsPerProgram = 5 } = options;
  if (!Number.isInteger(programs) || programs < 1) {
    throw new RangeError(
      `programs must be a positive integer, got ${programs}`,
    );
  }
  if (!Number.isInteger(projectsPerProgram) || projectsPerProgram < 1) {
    throw new RangeError(
      `projectsPerProgram must be a positive integer, got ${projectsPerProgram}`,
    );
  }
  const random = createSeededRandom(seed);
  const result: Portfolio = { programs: [], projects: [] };
  for (let p = 1; p <= programs; p++) {
    const theme = PROGRAM_THEMES[(p - 1) % PROGRAM_THEMES.length];
    const round = Math.floor((p - 1) / PROGRAM_THEMES.length);
    const program = {
      id: sandboxId(1, p),
      name: round === 0 ? theme : `${theme} ${round + 1}`,
    };
    result.programs.push(program);
    for (let j = 1; j <= projectsPerProgram; j++) {
      const n = result.projects.length + 1;
      const startMonth = random.int(1, 12);
      const months = random.int(6, 24);
      const end = new Date(Date.UTC(2026, startMonth - 1 + months, 0));
      result.projects.push({
        id: sandboxId(2, n),
        programId: program.id,
        name: `${random.pick(PROJECT_NOUNS)} ${program.name} ${j}`,
        budgetCents: random.int(50, 2_000) * 1_000_00,
        currency: random.pick(CURRENCIES),
        startDate: isoDate(2026, startMonth, 1),
        endDate: end.toISOString().slice(0, 10),
        status: random.pick(STATUSES),
      });
    }
  }
  return result;
}
