import {
  costRowsToSilver,
  costRowToBronze,
  parseCostPage,
  parseUsageDate,
  rawRowJson,
  ScopedCostRow,
} from './costRows';

const linking = {
  projectTag: 'ppm-project',
  resourceGroupProjects: { 'RG-Mapped': 'proj-mapped' },
};

describe('parseUsageDate', () => {
  it('reads the number Azure sends for daily rows and ISO text', () => {
    expect(parseUsageDate(20180417)).toBe('2018-04-17');
    expect(parseUsageDate('20180418')).toBe('2018-04-18');
    expect(parseUsageDate('2018-04-19T00:00:00')).toBe('2018-04-19');
  });

  it('rejects what is not a calendar day', () => {
    expect(parseUsageDate(20180231)).toBeNull();
    expect(parseUsageDate(2018041.5)).toBeNull();
    expect(parseUsageDate('April')).toBeNull();
    expect(parseUsageDate(null)).toBeNull();
  });
});

describe('parseCostPage', () => {
  const columns = [
    { name: 'PreTaxCost', type: 'Number' },
    { name: 'ResourceId', type: 'String' },
    { name: 'TagKey', type: 'String' },
    { name: 'TagValue', type: 'String' },
    { name: 'UsageDate', type: 'Number' },
    { name: 'Currency', type: 'String' },
  ];
  const vm =
    '/subscriptions/s1/resourceGroups/RG-Mapped/providers/Microsoft.Compute/virtualMachines/vm1';

  it('types rows by column name, takes the group from the resource id and the tag value only for the project tag', () => {
    const { rows, rejected } = parseCostPage(
      {
        columns,
        rows: [
          [1.5, vm, 'ppm-project', 'proj-a', 20261101, 'eur'],
          [2.25, vm, 'costcenter', 'cc-1', 20261102, 'EUR'],
          [0.5, '', '', '', 20261102, 'USD'],
        ],
      },
      'PPM-Project',
    );
    expect(rejected).toBe(0);
    expect(rows.map(r => [r.usageDate, r.cost, r.currency])).toEqual([
      ['2026-11-01', 1.5, 'EUR'],
      ['2026-11-02', 2.25, 'EUR'],
      ['2026-11-02', 0.5, 'USD'],
    ]);
    expect(rows.map(r => r.projectTagValue)).toEqual(['proj-a', null, null]);
    expect(rows.map(r => r.resourceGroup)).toEqual([
      'RG-Mapped',
      'RG-Mapped',
      null,
    ]);
    expect(rows[2].resourceId).toBeNull();
    expect(JSON.parse(rawRowJson(rows[0]))).toEqual({
      PreTaxCost: 1.5,
      ResourceId: vm,
      TagKey: 'ppm-project',
      TagValue: 'proj-a',
      UsageDate: 20261101,
      Currency: 'eur',
    });
  });

  it('counts rows whose date or cost cannot be read instead of guessing', () => {
    const { rows, rejected } = parseCostPage(
      {
        columns,
        rows: [
          ['1.5', vm, '', '', 20261101, 'USD'],
          [1, vm, '', '', 20261131, 'USD'],
          [1, vm, '', '', 20261101, ''],
          'not a row' as any,
        ],
      },
      'ppm-project',
    );
    expect(rows).toEqual([]);
    expect(rejected).toBe(4);
  });

  it('fails naming the missing columns when the query was not daily', () => {
    expect(() =>
      parseCostPage(
        {
          columns: [{ name: 'PreTaxCost' }, { name: 'ResourceGroup' }],
          rows: [[1, 'rg']],
        },
        'ppm-project',
      ),
    ).toThrow(
      /lacks UsageDate \(daily granularity\), Currency; columns were PreTaxCost, ResourceGroup/,
    );
  });

  it('accepts an empty page of any shape', () => {
    expect(parseCostPage({}, 'ppm-project')).toEqual({ rows: [], rejected: 0 });
  });
});

function row(overrides: Partial<ScopedCostRow>): ScopedCostRow {
  return {
    usageDate: '2026-11-01',
    cost: 1,
    currency: 'USD',
    resourceId: '/subscriptions/S1/resourceGroups/rg-a/providers/x/y/vm1',
    resourceGroup: 'rg-a',
    projectTagValue: null,
    values: [],
    columns: [],
    scope: 'subscriptions/s1',
    query: '{}',
    ...overrides,
  };
}

describe('costRowsToSilver', () => {
  it('links by tag, then by resource group, else leaves the spend unclaimed', () => {
    const silver = costRowsToSilver(
      [
        row({ projectTagValue: 'proj-a' }),
        row({
          resourceId:
            '/subscriptions/s1/resourceGroups/rg-mapped/providers/x/y/db',
          resourceGroup: 'rg-mapped',
        }),
        row({ resourceId: null, resourceGroup: null }),
      ],
      linking,
      'pull-1',
      '2026-11-25T07:00:00.000Z',
    );
    expect(
      silver.map(r => [r.resource_id, r.project_id, r.project_link]),
    ).toEqual([
      [
        '/subscriptions/s1/resourcegroups/rg-a/providers/x/y/vm1',
        'proj-a',
        'tag',
      ],
      [
        '/subscriptions/s1/resourcegroups/rg-mapped/providers/x/y/db',
        'proj-mapped',
        'resource_group',
      ],
      ['/subscriptions/s1', null, null],
    ]);
    expect(silver[0]).toMatchObject({
      charge_period_start: '2026-11-01',
      charge_period_end: '2026-11-02',
      resource_name: 'vm1',
      resource_group: 'rg-a',
      sub_account_id: 's1',
      billed_cost: 1,
      billing_currency: 'USD',
      pull_id: 'pull-1',
    });
  });

  it('adds up rows of one scope for a resource-day and counts a second scope once', () => {
    const silver = costRowsToSilver(
      [
        row({ cost: 1.25, projectTagValue: 'proj-a' }),
        row({ cost: 0.5 }),
        row({
          cost: 1.75,
          scope: 'providers/microsoft.billing/billingaccounts/1',
        }),
        row({ cost: 3, currency: 'EUR' }),
      ],
      linking,
      'pull-1',
      'now',
    );
    expect(
      silver.map(r => [r.billing_currency, r.billed_cost, r.project_id]),
    ).toEqual([
      ['USD', 1.75, 'proj-a'],
      ['EUR', 3, null],
    ]);
  });
});

describe('costRowToBronze', () => {
  it('keys a row by scope, day, resource, group, tag value and currency', () => {
    const bronze = costRowToBronze(
      row({
        projectTagValue: 'proj-a',
        values: [1],
        columns: ['PreTaxCost'],
        query: '{"type":"Usage"}',
      }),
      'pull-1',
      'at',
    );
    expect(bronze).toEqual({
      row_key:
        'subscriptions/s1|2026-11-01|/subscriptions/s1/resourcegroups/rg-a/providers/x/y/vm1|rg-a|proj-a|USD',
      scope: 'subscriptions/s1',
      usage_date: '2026-11-01',
      resource_id: '/subscriptions/S1/resourceGroups/rg-a/providers/x/y/vm1',
      resource_group: 'rg-a',
      project_tag_value: 'proj-a',
      cost: 1,
      currency: 'USD',
      raw_row: '{"PreTaxCost":1}',
      query: '{"type":"Usage"}',
      pull_id: 'pull-1',
      ingested_at: 'at',
    });
  });
});
