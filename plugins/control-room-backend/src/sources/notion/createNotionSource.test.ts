import { ConfigReader } from '@backstage/config';
import { resolveNotionSettings } from './createNotionSource';

const sandbox = {
  notion: {
    baseUrl: 'http://127.0.0.1:1',
    token: 'sandbox',
    databaseIds: {
      programs: 'sandbox-programs',
      projects: 'sandbox-projects',
      budget_lines: 'sandbox-budget-lines',
      risks: 'sandbox-risks',
      actions: 'sandbox-actions',
    },
  },
};

const idsOf = (settings: ReturnType<typeof resolveNotionSettings>) =>
  Object.fromEntries(settings.databases.map(db => [db.name, db.id]));

describe('resolveNotionSettings', () => {
  it('fills the databases not configured with the sandbox ids', () => {
    const settings = resolveNotionSettings(
      new ConfigReader({
        controlRoom: { notion: { databases: { projects: { id: 'mine' } } } },
      }),
      sandbox as any,
    );
    expect(idsOf(settings)).toMatchObject({
      projects: 'mine',
      programs: 'sandbox-programs',
      actions: 'sandbox-actions',
    });
  });

  it('with a Notion token uses only the configured databases', () => {
    const settings = resolveNotionSettings(
      new ConfigReader({
        controlRoom: {
          notion: { token: 'ntn_x', databases: { projects: { id: 'mine' } } },
        },
      }),
      sandbox as any,
    );
    expect(idsOf(settings)).toEqual({
      programs: undefined,
      projects: 'mine',
      budget_lines: undefined,
      risks: undefined,
      actions: undefined,
    });
  });
});
