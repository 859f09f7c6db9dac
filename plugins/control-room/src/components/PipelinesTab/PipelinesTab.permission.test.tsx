import { screen } from '@testing-library/react';
import { emptyApi, renderTab } from '../../__testUtils__/testing';
import { PipelinesTab } from './PipelinesTab';

const jobs = [
  {
    job_id: 'notion_sync_bronze',
    job_name: 'notion_sync_bronze',
    schedule: 'every 5 min',
    last_run_status: 'SUCCESS' as const,
  },
];

// A file of its own: usePermission caches answers (SWR) for the module's life.
describe('PipelinesTab without control-room.job.run', () => {
  it('hides Run now without the control-room.job.run permission', async () => {
    await renderTab(
      <PipelinesTab />,
      emptyApi({ listJobs: async () => ({ data: jobs }) }),
      { canRunJobs: false },
    );
    await screen.findByText('notion_sync_bronze');
    expect(screen.queryAllByRole('button', { name: /now$/ })).toHaveLength(0);
    expect(
      screen.getByRole('button', { name: 'History of notion_sync_bronze' }),
    ).toBeInTheDocument();
  });
});
