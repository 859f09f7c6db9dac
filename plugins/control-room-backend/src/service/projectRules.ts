import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  CONTROL_ROOM_PLUGIN_ID,
  CONTROL_ROOM_PROJECT_RESOURCE_TYPE,
} from '@finance-ppm/plugin-control-room-common';
import { z } from 'zod';

/**
 * A project as the permission rules see it: its program and the owners the
 * catalog gives its Component and its program's System.
 *
 * @public
 */
export interface ControlRoomProjectResource {
  projectId: string;
  programId?: string;
  /** `spec.owner` of the project's catalog entity, as a full entity ref. */
  ownerRef?: string;
  /** `spec.owner` of the program's catalog System, as a full entity ref. */
  programOwnerRef?: string;
}

/**
 * A rule in query form: the project's field is one of the values.
 *
 * @public
 */
export interface ControlRoomProjectQuery {
  field: 'ownerRef' | 'programOwnerRef' | 'programId';
  values: string[];
}

/** @public */
export const controlRoomProjectResourceRef = createPermissionResourceRef<
  ControlRoomProjectResource,
  ControlRoomProjectQuery
>().with({
  pluginId: CONTROL_ROOM_PLUGIN_ID,
  resourceType: CONTROL_ROOM_PROJECT_RESOURCE_TYPE,
});

/** Whether a project matches a query; entity refs compare case-insensitively. */
export function matchesProjectQuery(
  project: ControlRoomProjectResource,
  query: ControlRoomProjectQuery,
): boolean {
  const value = project[query.field];
  if (!value) {
    return false;
  }
  const fold = (text: string) =>
    query.field === 'programId' ? text : text.toLocaleLowerCase('en-US');
  return query.values.some(candidate => fold(candidate) === fold(value));
}

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe('Ownership entity refs of the user (their own and their groups)'),
});

/** The user owns the project's catalog entity (directly or through a group). */
const isProjectOwner = createPermissionRule({
  name: 'IS_PROJECT_OWNER',
  description:
    "Allow projects whose catalog entity is owned by one of the user's ownership refs",
  resourceRef: controlRoomProjectResourceRef,
  paramsSchema: claimsSchema,
  apply: (project, { claims }) =>
    matchesProjectQuery(project, { field: 'ownerRef', values: claims }),
  toQuery: ({ claims }) => ({ field: 'ownerRef', values: claims }),
});

/** The user is in the group that owns the project's program. */
const isProgramOwner = createPermissionRule({
  name: 'IS_PROGRAM_OWNER',
  description:
    "Allow projects whose program's catalog System is owned by one of the user's ownership refs",
  resourceRef: controlRoomProjectResourceRef,
  paramsSchema: claimsSchema,
  apply: (project, { claims }) =>
    matchesProjectQuery(project, { field: 'programOwnerRef', values: claims }),
  toQuery: ({ claims }) => ({ field: 'programOwnerRef', values: claims }),
});

/** The project's program is in a configured list. */
const isInProgram = createPermissionRule({
  name: 'IS_IN_PROGRAM',
  description: 'Allow projects of the listed programs (Notion program ids)',
  resourceRef: controlRoomProjectResourceRef,
  paramsSchema: z.object({
    programIds: z.array(z.string()).describe('Notion program ids'),
  }),
  apply: (project, { programIds }) =>
    matchesProjectQuery(project, { field: 'programId', values: programIds }),
  toQuery: ({ programIds }) => ({ field: 'programId', values: programIds }),
});

/**
 * The rules a policy can use on `control-room.finance.read`.
 *
 * @public
 */
export const controlRoomProjectRules = {
  isProjectOwner,
  isProgramOwner,
  isInProgram,
};

const exported = createConditionExports({
  resourceRef: controlRoomProjectResourceRef,
  rules: controlRoomProjectRules,
});

/**
 * Condition factories for `control-room.finance.read`, for permission
 * policies: `controlRoomProjectConditions.isProgramOwner({ claims })`.
 *
 * @public
 */
export const controlRoomProjectConditions = exported.conditions;

/** @public */
export const createControlRoomProjectConditionalDecision =
  exported.createConditionalDecision;
