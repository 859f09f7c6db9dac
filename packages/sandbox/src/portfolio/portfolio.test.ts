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
      'budgetLines must be an integer from 10 to 100000, got 9',
    );
    expect(() => generatePortfolio({ budgetLines: 100_001 })).toThrow(
      'budgetLines must be an integer from 10 to 100000',
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
        !/^\d{4}-\d{2}-01$/.test(line.month) ||
        // Nothing is committed, invoiced or paid for months after asOf.
        (line.month > asOf &&
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

  it('plants defects only when asked, and lists where they are', () => {
    expect(generatePortfolio().defects).toEqual([]);
    const clean = generatePortfolio();
    const flawed = generatePortfolio({ plantDefects: true });
    const kinds = flawed.defects.map(d => d.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'orphan_budget_line',
        'negative_amount',
        'duplicate_budget_line',
        'end_before_start',
        'unknown_impact',
        'unknown_owner',
      ]),
    );
    const byId = <T extends { id: string }>(items: T[], id: string) =>
      items.find(i => i.id === id)!;
    const at = (kind: string) =>
      flawed.defects.find(d => d.kind === kind)!.recordId;
    expect(
      byId(flawed.budgetLines, at('orphan_budget_line')).projectId,
    ).toBeNull();
    expect(
      byId(flawed.budgetLines, at('negative_amount')).budgetCents,
    ).toBeLessThan(0);
    const project = byId(flawed.projects, at('end_before_start'));
    expect(project.endDate < project.startDate).toBe(true);
    expect(byId(flawed.risks, at('unknown_impact')).impact).toBe('Severe');
    const assignee = byId(flawed.actions, at('unknown_owner')).assigneeEmail;
    expect(clean.people.map(p => p.email)).not.toContain(assignee);
    expect(flawed.people.map(p => p.email)).toContain(assignee);
    expect(flawed.budgetLines).toHaveLength(clean.budgetLines.length + 1);
  });
});

describe('sandboxId', () => {
  it('is shaped like a Notion page id', () => {
    expect(sandboxId(2, 17)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
