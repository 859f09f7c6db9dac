import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ALERT_KINDS, AlertKind } from './types';

/** How one kind of alert is notified. */
export interface AlertKindSettings {
  enabled: boolean;
  /** Replaces the default recipient (project owner or platform group). */
  recipient?: string;
}

/** `controlRoom.alerts`, with defaults applied; see config.d.ts. */
export interface AlertSettings {
  /** Receives job and data-quality alerts, and project alerts without a known owner. */
  platformGroup: string;
  /** Minutes between evaluations that catch missed schedules. */
  evaluationIntervalMinutes: number;
  kinds: Record<AlertKind, AlertKindSettings>;
}

const DEFAULT_PLATFORM_GROUP = 'group:default/platform';
const DEFAULT_EVALUATION_MINUTES = 5;

/** A full entity ref; a bare name is taken as a group in the default namespace. */
function entityRefFrom(key: string, value: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `${key} must be an entity ref such as group:default/platform; got '${value}'`,
    );
  }
}

/** Reads and checks `controlRoom.alerts`. */
export function readAlertSettings(config: Config): AlertSettings {
  const alerts = config.getOptionalConfig('controlRoom.alerts');
  const platformGroup = entityRefFrom(
    'controlRoom.alerts.platformGroup',
    alerts?.getOptionalString('platformGroup') ?? DEFAULT_PLATFORM_GROUP,
  );
  const evaluationIntervalMinutes =
    alerts?.getOptionalNumber('evaluationIntervalMinutes') ??
    DEFAULT_EVALUATION_MINUTES;
  if (!(evaluationIntervalMinutes > 0)) {
    throw new InputError(
      `controlRoom.alerts.evaluationIntervalMinutes must be above 0; got ${evaluationIntervalMinutes}`,
    );
  }
  const kinds = Object.fromEntries(
    ALERT_KINDS.map(kind => {
      const recipient = alerts?.getOptionalString(`${kind}.recipient`);
      return [
        kind,
        {
          enabled: alerts?.getOptionalBoolean(`${kind}.enabled`) ?? true,
          ...(recipient && {
            recipient: entityRefFrom(
              `controlRoom.alerts.${kind}.recipient`,
              recipient,
            ),
          }),
        },
      ];
    }),
  ) as Record<AlertKind, AlertKindSettings>;
  return { platformGroup, evaluationIntervalMinutes, kinds };
}
