import { screen } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
  mockApis,
} from '@backstage/test-utils';
import {
  renderTestApp,
  mockApis as frontendMockApis,
} from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { controlRoomApiRef } from './api';
import { emptyApi } from './__testUtils__/testing';
import {
  controlRoomPlugin,
  ControlRoomPage,
  EntityControlRoomCard,
  EntityControlRoomContent,
  hasProjectFinance,
} from './index';
import alphaPlugin from './alpha';
import { ControlRoomPage as LegacyPage } from './components/ControlRoomPage';

const apis = () =>
  [
    [controlRoomApiRef, emptyApi()],
    [permissionApiRef, mockApis.permission()],
    [catalogApiRef, catalogApiMock()],
  ] as const;

describe('legacy exports', () => {
  it('provides the API factory and the routable page, content and card', () => {
    expect(controlRoomPlugin.getId()).toBe('control-room');
    expect([...controlRoomPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.control-room.service',
    ]);
    expect(ControlRoomPage).toBeDefined();
    expect(EntityControlRoomContent).toBeDefined();
    expect(EntityControlRoomCard).toBeDefined();
  });

  it('renders the page with its five tabs', async () => {
    await renderInTestApp(
      <TestApiProvider apis={apis()}>
        <LegacyPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('heading', { name: 'Control Room' }),
    ).toBeInTheDocument();
    for (const tab of [
      'Overview',
      'Projects',
      'Pipelines',
      'Data Quality',
      'Advisor',
    ]) {
      expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument();
    }
    expect(await screen.findByText('Backend health')).toBeInTheDocument();
  });
});

describe('/alpha exports', () => {
  it('declares the API, page, five sub-pages, entity content and card', () => {
    const ids = [
      'api:control-room',
      'page:control-room',
      'sub-page:control-room/overview',
      'sub-page:control-room/projects',
      'sub-page:control-room/pipelines',
      'sub-page:control-room/data-quality',
      'sub-page:control-room/advisor',
      'entity-content:control-room/finance',
      'entity-card:control-room/finance',
    ];
    for (const id of ids) {
      expect(alphaPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('renders the tabs of the page in an app on the new frontend system', async () => {
    renderTestApp({
      features: [alphaPlugin],
      initialRouteEntries: ['/control-room'],
      apis: [
        [controlRoomApiRef, emptyApi()],
        [permissionApiRef, frontendMockApis.permission()],
        [catalogApiRef, catalogApiMock()],
      ],
    });
    // The sub-page loads lazily; the first render of the app takes a while.
    expect(
      await screen.findByText('Backend health', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    for (const tab of [
      'Overview',
      'Projects',
      'Pipelines',
      'Data Quality',
      'Advisor',
    ]) {
      expect(screen.getAllByText(tab).length).toBeGreaterThan(0);
    }
  });
});

describe('hasProjectFinance', () => {
  const base = { apiVersion: 'backstage.io/v1alpha1', metadata: { name: 'x' } };
  it('matches project components and annotated entities only', () => {
    expect(
      hasProjectFinance({
        ...base,
        kind: 'Component',
        spec: { type: 'project' },
      }),
    ).toBe(true);
    expect(
      hasProjectFinance({
        ...base,
        kind: 'Component',
        spec: { type: 'service' },
      }),
    ).toBe(false);
    expect(
      hasProjectFinance({
        ...base,
        kind: 'Component',
        metadata: {
          name: 'svc',
          annotations: { 'notion.so/project-id': 'p1' },
        },
        spec: { type: 'service' },
      }),
    ).toBe(true);
  });
});
