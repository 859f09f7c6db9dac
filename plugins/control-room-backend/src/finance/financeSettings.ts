import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Red/amber thresholds of gold.ppm_project_health. */
export interface HealthThresholds {
  /** Amber when actual cost to date is more than this % over budget. */
  costVariancePctAmber: number;
  /** Red when actual cost to date is more than this % over budget. */
  costVariancePctRed: number;
  cpiAmber: number;
  cpiRed: number;
  spiAmber: number;
  spiRed: number;
  /** Red at this many overdue open actions. */
  overdueActionsRed: number;
  /** Red at this many open high-impact risks. */
  openHighRisksRed: number;
  /** Amber at this many data-quality issues naming the project. */
  dqIssuesAmber: number;
  /**
   * Amber when Azure spend to date exceeds the Notion-reported actual to
   * date by more than this %; absent switches the rule off.
   */
  cloudOverActualPctAmber?: number;
}

/** `controlRoom.finance`, with defaults applied. */
export interface FinanceSettings {
  /** ISO 4217 code gold figures are reported in. */
  reportingCurrency: string;
  /** Units of the reporting currency per unit of each other currency. */
  fxRates: Record<string, number>;
  health: HealthThresholds;
}

export const defaultHealthThresholds: HealthThresholds = {
  costVariancePctAmber: 5,
  costVariancePctRed: 10,
  cpiAmber: 0.95,
  cpiRed: 0.9,
  spiAmber: 0.95,
  spiRed: 0.9,
  overdueActionsRed: 3,
  openHighRisksRed: 2,
  dqIssuesAmber: 1,
};

const CURRENCY = /^[A-Z]{3}$/;

/** Rates are stored as DOUBLE and read as DECIMAL(18,6) by the models. */
const MAX_RATE_DECIMALS = 6;

function decimals(value: number): number {
  const [, fraction = ''] = String(value).split('.');
  return fraction.length;
}

/** Reads and checks `controlRoom.finance`; see the report for the keys. */
export function readFinanceSettings(config: Config): FinanceSettings {
  const finance = config.getOptionalConfig('controlRoom.finance');
  const reportingCurrency =
    finance?.getOptionalString('reportingCurrency') ?? 'USD';
  if (!CURRENCY.test(reportingCurrency)) {
    throw new InputError(
      `controlRoom.finance.reportingCurrency must be an ISO 4217 code such as USD; got '${reportingCurrency}'`,
    );
  }
  const ratesConfig = finance?.getOptionalConfig('fxRates');
  const fxRates: Record<string, number> = {};
  for (const currency of ratesConfig?.keys() ?? []) {
    const rate = ratesConfig!.getNumber(currency);
    if (!CURRENCY.test(currency)) {
      throw new InputError(
        `controlRoom.finance.fxRates keys must be ISO 4217 codes; got '${currency}'`,
      );
    }
    if (!(rate > 0) || decimals(rate) > MAX_RATE_DECIMALS) {
      throw new InputError(
        `controlRoom.finance.fxRates.${currency} must be a positive number with at most ${MAX_RATE_DECIMALS} decimals; got ${rate}`,
      );
    }
    fxRates[currency] = rate;
  }
  const healthConfig = finance?.getOptionalConfig('health');
  const health = { ...defaultHealthThresholds };
  for (const key of Object.keys(health) as Array<keyof HealthThresholds>) {
    const value = healthConfig?.getOptionalNumber(key);
    if (value !== undefined) {
      health[key] = value;
    }
  }
  const cloudOver = healthConfig?.getOptionalNumber('cloudOverActualPctAmber');
  if (cloudOver !== undefined) {
    if (!(cloudOver >= 0)) {
      throw new InputError(
        `controlRoom.finance.health.cloudOverActualPctAmber must be a percentage of 0 or more; got ${cloudOver}`,
      );
    }
    health.cloudOverActualPctAmber = cloudOver;
  }
  return { reportingCurrency, fxRates, health };
}
