import { generatePortfolio } from '@finance-ppm/sandbox';
import {
  DEFAULT_PROPERTY_NAMES,
  NOTION_DATABASES,
  NotionSourceSettings,
} from '../src/sources/notion/config';

/** The sandbox portfolio whose Notion databases hold about `pages` pages in all. */
export function portfolioOfAbout(pages: number) {
  const probe = generatePortfolio({ seed: 11, budgetLines: 10 });
  const others =
    probe.programs.length +
    probe.projects.length +
    probe.risks.length +
    probe.actions.length;
  return generatePortfolio({ seed: 11, budgetLines: pages - others });
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
