import { generatePortfolio } from '@finance-ppm/sandbox';

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
