import { DBSQLClient, LogLevel } from '@databricks/sql';
import { mockServices } from '@backstage/backend-test-utils';
import { createDbsqlClientFactory, driverLogger } from './driver';

describe('driverLogger', () => {
  it('forwards driver log lines to the Backstage logger, redacted', () => {
    const logger = mockServices.logger.mock();
    const redact = (text: string) => text.replace('secret', '***');
    const forwarded = driverLogger(logger, redact);
    forwarded.log(LogLevel.error, 'e secret');
    forwarded.log(LogLevel.warn, 'w');
    forwarded.log(LogLevel.info, 'i');
    forwarded.log(LogLevel.debug, 'd');
    expect(logger.error).toHaveBeenCalledWith('e ***');
    expect(logger.warn).toHaveBeenCalledWith('w');
    expect(logger.info).toHaveBeenCalledWith('i');
    expect(logger.debug).toHaveBeenCalledWith('d');
  });

  it('drops driver log lines when no logger is given', () => {
    expect(() =>
      driverLogger(undefined, text => text).log(LogLevel.info, 'x'),
    ).not.toThrow();
  });
});

describe('createDbsqlClientFactory', () => {
  it('makes real, unconnected driver clients', () => {
    const client = createDbsqlClientFactory(undefined, text => text)();
    expect(client).toBeInstanceOf(DBSQLClient);
  });
});
