import { Page } from '@playwright/test';
import { API } from './portal';

/**
 * Reads the money figures a page prints and traces each one back to the API
 * answer it came from, so a figure printed with another field's currency is
 * found whatever the portfolio holds.
 */

/** A Control Room API answer the page received. */
export interface ApiAnswer {
  /** The API path with ids replaced by `:id`, e.g. `/projects/:id`. */
  route: string;
  body: unknown;
}

/** Records every JSON answer of the Control Room API the page receives. */
export function captureApi(page: Page): ApiAnswer[] {
  const answers: ApiAnswer[] = [];
  page.on('response', async response => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith(`${API}/`) || !response.ok()) {
      return;
    }
    if (!response.headers()['content-type']?.includes('application/json')) {
      return;
    }
    try {
      answers.push({
        route: routeOf(url.pathname.slice(API.length)),
        body: await response.json(),
      });
    } catch {
      // A page that navigates away drops the body; nothing to trace.
    }
  });
  return answers;
}

/** `/projects/abc/cloud-costs` → `/projects/:id/cloud-costs`. */
export function routeOf(path: string): string {
  const parts = path.split('/');
  return parts
    .map((part, i) => (i === 2 && parts[1] === 'projects' ? ':id' : part))
    .join('/');
}

/** An amount the API gave (or that the page derives from API amounts). */
export interface ApiAmount {
  /** `<route> <field>`, e.g. `/projects budget` or `/kpis sum:actual`. */
  source: string;
  cents: bigint;
  unit?: string;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

export function toCents(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const cents = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  return negative ? -cents : cents;
}

/**
 * Every decimal amount in the answers with the unit the API states for it:
 * the `<field>_unit` beside it, else the `unit` of the same object. A KPI
 * row's value is named after its metric.
 */
export function apiAmounts(answers: ApiAnswer[]): ApiAmount[] {
  const amounts: ApiAmount[] = [];
  const walk = (route: string, node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(item => walk(route, item));
      return;
    }
    if (!node || typeof node !== 'object') {
      return;
    }
    const object = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(object)) {
      if (typeof value === 'string' && DECIMAL.test(value)) {
        const field =
          key === 'value' && typeof object.metric_name === 'string'
            ? `kpi:${object.metric_name}`
            : key;
        const unit = object[`${key}_unit`] ?? object.unit;
        amounts.push({
          source: `${route} ${field}`,
          cents: toCents(value),
          unit: typeof unit === 'string' ? unit : undefined,
        });
      } else if (typeof value === 'object') {
        walk(route, value);
      }
    }
  };
  for (const answer of answers) {
    walk(answer.route, answer.body);
  }
  return amounts;
}

/** Sums per key and unit, as the page does (never across currencies). */
export function sumsBy<T>(
  rows: T[],
  keyOf: (row: T) => string | undefined,
  valueOf: (row: T) => string | undefined,
  unitOf: (row: T) => string | undefined,
): ApiAmount[] {
  const totals = new Map<string, ApiAmount>();
  for (const row of rows) {
    const key = keyOf(row);
    const value = valueOf(row);
    if (key === undefined || value === undefined || value === null) {
      continue;
    }
    const unit = unitOf(row);
    const id = `${key}\u0000${unit}`;
    const total = totals.get(id) ?? { source: key, cents: 0n, unit };
    total.cents += toCents(value);
    totals.set(id, total);
  }
  return [...totals.values()];
}

/** The latest answer of a route (the page may have refreshed it). */
export function latest(answers: ApiAnswer[], route: string): any {
  return [...answers].reverse().find(a => a.route === route)?.body;
}

/** A money figure as the page prints it. */
export interface ScreenFigure {
  text: string;
  /** The ISO currency the printed symbol stands for. */
  currency: string;
  cents: string;
  /**
   * What the figure is: `column:<header>` in a table, `row:<first cell>` in
   * a key-value table, `testid:<id>` of the nearest marked element, else
   * `card:<card title>`.
   */
  label: string;
}

/**
 * Every visible money figure under `main`: text with a currency symbol of
 * the browser's locale (for any ISO currency) next to a number.
 */
export async function readMoneyFigures(
  page: Page,
  preferredUnits: string[],
): Promise<ScreenFigure[]> {
  return page.evaluate(preferred => {
    const symbols = new Map<string, string>();
    const codes = [
      ...preferred,
      ...(Intl as any).supportedValuesOf('currency'),
    ] as string[];
    for (const code of codes) {
      if (!/^[A-Z]{3}$/.test(code)) continue;
      const symbol = new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency: code,
      })
        .formatToParts(1)
        .find(part => part.type === 'currency')?.value;
      if (symbol && !symbols.has(symbol)) symbols.set(symbol, code);
    }
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const alternatives = [...symbols.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|');
    const money = new RegExp(
      `(?<![A-Za-z])(-)?(${alternatives})[\\s\\u00a0]?(-)?(\\d[\\d,]*(?:\\.\\d+)?)`,
      'g',
    );

    const labelOf = (element: Element): string => {
      const cell = element.closest('td, th');
      const table = cell?.closest('table');
      if (cell && table) {
        const row = cell.parentElement!;
        const index = [...row.children].indexOf(cell);
        const head = table.querySelector('thead tr');
        if (head) {
          return `column:${head.children[index]?.textContent?.trim()}`;
        }
        return `row:${row.children[0]?.textContent?.trim()}`;
      }
      const marked = element.closest('[data-testid]');
      if (marked) {
        return `testid:${marked.getAttribute('data-testid')}`;
      }
      const title = element
        .closest('.MuiCard-root')
        ?.querySelector('.MuiCardHeader-title')
        ?.textContent?.trim();
      return `card:${title ?? 'none'}`;
    };

    const root = document.querySelector('main') ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const figures = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !(parent as any).checkVisibility?.()) continue;
      if (parent.closest('svg, .recharts-tooltip-wrapper')) continue;
      for (const match of (node.textContent ?? '').matchAll(money)) {
        const [text, sign1, symbol, sign2, digits] = match;
        const [whole, fraction = ''] = digits.replace(/,/g, '').split('.');
        const cents =
          BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
        figures.push({
          text,
          currency: symbols.get(symbol)!,
          cents: String(sign1 || sign2 ? -cents : cents),
          label: labelOf(parent),
        });
      }
    }
    return figures;
  }, preferredUnits);
}

/**
 * What is wrong with the figures: one a label does not allow, one no API
 * amount behind its label explains, or one printed in a currency other than
 * the unit the API gave for it. `labels` maps each label to the sources
 * (see ApiAmount) the figures under it may show.
 */
export function figureProblems(
  figures: ScreenFigure[],
  amounts: ApiAmount[],
  labels: Record<string, string[]>,
): string[] {
  const problems: string[] = [];
  for (const figure of figures) {
    const allowed = labels[figure.label];
    if (!allowed) {
      problems.push(
        `${figure.text} under ${figure.label}: no API field is expected there`,
      );
      continue;
    }
    const candidates = amounts.filter(
      a => allowed.includes(a.source) && String(a.cents) === figure.cents,
    );
    if (candidates.length === 0) {
      problems.push(
        `${figure.text} under ${
          figure.label
        }: equals no API value of ${allowed.join(', ')}`,
      );
    } else if (!candidates.some(a => a.unit === figure.currency)) {
      problems.push(
        `${figure.text} under ${figure.label} is printed in ${
          figure.currency
        }; the API gave ${[
          ...new Set(candidates.map(c => `${c.source} in ${c.unit}`)),
        ].join(', ')}`,
      );
    }
  }
  return problems;
}
