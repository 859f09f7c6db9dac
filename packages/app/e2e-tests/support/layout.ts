import { Page } from '@playwright/test';

/**
 * Layout checks on a rendered page: tables that do not fit, text cut off,
 * raw ids in the visible text.
 */

/**
 * What does not fit: the page scrolling sideways, a table or card title cut
 * off, chart axis labels on top of each other, a table wider than the
 * element that holds it, a cell reaching past that element's edge or whose
 * text overflows it.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems = new Set<string>();
    const doc = document.documentElement;
    // The outermost elements that reach past the right edge. Backstage's
    // own page header (its `bui-` tabs) is not ours to lay out.
    const past = [...document.body.querySelectorAll<HTMLElement>('*')]
      .filter(
        e =>
          e.getBoundingClientRect().right > doc.clientWidth + 1 &&
          (e.parentElement?.getBoundingClientRect().right ?? 0) <=
            doc.clientWidth + 1 &&
          !e.closest('[class*="bui-"]'),
      )
      .map(e => {
        const text = e.textContent?.trim().slice(0, 40);
        return `${e.tagName.toLowerCase()} "${text}"`;
      });
    if (past.length > 0) {
      problems.add(
        `the page scrolls sideways (${doc.scrollWidth} px in ${
          doc.clientWidth
        } px): ${past.slice(0, 3).join(', ')}`,
      );
    }
    const main = document.querySelector('main') ?? document.body;
    // Titles of tables (in their toolbar) and cards: cut off when the
    // text is wider than the heading or than the box that clips it.
    for (const heading of main.querySelectorAll<HTMLElement>(
      '.MuiPaper-root > .MuiToolbar-root h2, .MuiCardHeader-title',
    )) {
      if (!(heading as any).checkVisibility?.()) continue;
      const clip = heading.closest<HTMLElement>('.MuiToolbar-root > *');
      const cut = [heading, clip].some(
        e => e && e.scrollWidth > e.clientWidth + 1,
      );
      if (cut) {
        problems.add(
          `title "${heading.textContent?.trim().slice(0, 40)}" is cut off`,
        );
      }
    }
    // Chart axis labels drawn over each other.
    for (const axis of main.querySelectorAll('.recharts-cartesian-axis')) {
      const labels = [
        ...axis.querySelectorAll('.recharts-cartesian-axis-tick-value'),
      ]
        .map(t => ({ text: t.textContent, box: t.getBoundingClientRect() }))
        .filter(l => l.box.width > 0);
      labels.forEach((a, i) =>
        labels.slice(i + 1).forEach(b => {
          if (
            a.box.left < b.box.right - 1 &&
            b.box.left < a.box.right - 1 &&
            a.box.top < b.box.bottom - 1 &&
            b.box.top < a.box.bottom - 1
          ) {
            problems.add(`chart labels "${a.text}" and "${b.text}" overlap`);
          }
        }),
      );
    }
    for (const table of main.querySelectorAll('table')) {
      if (!(table as any).checkVisibility?.()) continue;
      const title =
        table
          .closest('.MuiPaper-root')
          ?.querySelector('h2, .MuiCardHeader-title')
          ?.textContent?.trim() ??
        table.querySelector('th, td')?.textContent?.trim() ??
        'untitled';
      // The nearest ancestor that clips or scrolls.
      let holder = table.parentElement;
      while (holder && getComputedStyle(holder).overflowX === 'visible') {
        holder = holder.parentElement;
      }
      const box = (holder ?? doc).getBoundingClientRect();
      if (holder && holder.scrollWidth > holder.clientWidth + 1) {
        problems.add(
          `table "${title}" is wider than its container (${holder.scrollWidth} px in ${holder.clientWidth} px)`,
        );
      }
      const headers = [...table.querySelectorAll('thead th')].map(
        th => th.textContent?.trim() ?? '',
      );
      for (const cell of table.querySelectorAll<HTMLElement>('th, td')) {
        const rect = cell.getBoundingClientRect();
        if (rect.width === 0) continue;
        const column = headers[(cell as HTMLTableCellElement).cellIndex] ?? '';
        if (rect.right > box.right + 1 || rect.left < box.left - 1) {
          problems.add(`table "${title}": column "${column}" is cut off`);
        }
        if (cell.scrollWidth > cell.clientWidth + 1) {
          problems.add(
            `table "${title}": column "${column}" overflows its cell ("${cell.textContent
              ?.trim()
              .slice(0, 40)}")`,
          );
        }
      }
    }
    return [...problems];
  });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const NOTION_ID = /\b[0-9a-f]{32}\b/i;
const AZURE_ID = /\/subscriptions\/[^\s]+/i;

/** Ids of the API answers a page must never print (names stand for them). */
const ID_FIELDS = [
  'project_id',
  'program_id',
  'recommendation_id',
  'action_id',
  'resource_id',
  'risk_id',
  'run_id',
  'budget_line_id',
  'sample_keys',
];

export function apiIds(bodies: unknown[]): Set<string> {
  const ids = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (ID_FIELDS.includes(key)) {
          for (const id of [value].flat()) {
            // Short ids ("p1", "unassigned") would match ordinary words.
            if (typeof id === 'string' && id.length >= 8) ids.add(id);
          }
        } else {
          walk(value);
        }
      }
    }
  };
  bodies.forEach(walk);
  return ids;
}

/** Raw ids in the visible text of `main`: UUIDs, Notion or Azure ids, API ids. */
export async function rawIdProblems(
  page: Page,
  ids: Set<string>,
): Promise<string[]> {
  const text = await page.evaluate(
    () =>
      ((document.querySelector('main') ?? document.body) as HTMLElement)
        .innerText,
  );
  const problems: string[] = [];
  for (const pattern of [UUID, NOTION_ID, AZURE_ID]) {
    const match = pattern.exec(text);
    if (match) problems.push(`raw id in the text: ${match[0]}`);
  }
  for (const id of ids) {
    if (text.includes(id)) problems.push(`API id in the text: ${id}`);
  }
  return problems;
}
