import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { HealthResponse } from '@finance-ppm/plugin-control-room-common';
import { ControlRoomApi, controlRoomApiRef } from '../../api';
import { HealthCard } from './HealthCard';

function renderWith(getHealth: ControlRoomApi['getHealth']) {
  return renderInTestApp(
    <TestApiProvider apis={[[controlRoomApiRef, { getHealth }]]}>
      <HealthCard />
    </TestApiProvider>,
  );
}

describe('HealthCard', () => {
  it('shows a progress bar while the backend answers', async () => {
    await renderWith(() => new Promise<HealthResponse>(() => {}));

    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the status and engine the backend reports', async () => {
    await renderWith(async () => ({
      status: 'ok',
      engine: 'duckdb',
      checked_at: '2026-01-02T03:04:05.000Z',
    }));

    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('duckdb')).toBeInTheDocument();
  });

  it('says why the backend is degraded', async () => {
    await renderWith(async () => ({
      status: 'degraded',
      engine: 'databricks',
      checked_at: '2026-01-02T03:04:05.000Z',
      message: 'warehouse unreachable',
    }));

    expect(
      await screen.findByText('Degraded: warehouse unreachable'),
    ).toBeInTheDocument();
  });

  it('shows an error panel when the backend cannot be reached', async () => {
    await renderWith(async () => {
      throw new Error('connect ECONNREFUSED');
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Control Room backend unreachable');
    expect(alert).toHaveTextContent('ECONNREFUSED');
  });
});
