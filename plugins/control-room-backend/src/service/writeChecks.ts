import { CustomErrorBase } from '@backstage/errors';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';

/** A well-formed request the server cannot act on; answers 422. */
export class UnprocessableEntityError extends CustomErrorBase {
  name = 'UnprocessableEntityError' as const;
  statusCode = 422;
}

/**
 * Writes name a project that silver knows and that is not archived; any
 * other id answers 422 before anything is created.
 */
export async function assertLiveProject(
  lakehouse: Lakehouse,
  projectId: string,
): Promise<void> {
  const [found] = await lakehouse.query(
    `SELECT project_id FROM silver.notion_projects
      WHERE project_id = :project_id AND NOT coalesce(is_archived, false)`,
    { project_id: projectId },
  );
  if (!found) {
    throw new UnprocessableEntityError(
      `project_id ${projectId} is not a known live project`,
    );
  }
}
