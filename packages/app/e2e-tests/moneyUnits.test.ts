import { expect, Page, test } from '@playwright/test';
import {
  ApiAmount,
  ApiAnswer,
  apiAmounts,
  captureApi,
  figureProblems,
  latest,
  readMoneyFigures,
  ScreenFigure,
  sumsBy,
  toCents,
} from './support/figures';
import { API, getAsGuest, signIn, waitForPortalData } from './support/portal';

/*
 * Issue 19: every money figure on Overview, Projects, Advisor and a
 * project's Finance tab is printed with the symbol of the unit the API gave
 * for that very figure. The test reads all figures on screen, traces each
 * one, by its label (column, card) and amount, to the API answers the page
 * received, and compares the currencies.
 */

/** Waits until nothing loads and no Control Room call is in flight. */
async function settle(page: Page) {
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await page.waitForLoadState('networkidle');
  await expect(page.getByTestId('progress')).toHaveCount(0);
}

/** Reads the figures of every page of each paged table, at both widths. */
async function readAllFigures(
  page: Page,
  answers: ApiAnswer[],
): Promise<ScreenFigure[]> {
  const units = [...new Set(apiAmounts(answers).map(a => a.unit ?? ''))].filter(
    u => /^[A-Z]{3}$/.test(u),
  );
  const figures: ScreenFigure[] = [];
  for (const width of [1440, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await settle(page);
    for (;;) {
      figures.push(...(await readMoneyFigures(page, units)));
      const next = page.getByRole('button', { name: 'Next Page' }).first();
      if ((await next.count()) === 0 || (await next.isDisabled())) break;
      await next.click();
    }
    // Back to the first page for the next width.
    const first = page.getByRole('button', { name: 'First Page' }).first();
    if ((await first.count()) > 0 && !(await first.isDisabled())) {
      await first.click();
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  return figures;
}

/** Every label the test met, so a view that printed nothing fails. */
function labelsSeen(figures: ScreenFigure[]) {
  return new Set(figures.map(f => f.label));
}

/** Budget minus actual of each project, in the project's unit. */
function projectVariances(route: string, projects: any[]): ApiAmount[] {
  return projects
    .filter(p => p.budget !== undefined || p.actual !== undefined)
    .map(p => ({
      source: `${route} variance`,
      cents: toCents(p.budget ?? '0') - toCents(p.actual ?? '0'),
      unit: p.unit,
    }));
}

/** Amounts the Overview derives: KPI totals per month and range, sums. */
function overviewAmounts(answers: ApiAnswer[]): ApiAmount[] {
  const kpis = (latest(answers, '/kpis')?.data ?? []).filter(
    (k: any) => k.dimension === 'portfolio',
  );
  const projects = answers
    .filter(a => a.route === '/projects')
    .flatMap(a => (a.body as any).data);
  const forecasts = new Map<string, any>();
  for (const f of latest(answers, '/forecast')?.data ?? []) {
    const current = forecasts.get(f.project_id);
    if (!current || current.period < f.period) forecasts.set(f.project_id, f);
  }
  const summary = latest(answers, '/advisor/summary')?.data ?? [];
  const total = (metric: string) =>
    sumsBy(
      kpis,
      k => (k.metric_name === metric ? `/kpis sum:${metric}` : undefined),
      k => k.value,
      k => k.unit,
    );
  const budget = total('budget');
  const actual = total('actual');
  return [
    ...['budget', 'actual', 'committed', 'cloud_unallocated'].flatMap(total),
    ...sumsBy(
      kpis,
      k => `/kpis month:${k.metric_name}:${k.period.slice(0, 7)}`,
      k => k.value,
      k => k.unit,
    ).map(a => ({ ...a, source: a.source.replace(/:\d{4}-\d{2}$/, '') })),
    ...budget.map(b => ({
      source: '/kpis sum:budget-actual',
      cents: b.cents - (actual.find(a => a.unit === b.unit)?.cents ?? 0n),
      unit: b.unit,
    })),
    ...projectVariances('/projects', projects),
    ...['eac', 'budget_at_completion'].flatMap(field =>
      sumsBy(
        [...forecasts.values()],
        () => `/forecast sum:${field}`,
        f => f[field],
        f => f.unit,
      ),
    ),
    ...['monthly_savings', 'annual_savings'].flatMap(field =>
      sumsBy(
        summary,
        () => `/advisor/summary sum:${field}`,
        r => r[field],
        r => r.unit,
      ),
    ),
  ];
}

const OVERVIEW_LABELS: Record<string, string[]> = {
  'testid:kpi-budget': ['/kpis sum:budget'],
  'testid:kpi-actual': ['/kpis sum:actual'],
  'testid:kpi-committed': ['/kpis sum:committed'],
  'testid:kpi-variance': ['/kpis sum:budget-actual'],
  'testid:cloud-unallocated': ['/kpis sum:cloud_unallocated'],
  'column:Notion actual': ['/kpis month:actual'],
  'column:Cloud actual': ['/kpis month:cloud_actual'],
  'column:Unallocated cloud': ['/kpis month:cloud_unallocated'],
  // On a phone, one cell holds the Notion actual over the cloud actual.
  'column:Notion / cloud actual': [
    '/kpis month:actual',
    '/kpis month:cloud_actual',
  ],
  'testid:top-variances': ['/projects variance'],
  'testid:forecast-eac': [
    '/forecast sum:eac',
    '/forecast sum:budget_at_completion',
  ],
  'testid:advisor-savings': [
    '/advisor/summary sum:monthly_savings',
    '/advisor/summary sum:annual_savings',
  ],
};

const PROJECTS_LABELS: Record<string, string[]> = {
  'column:Budget': ['/projects budget'],
  'column:Actual': ['/projects actual'],
  'column:Cloud actual': ['/projects cloud_actual'],
  'column:Variance': ['/projects variance'],
  'column:EAC': ['/forecast eac'],
  // On a phone, one cell holds budget over actual.
  'column:Budget / actual': ['/projects budget', '/projects actual'],
};

const ADVISOR_LABELS: Record<string, string[]> = {
  'testid:advisor-summary-total': [
    '/advisor/summary sum:monthly_savings',
    '/advisor/summary sum:annual_savings',
  ],
  'column:Monthly savings': ['/advisor/recommendations monthly_savings'],
  'column:Savings a month': ['/advisor/recommendations monthly_savings'],
};

const FINANCE_LABELS: Record<string, string[]> = {
  'row:Budget': ['/projects/:id budget'],
  'row:Actual': ['/projects/:id actual'],
  'row:Variance': ['/projects/:id variance'],
  'row:EAC': ['/projects/:id eac'],
  'testid:finance-ratios': ['/projects/:id eac'],
  'testid:cloud-total': ['/projects/:id/cloud-costs total'],
  'column:Cloud actual': ['/projects/:id/cloud-costs cloud_actual'],
  'column:Notion actual': ['/projects/:id/cloud-costs actual'],
  'column:Cloud / Notion actual': [
    '/projects/:id/cloud-costs cloud_actual',
    '/projects/:id/cloud-costs actual',
  ],
  'testid:resource-recommendations': ['/projects/:id monthly_savings'],
};

/** Opens a page, reads its figures, and returns what is wrong with them. */
async function checkView(
  page: Page,
  url: string,
  labels: Record<string, string[]>,
  derived: (answers: ApiAnswer[]) => ApiAmount[],
  open: (page: Page) => Promise<void> = async p => {
    await p.goto(url);
  },
) {
  const answers = captureApi(page);
  await open(page);
  await settle(page);
  const figures = await readAllFigures(page, answers);
  const amounts = [...apiAmounts(answers), ...derived(answers)];
  return {
    figures,
    answers,
    problems: figureProblems(figures, amounts, labels),
  };
}

test.beforeAll(async () => {
  test.setTimeout(400_000);
  await waitForPortalData();
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('Overview prints every amount in the unit the API gave for it', async ({
  page,
}) => {
  const { figures, problems } = await checkView(
    page,
    '/control-room/overview',
    OVERVIEW_LABELS,
    overviewAmounts,
  );
  expect(problems).toEqual([]);
  const seen = labelsSeen(figures);
  for (const label of [
    'testid:kpi-budget',
    'testid:kpi-actual',
    'testid:kpi-committed',
    'testid:kpi-variance',
    'testid:top-variances',
    'testid:forecast-eac',
    'testid:advisor-savings',
    'column:Cloud actual',
  ]) {
    expect(seen, `a figure under ${label}`).toContain(label);
  }
});

test('Projects prints every amount in the unit the API gave for it', async ({
  page,
}) => {
  const { figures, problems } = await checkView(
    page,
    '/control-room/projects',
    PROJECTS_LABELS,
    answers =>
      projectVariances(
        '/projects',
        answers
          .filter(a => a.route === '/projects')
          .flatMap(a => (a.body as any).data),
      ),
  );
  expect(problems).toEqual([]);
  const seen = labelsSeen(figures);
  for (const label of [
    'column:Budget',
    'column:Actual',
    'column:Variance',
    'column:EAC',
    'column:Budget / actual',
  ]) {
    expect(seen, `a figure under ${label}`).toContain(label);
  }
  // Every project on screen, at both widths: 20 projects, 2 to 5 figures each.
  expect(figures.length).toBeGreaterThan(40);
});

test('Advisor prints every amount in the unit the API gave for it', async ({
  page,
}) => {
  const { figures, problems } = await checkView(
    page,
    '/control-room/advisor',
    ADVISOR_LABELS,
    answers =>
      ['monthly_savings', 'annual_savings'].flatMap(field =>
        sumsBy(
          latest(answers, '/advisor/summary')?.data ?? [],
          () => `/advisor/summary sum:${field}`,
          (r: any) => r[field],
          (r: any) => r.unit,
        ),
      ),
  );
  expect(problems).toEqual([]);
  const seen = labelsSeen(figures);
  for (const label of Object.keys(ADVISOR_LABELS)) {
    expect(seen, `a figure under ${label}`).toContain(label);
  }
});

test("a project's Finance tab prints every amount in the unit the API gave for it", async ({
  page,
  request,
}) => {
  const projects = (await getAsGuest(request, `${API}/projects?limit=500`))
    .data;
  const recommended = new Set(
    (
      await getAsGuest(request, `${API}/advisor/recommendations?limit=500`)
    ).data.map((r: any) => r.project_id),
  );
  // A project with cloud spend and Advisor savings shows every kind of figure.
  const project =
    projects.find(
      (p: any) => p.cloud_actual && recommended.has(p.project_id),
    ) ?? projects[0];
  const entities = await getAsGuest(
    request,
    '/api/catalog/entities/by-query?filter=kind=component,spec.type=project&fields=metadata.name,metadata.namespace,metadata.annotations&limit=1000',
  );
  const entity = entities.items.find(
    (e: any) =>
      e.metadata.annotations?.['notion.so/project-id'] === project.project_id,
  );
  const url = `/catalog/${entity.metadata.namespace ?? 'default'}/component/${
    entity.metadata.name
  }/finance`;
  const { figures, problems } = await checkView(
    page,
    url,
    FINANCE_LABELS,
    answers => {
      const detail = latest(answers, '/projects/:id');
      return detail ? projectVariances('/projects/:id', [detail.project]) : [];
    },
  );
  expect(problems).toEqual([]);
  const seen = labelsSeen(figures);
  for (const label of [
    'row:Budget',
    'row:Actual',
    'row:Variance',
    'testid:cloud-total',
    'column:Cloud actual',
  ]) {
    expect(seen, `a figure under ${label}`).toContain(label);
  }
});

test('the check fails when a figure is printed with another currency', async ({
  page,
}) => {
  const answers = captureApi(page);
  await page.goto('/control-room/projects');
  await settle(page);
  const units = ['USD'];
  // Print the first budget with the symbol of a currency the API never gave.
  const wrong = await page.evaluate(() => {
    const header = [...document.querySelectorAll('thead th')].find(
      th => th.textContent?.trim() === 'Budget',
    ) as HTMLTableCellElement;
    const cell = header.closest('table')!.querySelector('tbody tr')!.children[
      header.cellIndex
    ];
    const text = cell.textContent!;
    const amount = text.replace(/[^\d.,-]/g, '');
    cell.textContent = `€${amount}`;
    return cell.textContent;
  });
  const problems = figureProblems(
    await readMoneyFigures(page, units),
    [
      ...apiAmounts(answers),
      ...projectVariances(
        '/projects',
        answers
          .filter(a => a.route === '/projects')
          .flatMap(a => (a.body as any).data),
      ),
    ],
    PROJECTS_LABELS,
  );
  expect(problems).toEqual([
    expect.stringMatching(
      new RegExp(
        `^${wrong.replace(
          /[.$]/g,
          '\\$&',
        )} under column:Budget is printed in EUR; the API gave /projects budget in USD`,
      ),
    ),
  ]);
});
