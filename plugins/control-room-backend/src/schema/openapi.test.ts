import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { spec } from './openapi.generated';

const yamlSpec = YAML.parse(
  fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
);

describe('openapi spec', () => {
  it('is the YAML file, as the typed router sees it', () => {
    expect(JSON.parse(JSON.stringify(spec))).toEqual(yamlSpec);
  });

  it('declares every route of the plan', () => {
    expect(Object.keys(yamlSpec.paths).sort()).toEqual(
      [
        '/health',
        '/jobs',
        '/job-runs',
        '/jobs/{id}/run',
        '/kpis',
        '/projects',
        '/projects/{id}',
        '/projects/{id}/cloud-costs',
        '/programs',
        '/forecast',
        '/dq/issues',
        '/dq/metrics',
        '/advisor/recommendations',
        '/advisor/summary',
        '/alerts',
        '/notion/actions',
        '/webhooks/notion',
      ].sort(),
    );
  });

  it('states money as exact decimal strings everywhere', () => {
    const money = yamlSpec.components.schemas.Money;
    expect(money.type).toBe('string');
    const moneyPattern = new RegExp(money.pattern);
    expect(moneyPattern.test('1234.50')).toBe(true);
    expect(moneyPattern.test('1234.5')).toBe(false);
    // No schema property named like an amount is typed as a number.
    const amountNames = /budget|actual|savings|eac|etc|vac|value|committed/;
    const offenders: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as { properties?: Record<string, any> };
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (amountNames.test(name) && property.type === 'number') {
          offenders.push(`${where}.${name}`);
        }
      }
      for (const [key, child] of Object.entries(node))
        visit(child, `${where}.${key}`);
    };
    visit(yamlSpec.components, 'components');
    expect(offenders).toEqual([]);
  });

  it('leaves only /health and the webhook open', () => {
    const open = Object.entries(yamlSpec.paths).flatMap(([route, ops]) =>
      Object.values(ops as Record<string, { security?: unknown[] }>)
        .filter(op => Array.isArray(op.security) && op.security.length === 0)
        .map(() => route),
    );
    expect(open.sort()).toEqual(['/health', '/webhooks/notion']);
  });
});
