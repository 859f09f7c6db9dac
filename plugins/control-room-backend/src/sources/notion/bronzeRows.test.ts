import { notionRawPages } from '@finance-ppm/plugin-control-room-node';
import {
  openTestLakehouse,
  TEST_ENGINES,
} from '../../lakehouse/__testUtils__/testEngines';
import { pageToBronzeRow } from './bronzeRows';

const projects = { id: 'projects-database', name: 'projects' } as const;

/** A project page whose relation lists `lines` budget lines (~50 B each). */
function projectPage(index: number, lines: number, editedAt: string) {
  return {
    id: `project-${index}`,
    last_edited_time: editedAt,
    properties: {
      Name: { type: 'title', title: [{ plain_text: `Project ${index}` }] },
      'Budget lines': {
        type: 'relation',
        relation: Array.from({ length: lines }, (_, line) => ({
          id: `00000000-0000-0000-${String(index).padStart(4, '0')}-${String(
            line,
          ).padStart(12, '0')}`,
        })),
        has_more: false,
      },
    },
  };
}

describe.each(TEST_ENGINES)('bronze pages on %s', engine => {
  it('writes a batch of wide pages whole, split over statements', async () => {
    // Twelve pages of 2 × 0.5 MB: 12 MB of text, three times what one
    // statement may carry, so the engine splits the batch. No page may be
    // lost, cut or stored twice, and a page sent twice keeps the last row.
    const { lakehouse, close } = await openTestLakehouse(engine);
    try {
      const editedAt = '2026-11-01T00:00:00.000Z';
      const rows = Array.from({ length: 12 }, (_, index) =>
        pageToBronzeRow(
          projectPage(index, 10_000, editedAt),
          projects,
          '2026-11-02T00:00:00.000Z',
        ),
      );
      const again = pageToBronzeRow(
        projectPage(0, 10_001, editedAt),
        projects,
        '2026-11-03T00:00:00.000Z',
      );
      await lakehouse.upsert(notionRawPages, [...rows, again]);
      const stored = await lakehouse.query<{
        page_id: string;
        payload: number | bigint;
        synced_at: string;
      }>(
        `SELECT page_id, length(raw_payload) AS payload, synced_at
         FROM bronze.notion_raw_pages ORDER BY page_id`,
      );
      expect(stored.map(row => row.page_id)).toEqual(
        rows.map(row => row.page_id).sort(),
      );
      const first = stored.find(row => row.page_id === 'project-0')!;
      expect(Number(first.payload)).toBe(String(again.raw_payload).length);
      expect(new Date(first.synced_at).toISOString()).toBe(
        '2026-11-03T00:00:00.000Z',
      );
      const other = stored.find(row => row.page_id === 'project-7')!;
      expect(Number(other.payload)).toBe(String(rows[7].raw_payload).length);
    } finally {
      await close();
    }
  });
});
