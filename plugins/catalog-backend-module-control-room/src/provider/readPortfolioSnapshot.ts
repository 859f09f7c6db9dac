import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import {
  AzureResourceRow,
  PortfolioSnapshot,
  ProgramRow,
  ProjectRow,
} from '../mapping/types';

/**
 * Reads the silver rows the catalog needs. Archived Notion pages and Azure
 * resources a complete pull no longer returned are left out, so a project
 * moved to trash or a deleted resource disappears from the catalog.
 */
export async function readPortfolioSnapshot(
  lakehouse: Lakehouse,
): Promise<PortfolioSnapshot> {
  const [programs, projects, resources] = await Promise.all([
    lakehouse.query<ProgramRow & Record<string, any>>(
      `SELECT program_id, name, owner, status
         FROM silver.notion_programs
        WHERE NOT coalesce(is_archived, false)`,
    ),
    lakehouse.query<ProjectRow & Record<string, any>>(
      `SELECT project_id, program_id, name, status, owner, notion_url
         FROM silver.notion_projects
        WHERE NOT coalesce(is_archived, false)`,
    ),
    lakehouse.query<AzureResourceRow & Record<string, any>>(
      `SELECT resource_id, name, type, resource_group, subscription_id, location, project_id
         FROM silver.azure_resources
        WHERE removed_at IS NULL`,
    ),
  ]);
  return { programs, projects, resources };
}
