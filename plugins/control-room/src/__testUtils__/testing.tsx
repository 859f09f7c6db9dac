import { ReactElement } from 'react';
import { useLocation } from 'react-router-dom';
import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import type {
  ControlRoomApiCalls,
  ProjectDetailResponse,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../api';
import { DateRangeProvider } from '../components/common';

/** An API whose every call answers empty; tests override what they need. */
export function emptyApi(
  overrides: Partial<ControlRoomApiCalls> = {},
): jest.Mocked<ControlRoomApiCalls> {
  const api: ControlRoomApiCalls = {
    getHealth: async () => ({
      status: 'ok',
      engine: 'duckdb',
      checked_at: '2026-01-02T03:04:05.000Z',
    }),
    listJobs: async () => ({ data: [] }),
    listJobRuns: async () => ({ data: [] }),
    runJob: async jobId => ({ job_id: jobId, started: true }),
    getKpis: async () => ({
      data: [],
      meta: { from: '2025-01-01', to: '2025-12-31', total_records: 0 },
    }),
    listProjects: async () => ({ data: [] }),
    getProject: async () => {
      throw new Error('not found');
    },
    getProjectCloudCosts: async projectId => ({
      project_id: projectId,
      total: '0.00',
      unit: 'USD',
      months: [],
      resources: [],
    }),
    listPrograms: async () => ({ data: [] }),
    getForecast: async () => ({ data: [] }),
    listDqIssues: async () => ({ data: [] }),
    listDqMetrics: async () => ({ data: [] }),
    listAdvisorRecommendations: async () => ({ data: [] }),
    getAdvisorSummary: async () => ({ data: [] }),
    getAlerts: async () => ({ data: [] }),
    createNotionAction: async () => ({
      success: true,
      action_id: 'a1',
      notion_url: 'https://www.notion.so/a1',
      created: true,
    }),
    ...overrides,
  };
  for (const key of Object.keys(api) as Array<keyof ControlRoomApiCalls>) {
    (api as any)[key] = jest.fn((api as any)[key]);
  }
  return api as jest.Mocked<ControlRoomApiCalls>;
}

/** A call that never answers, to see the loading state. */
export const pending = () => new Promise<never>(() => {});

/** A signals API whose messages the test sends. */
export function fakeSignals() {
  const listeners = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const forChannel = listeners.get(channel) ?? new Set();
      forChannel.add(onMessage as (message: any) => void);
      listeners.set(channel, forChannel);
      return {
        unsubscribe: () =>
          forChannel.delete(onMessage as (message: any) => void),
      };
    },
  };
  return {
    api,
    /** Delivers a message to every subscriber of the channel. */
    send(channel: string, message: object) {
      act(() => {
        listeners.get(channel)?.forEach(listener => listener(message));
      });
    },
  };
}

export function renderTab(
  element: ReactElement,
  api: ControlRoomApiCalls,
  options: {
    canRunJobs?: boolean;
    entities?: Entity[];
    route?: string;
    signals?: SignalApi;
  } = {},
) {
  const permissionApi = mockApis.permission({
    authorize: (options.canRunJobs ?? true ? 'ALLOW' : 'DENY') as any,
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [controlRoomApiRef, api],
        [permissionApiRef, permissionApi],
        [catalogApiRef, catalogApiMock({ entities: options.entities ?? [] })],
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ]}
    >
      <DateRangeProvider>{element}</DateRangeProvider>
    </TestApiProvider>,
    { routeEntries: [options.route ?? '/'] },
  );
}

export const sampleProjectDetail: ProjectDetailResponse = {
  project: {
    project_id: 'p1',
    name: 'Ledger Migration',
    program_id: 'prog1',
    status: 'Active',
    health: 'red',
    budget: '1000.00',
    actual: '1250.50',
    unit: 'USD',
    notion_url: 'https://www.notion.so/p1',
  },
  series: [
    { period: '2026-01-01', budget: '500.00', actual: '600.00', unit: 'USD' },
    { period: '2026-02-01', budget: '500.00', actual: '650.50', unit: 'USD' },
  ],
  forecast: {
    project_id: 'p1',
    period: '2026-02-01',
    eac: '2400.00',
    budget_at_completion: '2000.00',
    budget_exhausted_on: '2026-05-14',
    cpi: 0.11767578153395375,
    spi: 0.9,
    unit: 'USD',
  },
  health_detail: {
    health: 'red',
    reasons: ['Actual exceeds budget by 25%'],
    cpi: 0.8,
  },
  risks: [
    { risk_id: 'r1', title: 'Vendor delay', impact: 'High', status: 'Open' },
  ],
  actions: [
    {
      action_id: 'a1',
      title: 'Renegotiate contract',
      status: 'Open',
      notion_url: 'https://www.notion.so/a1',
    },
  ],
  resources: [
    {
      resource_id: '/subscriptions/s/vm1',
      name: 'vm-ledger',
      type: 'virtualmachines',
      location: 'westeurope',
    },
  ],
  recommendations: [
    {
      recommendation_id: 'rec1',
      resource_id: '/subscriptions/s/vm1',
      category: 'Cost',
      impact: 'High',
      solution: 'Right-size vm-ledger',
      monthly_savings: '42.00',
      unit: 'USD',
      has_action: false,
    },
  ],
};

/** Shows the query string of the current URL, to assert filters land there. */
export const ShowLocation = () => (
  <output data-testid="location">{useLocation().search}</output>
);

/**
 * Captures the CSV files the page hands to the browser as downloads:
 * `files()` returns each one's name and text.
 */
export function captureCsvDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  const originalCreate = URL.createObjectURL;
  const originalRevoke = URL.revokeObjectURL;
  URL.createObjectURL = (blob: Blob) => {
    blobs.push(blob);
    return 'blob:csv';
  };
  URL.revokeObjectURL = () => {};
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(function record(this: HTMLAnchorElement) {
      names.push(this.download);
    });
  return {
    files: () =>
      Promise.all(
        blobs.map(async (blob, i) => ({
          name: names[i],
          text: await blob.text(),
        })),
      ),
    restore() {
      URL.createObjectURL = originalCreate;
      URL.revokeObjectURL = originalRevoke;
      click.mockRestore();
    },
  };
}

/** Opens the dropdown filter with this label; returns the choices it offers. */
export function openFilter(label: string): string[] {
  fireEvent.mouseDown(screen.getByLabelText(label));
  return within(screen.getByRole('listbox'))
    .getAllByRole('option')
    .map(option => option.textContent ?? '');
}

/** Picks a choice of the dropdown filter with this label, as a user would. */
export async function chooseFilter(label: string, choice: string) {
  openFilter(label);
  await userEvent.click(within(screen.getByRole('listbox')).getByText(choice));
}

/**
 * Clicks the export button with this accessible name (waiting for it to
 * appear) and returns the CSV file it hands to the browser.
 */
export async function exportCsv(
  buttonName: string,
): Promise<{ name: string; text: string }> {
  const downloads = captureCsvDownloads();
  try {
    await userEvent.click(
      await screen.findByRole('button', { name: buttonName }),
    );
    const [file] = await downloads.files();
    return file;
  } finally {
    downloads.restore();
  }
}
