import { generatePortfolio, sandboxId } from './portfolio';

describe('generatePortfolio', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generatePortfolio({ seed: 7 })).toEqual(
      generatePortfolio({ seed: 7 }),
    );
    expect(generatePortfolio({ seed: 7 })).not.toEqual(
      generatePortfolio({ seed: 8 }),
    );
  });

  it('gives every project a known program, a unique id and an end after its start', () => {
    const { programs, projects } = generatePortfolio({
      programs: 8,
      projectsPerProgram: 6,
    });
    const programIds = new Set(programs.map(p => p.id));

    expect(projects).toHaveLength(48);
    expect(new Set(projects.map(p => p.id)).size).toBe(48);
    expect(new Set(programs.map(p => p.name)).size).toBe(8);
    for (const project of projects) {
      expect(programIds.has(project.programId)).toBe(true);
      expect(project.endDate > project.startDate).toBe(true);
      expect(Number.isInteger(project.budgetCents)).toBe(true);
      expect(project.budgetCents).toBeGreaterThan(0);
      expect(project.progress).toBeGreaterThanOrEqual(0);
      expect(project.progress).toBeLessThanOrEqual(1);
    }
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => generatePortfolio({ programs: 0 })).toThrow(
      'programs must be a positive integer, got 0',
    );
    expect(() => generatePortfolio({ projectsPerProgram: 1.5 })).toThrow(
      'projectsPerProgram must be a positive integer, got 1.5',
    );
    expect(() => generatePortfolio({ budgetLines: 9 })).toThrow(
      'budgetLines must be an integer from 10 to 1000000, got 9',
    );
    expect(() => generatePortfolio({ budgetLines: 1_000_001 })).toThrow(
      'budgetLines must be an integer from 10 to 1000000',
    );
  });

  it.each([10, 480, 100_000])(
    'makes exactly %i budget lines with unique ids',
    count => {
      const { budgetLines } = generatePortfolio({ budgetLines: count });
      expect(budgetLines).toHaveLength(count);
      expect(new Set(budgetLines.map(l => l.id)).size).toBe(count);
    },
  );

  it('keeps amounts in whole cents and the money flow consistent', () => {
    const asOf = '2026-10-31';
    const { budgetLines, projects } = generatePortfolio({ asOf });
    const projectIds = new Set(projects.map(p => p.id));
    const wholeCents = (n: number) => Number.isInteger(n) && n >= 0;
    const broken = budgetLines.filter(
      line =>
        !projectIds.has(line.projectId!) ||
        ![line.budgetCents, line.committedCents, line.actualCents].every(
          wholeCents,
        ) ||
        !/^\d{4}-\d{2}-01$/.test(line.month!) ||
        // Nothing is committed, invoiced or paid for months after asOf.
        (line.month! > asOf &&
          (line.committedCents !== 0 || line.invoiceDate !== null)) ||
        // Paid means invoiced first, paid by asOf, at most what was committed.
        (line.paidDate !== null &&
          (line.invoiceDate === null ||
            line.paidDate <= line.invoiceDate ||
            line.paidDate > asOf ||
            line.actualCents > line.committedCents)) ||
        (line.paidDate === null && line.actualCents !== 0),
    );
    expect(broken).toEqual([]);
    expect(new Set(budgetLines.map(l => l.category))).toEqual(
      new Set(['CapEx', 'OpEx']),
    );
    expect(new Set(budgetLines.map(l => l.currency)).size).toBe(3);
    expect(budgetLines.some(l => l.actualCents > 0)).toBe(true);
  });

  it('gives one project more than 25 budget lines so relations need paging', () => {
    const { budgetLines, projects } = generatePortfolio({ budgetLines: 100 });
    const counts = new Map<string, number>();
    for (const line of budgetLines) {
      counts.set(line.projectId!, (counts.get(line.projectId!) ?? 0) + 1);
    }
    expect(counts.get(projects[0].id)).toBeGreaterThan(25);
  });

  it('links risks and actions to projects and people with catalog-style emails', () => {
    const { risks, actions, projects, people } = generatePortfolio();
    const projectIds = new Set(projects.map(p => p.id));
    const emails = new Set(people.map(p => p.email));
    expect(emails.has('guest@example.com')).toBe(true);
    for (const email of emails) {
      expect(email).toMatch(/^[a-z-]+(\.[a-z-]+)?@example\.com$/);
    }
    expect(risks.length).toBeGreaterThanOrEqual(projects.length);
    for (const risk of risks) {
      expect(projectIds.has(risk.projectId)).toBe(true);
      expect(['High', 'Medium', 'Low']).toContain(risk.impact);
      expect(emails.has(risk.ownerEmail)).toBe(true);
    }
    for (const action of actions) {
      expect(projectIds.has(action.projectId)).toBe(true);
      expect(emails.has(action.assigneeEmail)).toBe(true);
      expect(action.sourceId === '').toBe(action.source === 'manual');
    }
  });

  it('plants defects only when asked, one or more of each kind a check reports', () => {
    const asOf = '2026-10-31';
    expect(generatePortfolio({ asOf }).defects).toEqual([]);
    const clean = generatePortfolio({ asOf });
    const flawed = generatePortfolio({ asOf, plantDefects: true });
    expect(flawed.defects.map(d => d.kind).sort()).toEqual(
      [
        'orphan_budget_line',
        'negative_amount',
        'progress_above_one',
        'line_without_month',
        'unknown_impact',
        'unknown_category',
        'end_before_start',
        'duplicate_action_finding',
        'unknown_owner',
      ].sort(),
    );
    const byId = <T extends { id: string }>(items: T[], id: string) =>
      items.find(i => i.id === id)!;
    const at = (kind: string) =>
      flawed.defects.find(d => d.kind === kind)!.recordId;
    const orphan = byId(flawed.budgetLines, at('orphan_budget_line'));
    expect(flawed.projects.map(p => p.id)).not.toContain(orphan.projectId);
    expect(
      byId(flawed.budgetLines, at('negative_amount')).committedCents,
    ).toBeLessThan(0);
    expect(
      byId(flawed.projects, at('progress_above_one')).progress,
    ).toBeGreaterThan(1);
    expect(byId(flawed.budgetLines, at('line_without_month')).month).toBeNull();
    expect(byId(flawed.budgetLines, at('unknown_category')).category).toBe(
      'Travel',
    );
    const project = byId(flawed.projects, at('end_before_start'));
    expect(project.endDate < project.startDate).toBe(true);
    expect(byId(flawed.risks, at('unknown_impact')).impact).toBe('Severe');
    const twice = byId(flawed.actions, at('duplicate_action_finding'));
    expect(
      flawed.actions.filter(
        a => a.source === twice.source && a.sourceId === twice.sourceId,
      ),
    ).toHaveLength(2);
    const assignee = byId(flawed.actions, at('unknown_owner')).assigneeEmail;
    expect(clean.people.map(p => p.email)).not.toContain(assignee);
    expect(flawed.people.map(p => p.email)).toContain(assignee);
    // Every defect but the unknown owner names the check that reports it.
    expect(flawed.defects.filter(d => !d.checkId).map(d => d.kind)).toEqual([
      'unknown_owner',
    ]);
    // Defects only touch projects built to be amber for them.
    const touched = new Set(
      [
        ...flawed.defects.map(d => byId(flawed.projects, d.recordId)?.id),
        ...flawed.defects
          .map(d => byId(flawed.budgetLines, d.recordId)?.projectId)
          .filter(id => id && flawed.projects.some(p => p.id === id)),
        ...flawed.defects.map(d => byId(flawed.risks, d.recordId)?.projectId),
        ...flawed.defects.map(d => byId(flawed.actions, d.recordId)?.projectId),
      ].filter((id): id is string => !!id),
    );
    for (const id of touched) {
      expect(byId(flawed.projects, id).archetype).toBe('amber-data-quality');
    }
  });

  it('is about 70 % green, 20 % amber and 10 % red, each red and amber with a reason', () => {
    const { projects } = generatePortfolio({ asOf: '2026-10-31' });
    const count = (health: string) =>
      projects.filter(p => p.expectedHealth === health).length;
    expect([count('green'), count('amber'), count('red')]).toEqual([14, 4, 2]);
    for (const project of projects) {
      expect(project.healthReason === '').toBe(
        project.expectedHealth === 'green',
      );
    }
  });

  it('keeps each budget equal to its lines, in the project currency', () => {
    const { projects, budgetLines } = generatePortfolio({ asOf: '2026-10-31' });
    for (const project of projects) {
      const lines = budgetLines.filter(l => l.projectId === project.id);
      expect(lines.length).toBeGreaterThan(0);
      expect(project.budgetCents).toBe(
        lines.reduce((sum, l) => sum + l.budgetCents, 0),
      );
      expect(new Set(lines.map(l => l.currency))).toEqual(
        new Set([project.currency]),
      );
    }
  });

  it('has actuals for every month up to asOf and none after, and progress that follows', () => {
    const asOf = '2026-10-31';
    const { projects, budgetLines } = generatePortfolio({ asOf });
    const past = budgetLines.filter(l => l.month! <= '2026-10-01');
    expect(past.every(l => l.actualCents > 0 && l.paidDate! <= asOf)).toBe(
      true,
    );
    expect(
      budgetLines.filter(l => l.month! > asOf).every(l => l.actualCents === 0),
    ).toBe(true);
    const offPlan = projects
      .filter(p => p.archetype === 'green')
      .filter(project => {
        const lines = budgetLines.filter(l => l.projectId === project.id);
        const planned = lines
          .filter(l => l.month! <= '2026-11-01')
          .reduce((sum, l) => sum + l.budgetCents, 0);
        const spent = lines.reduce((sum, l) => sum + l.actualCents, 0);
        if (project.status === 'Planned') {
          return project.progress !== 0 || spent !== 0;
        }
        if (project.status === 'Done') {
          return project.progress !== 1;
        }
        // Work done tracks the plan to date within a few percent, and
        // spend never runs ahead of it.
        const pace = (project.progress * project.budgetCents) / planned;
        return pace <= 0.98 || pace >= 1.05 || spent > planned;
      });
    expect(offPlan).toEqual([]);
  });

  it('places the actuals up to the end of last month by default', () => {
    const { budgetLines } = generatePortfolio();
    const now = new Date();
    const lastMonthEnd = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0),
    )
      .toISOString()
      .slice(0, 10);
    const paid = budgetLines
      .map(l => l.paidDate)
      .filter(Boolean)
      .sort();
    expect(paid[paid.length - 1]! <= lastMonthEnd).toBe(true);
    expect(paid[paid.length - 1]!.slice(0, 7)).toBe(lastMonthEnd.slice(0, 7));
  });
});

describe('sandboxId', () => {
  it('is shaped like a Notion page id', () => {
    expect(sandboxId(2, 17)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
