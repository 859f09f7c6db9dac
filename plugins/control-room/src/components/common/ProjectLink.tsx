import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { fetchProjectEntityPaths } from '../../lib/catalogLinks';

const NO_LINKS = new Map<string, string>();

/** Catalog pages by Notion project id; empty until (or unless) the catalog answers. */
export function useProjectEntityPaths(): Map<string, string> {
  const catalogApi = useApi(catalogApiRef);
  const { value } = useAsync(
    () => fetchProjectEntityPaths(catalogApi),
    [catalogApi],
  );
  return value ?? NO_LINKS;
}

/**
 * A project by its name, linked to its catalog entity when there is one.
 * A project the API did not name shows as "Unnamed project", never its id.
 */
export const ProjectLink = (props: {
  projectId?: string;
  name?: string;
  paths: Map<string, string>;
}) => {
  const name = props.name ?? 'Unnamed project';
  const path = props.projectId ? props.paths.get(props.projectId) : undefined;
  return path ? <Link to={path}>{name}</Link> : <>{name}</>;
};
