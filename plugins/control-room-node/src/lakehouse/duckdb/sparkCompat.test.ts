import { DuckDbLakehouse } from './DuckDbLakehouse';
import { renderSparkCompatMacro, SPARK_COMPAT_MACROS } from './sparkCompat';

/**
 * Each macro checked on the real engine against Spark's documented
 * results (the Spark SQL function reference examples where there is one).
 */
describe('Spark compatibility macros', () => {
  let lakehouse: DuckDbLakehouse;

  beforeAll(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  });

  afterAll(async () => {
    await lakehouse.close();
  });

  const value = async (expression: string) => {
    const rows = await lakehouse.query(`SELECT ${expression} AS v`);
    return rows[0].v;
  };

  it('renders overloads in one CREATE MACRO', () => {
    const dateSub = SPARK_COMPAT_MACROS.find(m => m.name === 'date_sub')!;
    expect(renderSparkCompatMacro(dateSub)).toBe(
      'CREATE OR REPLACE TEMP MACRO date_sub(start_date, num_days) AS CAST(start_date AS DATE) - CAST(num_days AS INTEGER), (part, startdate, enddate) AS system.main.date_sub(part, startdate, enddate)',
    );
  });

  it('only shares a name with built-ins whose other arity it keeps', async () => {
    const builtIns = await lakehouse.query<{ function_name: string }>(
      `SELECT DISTINCT function_name FROM duckdb_functions()
       WHERE database_name = 'system'`,
    );
    const builtInNames = new Set(builtIns.map(r => r.function_name));
    const shadowing = SPARK_COMPAT_MACROS.map(m => m.name)
      .filter(name => builtInNames.has(name))
      .sort();
    expect(shadowing).toEqual(['date_sub', 'datediff']);
  });

  describe('nvl and nvl2', () => {
    it('nvl returns the first non-null argument', async () => {
      expect(await value('nvl(NULL, 3)')).toBe(3);
      expect(await value('nvl(1, 3)')).toBe(1);
      expect(await value("nvl(NULL, 'fallback')")).toBe('fallback');
    });

    it('nvl2 picks by whether the first argument is null', async () => {
      expect(await value("nvl2(NULL, 'a', 'b')")).toBe('b');
      expect(await value("nvl2(1, 'a', 'b')")).toBe('a');
    });
  });

  describe('add_months', () => {
    it.each([
      ["'2016-08-31'", 1, '2016-09-30'],
      ["DATE '2024-01-31'", 1, '2024-02-29'],
      ["DATE '2024-03-31'", -1, '2024-02-29'],
      ["DATE '2024-02-29'", 12, '2025-02-28'],
      ["DATE '2024-02-29'", 1, '2024-03-29'],
      ["TIMESTAMP '2024-01-15 23:59:00'", 2, '2024-03-15'],
    ])('add_months(%s, %p) = %p', async (start, months, expected) => {
      expect(await value(`add_months(${start}, ${months})`)).toBe(expected);
    });

    it('is NULL for NULL', async () => {
      expect(await value('add_months(NULL, 1)')).toBeNull();
    });
  });

  describe('months_between', () => {
    it.each([
      ["'1997-02-28 10:30:00'", "'1996-10-30'", 3.94959677],
      ["DATE '2024-03-31'", "DATE '2024-02-29'", 1],
      ["DATE '2024-03-15'", "DATE '2024-01-15'", 2],
      ["DATE '2024-01-01'", "DATE '2024-02-01'", -1],
      ["DATE '2024-02-15'", "DATE '2024-01-31'", 0.48387097],
      ["TIMESTAMP '2024-01-15 12:00:00'", "TIMESTAMP '2024-01-15 00:00:00'", 0],
    ])('months_between(%s, %s) = %p', async (end, start, expected) => {
      expect(await value(`months_between(${end}, ${start})`)).toBe(expected);
    });

    it('does not round when roundOff is false', async () => {
      expect(
        await value(
          "months_between('1997-02-28 10:30:00', '1996-10-30', false)",
        ),
      ).toBeCloseTo(3.9495967741935485, 15);
      expect(
        await value(
          "months_between('1997-02-28 10:30:00', '1996-10-30', true)",
        ),
      ).toBe(3.94959677);
    });

    it('returns a DOUBLE', async () => {
      expect(
        await value(
          "typeof(months_between(DATE '2024-03-15', DATE '2024-01-15'))",
        ),
      ).toBe('DOUBLE');
    });

    it('is NULL when either side is NULL', async () => {
      expect(await value("months_between(NULL, DATE '2024-01-01')")).toBeNull();
    });
  });

  describe('date_sub', () => {
    it("subtracts days like Spark's date_sub", async () => {
      expect(await value("date_sub('2016-07-30', 1)")).toBe('2016-07-29');
      expect(await value("date_sub(DATE '2024-03-01', 1)")).toBe('2024-02-29');
      expect(await value("date_sub(DATE '2024-03-01', -1)")).toBe('2024-03-02');
    });

    it("keeps DuckDB's three-argument date_sub", async () => {
      expect(
        await value("date_sub('month', DATE '2024-01-31', DATE '2024-03-01')"),
      ).toBe(1n);
    });
  });

  describe('datediff', () => {
    it("counts days from start to end like Spark's datediff", async () => {
      expect(await value("datediff('2009-07-31', '2009-07-30')")).toBe(1);
      expect(await value("datediff('2009-07-30', '2009-07-31')")).toBe(-1);
      expect(
        await value(
          "datediff(TIMESTAMP '2024-01-02 01:00', TIMESTAMP '2024-01-01 23:00')",
        ),
      ).toBe(1);
    });

    it("keeps DuckDB's three-argument datediff", async () => {
      expect(
        await value("datediff('month', DATE '2024-01-31', DATE '2024-03-01')"),
      ).toBe(2n);
    });
  });

  describe('to_date', () => {
    it('takes the date of text or a timestamp', async () => {
      expect(await value("to_date('2009-07-30 04:17:52')")).toBe('2009-07-30');
      expect(await value("to_date(TIMESTAMP '2024-05-06 23:59:59')")).toBe(
        '2024-05-06',
      );
    });

    it('parses with a Spark pattern', async () => {
      expect(await value("to_date('2016-12-31', 'yyyy-MM-dd')")).toBe(
        '2016-12-31',
      );
      expect(await value("to_date('31/12/2016', 'dd/MM/yyyy')")).toBe(
        '2016-12-31',
      );
    });

    it('fails on text that is no date (ANSI mode)', async () => {
      await expect(value("to_date('not a date')")).rejects.toThrow();
    });
  });

  describe('date_format', () => {
    it.each([
      ["DATE '2024-02-10'", 'yyyy-MM', '2024-02'],
      [
        "TIMESTAMP '2024-02-10 13:05:09.123'",
        'yyyy-MM-dd HH:mm:ss.SSS',
        '2024-02-10 13:05:09.123',
      ],
      ["DATE '2024-02-10'", 'MMM yy', 'Feb 24'],
      ["DATE '2024-02-10'", 'EEEE dd MMMM', 'Saturday 10 February'],
      ["TIMESTAMP '2024-02-10 13:05:09'", 'EEE hh:mm', 'Sat 01:05'],
      [
        "TIMESTAMP '2024-02-10 13:05:09'",
        "yyyy-MM-dd'T'HH:mm:ss",
        '2024-02-10T13:05:09',
      ],
      ["DATE '2024-02-10'", 'yyyy%MM', '2024%02'],
      ["TIMESTAMPTZ '2024-02-10 23:30:00+00'", 'dd.MM.yyyy', '10.02.2024'],
    ])('date_format(%s, %p) = %p', async (input, pattern, expected) => {
      const literal = `'${pattern.replace(/'/g, "''")}'`;
      expect(await value(`date_format(${input}, ${literal})`)).toBe(expected);
    });

    it('needs a DATE or TIMESTAMP, not text (a documented gap)', async () => {
      await expect(
        value("date_format('2024-02-10', 'yyyy')"),
      ).rejects.toThrow();
      expect(
        await value("date_format(CAST('2024-02-10' AS DATE), 'yyyy')"),
      ).toBe('2024');
    });
  });

  describe('get_json_object', () => {
    const json = `'{"a":"b","n":{"c":1},"list":[10,20],"nothing":null}'`;
    it.each([
      ['$.a', 'b'],
      ['$.n', '{"c":1}'],
      ['$.n.c', '1'],
      ['$.list[1]', '20'],
      ['$.missing', null],
      ['$.nothing', null],
    ])('get_json_object(json, %p) = %p', async (path, expected) => {
      expect(await value(`get_json_object(${json}, '${path}')`)).toBe(expected);
    });

    it('is NULL for text that is not JSON', async () => {
      expect(await value("get_json_object('not json', '$.a')")).toBeNull();
      expect(await value("get_json_object(NULL, '$.a')")).toBeNull();
    });
  });

  describe('current_timestamp()', () => {
    it("is a TIMESTAMP equal to DuckDB's current_timestamp in UTC", async () => {
      const [row] = await lakehouse.query(
        'SELECT current_timestamp() AS spark, CAST(current_timestamp AS TIMESTAMP) AS duck, typeof(current_timestamp()) AS type',
      );
      expect(row.type).toBe('TIMESTAMP');
      expect(row.spark).toBe(row.duck);
      expect(row.spark).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      );
    });
  });

  describe('try_divide', () => {
    it('divides, and gives NULL for a zero divisor', async () => {
      expect(await value('try_divide(10, 4)')).toBe(2.5);
      expect(await value('try_divide(1, 0)')).toBeNull();
      expect(await value('try_divide(NULL, 1)')).toBeNull();
    });
  });

  it('is available inside write transactions too', async () => {
    const result = await lakehouse.transaction(tx =>
      tx.query("SELECT nvl(NULL, 'writer') AS v"),
    );
    expect(result).toEqual([{ v: 'writer' }]);
  });
});
