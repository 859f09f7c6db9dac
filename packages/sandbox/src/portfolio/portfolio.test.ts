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
    }
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => generatePortfolio({ programs: 0 })).toThrow(
      'programs must be a positive integer, got 0',
    );
    expect(() => generatePortfolio({ projectsPerProgram: 1.5 })).toThrow(
      'projectsPerProgram must be a positive integer, got 1.5',
    );
  });
});

describe('sandboxId', () => {
  it('is shaped like a Notion page id', () => {
    expect(sandboxId(2, 17)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
