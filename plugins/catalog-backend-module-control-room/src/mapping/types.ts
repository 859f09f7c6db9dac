/** Rows the provider reads from silver. */
export interface ProgramRow {
  program_id: string;
  name: string;
  owner: string | null;
  status: string | null;
}

export interface ProjectRow {
  project_id: string;
  program_id: string | null;
  name: string;
  status: string | null;
  owner: string | null;
  notion_url: string | null;
}

export interface AzureResourceRow {
  resource_id: string;
  name: string | null;
  type: string | null;
  resource_group: string | null;
  subscription_id: string | null;
  location: string | null;
  project_id: string | null;
}

export interface PortfolioSnapshot {
  programs: ProgramRow[];
  projects: ProjectRow[];
  resources: AzureResourceRow[];
}

/** How silver rows become entities; every field has a default in config.ts. */
export interface CatalogMappingOptions {
  defaultOwner: string;
  programs: { enabled: boolean; kind: string; type: string };
  projects: { enabled: boolean; kind: string; type: string };
  resources: { enabled: boolean; kind: string; typePrefix: string };
  /** Notion status to catalog lifecycle; unknown statuses use `experimental`. */
  lifecycles: Record<string, string>;
  /** Ids (program, project or resource) to keep; empty keeps all. */
  include: string[];
  /** Ids to leave out. */
  exclude: string[];
}
