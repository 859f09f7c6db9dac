import { generatePortfolio } from '@finance-ppm/sandbox';
import {
  DEFAULT_PROPERTY_NAMES,
  NOTION_DATABASES,
  NotionSourceSettings,
} from '../src/sources/notion/config';

/**
 * BENCH_LINES_PER_PROJECT: budget lines per project. Unset, the sandbox's
 * 20 projects hold every line, so their pages (which list their lines'
 * relation) grow with the portfolio; set, projects grow with it instead
 * (in programs of 20 projects) and every page keeps about the same size.
 */
const LINES_PER_PROJECT = Number(process.env.BENCH_LINES_PER_PROJECT ?? 0);

/** What a seeded file's name records of the portfolio's shape. */
export const portfolioShape = LINES_PER_PROJECT
  ? `-${LINES_PER_PROJECT}-per-project`
  : '';

/** The sandbox portfolio whose Notion databases hold about `pages` pages in all. */
export function portfolioOfAbout(pages: number) {
  const shape = LINES_PER_PROJECT
    ? {
        programs: Math.max(1, Math.round(pages / LINES_PER_PROJECT / 20)),
        projectsPerProgram: 20,
      }
    : {};
  const probe = generatePortfolio({ seed: 11, budgetLines: 10, ...shape });
  const others =
    probe.programs.length +
    probe.projects.length +
    probe.risks.length +
    probe.actions.length;
  return generatePortfolio({
    seed: 11,
    budgetLines: pages - others,
    ...shape,
  });
}

/** The sync settings of the sandbox's Notion databases. */
export function notionSettingsFor(
  databaseIds: Record<string, string>,
): NotionSourceSettings {
  return {
    databases: NOTION_DATABASES.map(name => ({
      name,
      id: databaseIds[name],
      syncIntervalMinutes: 5,
      properties: DEFAULT_PROPERTY_NAMES[name],
    })),
    overlapMinutes: 2,
    fullSyncIntervalHours: 24,
  };
}
