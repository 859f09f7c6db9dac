import {
  advisorResourceRowToArm,
  bronzeRecommendationToSilver,
  bronzeResourceToSilver,
  countUnlinked,
  linkProject,
  parseArmResourceId,
  parseSavingsAmount,
  recommendationResourceId,
  recommendationToBronze,
  resourceGraphRowsToBronze,
} from './transforms';

const linking = {
  projectTag: 'ppm-project',
  resourceGroupProjects: { 'RG-Billing': 'project-billing' },
};

describe('parseSavingsAmount', () => {
  it.each([
    ['1234.5678', '1234.57'],
    ['1234.5', '1234.50'],
    ['1,234.564', '1234.56'],
    ['0.005', '0.01'],
    ['0.004', '0.00'],
    ['  42 ', '42.00'],
    ['.5', '0.50'],
    ['-3.335', '-3.34'],
    ['-0.001', '0.00'],
    ['99999999999.999', '100000000000.00'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseSavingsAmount(text)).toBe(expected);
  });

  it.each([[undefined], [null], [''], ['abc'], ['1.2.3'], ['.'], ['12e3']])(
    'gives null for %j',
    text => {
      expect(parseSavingsAmount(text)).toBeNull();
    },
  );
});

describe('parseArmResourceId', () => {
  it('reads subscription and group whatever their case', () => {
    expect(
      parseArmResourceId(
        '/SUBSCRIPTIONS/sub-1/resourcegroups/My-RG/providers/Microsoft.Web/sites/a',
      ),
    ).toEqual({ subscriptionId: 'sub-1', resourceGroup: 'My-RG' });
    expect(parseArmResourceId('/subscriptions/sub-1')).toEqual({
      subscriptionId: 'sub-1',
      resourceGroup: null,
    });
  });
});

describe('linkProject', () => {
  it('prefers the tag, matching its name case-insensitively', () => {
    expect(linkProject({ 'PPM-Project': ' p1 ' }, 'rg-billing', linking)).toBe(
      'p1',
    );
  });
  it('falls back to the resource-group map, case-insensitively', () => {
    expect(linkProject({}, 'rg-billing', linking)).toBe('project-billing');
    expect(linkProject({ 'ppm-project': '' }, 'RG-BILLING', linking)).toBe(
      'project-billing',
    );
  });
  it('gives null when nothing names a project', () => {
    expect(linkProject(null, 'other', linking)).toBeNull();
    expect(linkProject({ 'ppm-project': 7 }, null, linking)).toBeNull();
  });
});

describe('resource transforms', () => {
  it('keeps rows with an id and counts the rest', () => {
    const { rows, skipped } = resourceGraphRowsToBronze(
      [
        {
          id: '/subscriptions/s/resourceGroups/rg-billing/providers/x/y/z',
          name: 'z',
          sku: { name: 'Standard_LRS' },
          kind: 'StorageV2',
          tags: { env: 'dev' },
        },
        { location: 'westus' },
        'not a row',
      ],
      '2026-01-01T00:00:00.000Z',
    );
    expect(skipped).toBe(2);
    expect(rows).toHaveLength(1);
    expect(bronzeResourceToSilver(rows[0], linking)).toEqual({
      resource_id: '/subscriptions/s/resourceGroups/rg-billing/providers/x/y/z',
      name: 'z',
      type: null,
      resource_group: 'rg-billing',
      subscription_id: 's',
      location: null,
      tags: '{"env":"dev"}',
      sku: 'Standard_LRS',
      kind: 'StorageV2',
      project_id: 'project-billing',
      ingested_at: '2026-01-01T00:00:00.000Z',
      removed_at: null,
    });
  });
});

describe('recommendation transforms', () => {
  const resourceId =
    '/subscriptions/s/resourceGroups/rg-x/providers/Microsoft.Compute/virtualMachines/vm1';

  it('finds the resource from the recommendation id without metadata', () => {
    expect(
      recommendationResourceId({
        id: `${resourceId}/providers/Microsoft.Advisor/recommendations/g1`,
        properties: {},
      }),
    ).toBe(resourceId);
    expect(recommendationResourceId({ id: 'g1', properties: {} })).toBeNull();
  });

  it('follows the impacted resource tags to the project and keeps savings', () => {
    const arm = advisorResourceRowToArm({
      id: `${resourceId}/providers/Microsoft.Advisor/recommendations/g1`,
      properties: {
        category: 'Cost',
        lastUpdated: 'not a date',
        extendedProperties: {
          savingsAmount: '10.125',
          annualSavingsAmount: '121.5',
          savingsCurrency: 'EUR',
        },
      },
    })!;
    const silver = bronzeRecommendationToSilver(
      recommendationToBronze(arm, '2026-01-01T00:00:00.000Z'),
      new Map([[resourceId.toLowerCase(), { 'ppm-project': 'p9' }]]),
      linking,
    );
    expect(silver).toMatchObject({
      category: 'Cost',
      resource_id: resourceId,
      resource_group: 'rg-x',
      monthly_savings: '10.13',
      annual_savings: '121.50',
      savings_currency: 'EUR',
      last_updated: null,
      project_id: 'p9',
    });
    expect(advisorResourceRowToArm({ name: 'no id' })).toBeNull();
  });

  it('counts unlinked rows', () => {
    expect(
      countUnlinked([{ project_id: 'a' }, { project_id: null }, {}]),
    ).toEqual({ total: 3, unlinked: 2 });
  });
});
