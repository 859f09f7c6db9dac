import {
  assertParametersMatch,
  rewriteNamedParameters,
} from './namedParameters';

describe('rewriteNamedParameters', () => {
  it('turns :name into $name and lists each name once, in order', () => {
    expect(
      rewriteNamedParameters(
        'SELECT * FROM t WHERE a = :first AND b = :second_2 OR a = :first',
      ),
    ).toEqual({
      sql: 'SELECT * FROM t WHERE a = $first AND b = $second_2 OR a = $first',
      names: ['first', 'second_2'],
      overwrites: [],
      mayHoldSeveralStatements: false,
    });
  });

  it('turns INSERT OVERWRITE into DELETE and INSERT, outside literals and comments', () => {
    const sql = [
      '-- INSERT OVERWRITE gold.in_comment',
      "INSERT OVERWRITE TABLE gold.marts (a) SELECT 'insert overwrite x', :a",
    ].join('\n');
    expect(rewriteNamedParameters(sql)).toEqual({
      sql: [
        '-- INSERT OVERWRITE gold.in_comment',
        "DELETE FROM gold.marts;\nINSERT INTO gold.marts (a) SELECT 'insert overwrite x', $a",
      ].join('\n'),
      names: ['a'],
      overwrites: ['gold.marts'],
      mayHoldSeveralStatements: true,
    });
    expect(
      rewriteNamedParameters('SELECT reinsert overwrite').overwrites,
    ).toEqual([]);
  });

  it('leaves :: casts alone', () => {
    expect(rewriteNamedParameters('SELECT x::DATE, :d::TIMESTAMP')).toEqual({
      sql: 'SELECT x::DATE, $d::TIMESTAMP',
      names: ['d'],
      overwrites: [],
      mayHoldSeveralStatements: false,
    });
  });

  it('skips string literals, including doubled quotes', () => {
    const sql = "SELECT ':nope', 'it''s :still_not', :yes";
    expect(rewriteNamedParameters(sql)).toEqual({
      sql: "SELECT ':nope', 'it''s :still_not', $yes",
      names: ['yes'],
      overwrites: [],
      mayHoldSeveralStatements: false,
    });
  });

  it('skips E strings with backslash escapes', () => {
    const sql = "SELECT E'a\\' :inside', :outside";
    expect(rewriteNamedParameters(sql).names).toEqual(['outside']);
  });

  it('skips quoted identifiers', () => {
    const sql = 'SELECT "col:x", `other:y` FROM t WHERE a = :a';
    expect(rewriteNamedParameters(sql)).toEqual({
      sql: 'SELECT "col:x", `other:y` FROM t WHERE a = $a',
      names: ['a'],
      overwrites: [],
      mayHoldSeveralStatements: false,
    });
  });

  it('skips line and block comments', () => {
    const sql = [
      'SELECT 1 -- :in_line_comment',
      '/* :in_block',
      '   comment */ + :real',
    ].join('\n');
    expect(rewriteNamedParameters(sql).names).toEqual(['real']);
    expect(rewriteNamedParameters(sql).sql).toContain('-- :in_line_comment');
  });

  it('skips dollar-quoted strings', () => {
    expect(rewriteNamedParameters('SELECT $$ :no $$, :yes').names).toEqual([
      'yes',
    ]);
  });

  it('leaves a colon that starts no name, and := named arguments', () => {
    expect(rewriteNamedParameters("SELECT f(x := 1), '10:30', 1 : 2")).toEqual({
      sql: "SELECT f(x := 1), '10:30', 1 : 2",
      names: [],
      overwrites: [],
      mayHoldSeveralStatements: false,
    });
  });

  it('tolerates an unterminated literal', () => {
    expect(rewriteNamedParameters("SELECT ':a").names).toEqual([]);
  });

  it('tells one statement from text that may hold several', () => {
    const several = (sql: string) =>
      rewriteNamedParameters(sql).mayHoldSeveralStatements;
    expect(several('SELECT 1')).toBe(false);
    expect(several("SELECT ';' AS semicolon -- a; comment")).toBe(false);
    expect(several('SELECT 1 /* ; */, "a;b" FROM t')).toBe(false);
    expect(several('SELECT 1; SELECT 2')).toBe(true);
    expect(several('SELECT 1;')).toBe(true);
    expect(several('INSERT OVERWRITE gold.t SELECT 1')).toBe(true);
  });
});

describe('assertParametersMatch', () => {
  it('accepts exactly the referenced parameters', () => {
    expect(() =>
      assertParametersMatch(['a', 'b'], { a: 1, b: null }),
    ).not.toThrow();
  });

  it('names a parameter that is referenced but not supplied', () => {
    expect(() => assertParametersMatch(['a', 'b'], { a: 1 })).toThrow(
      /referenced but not supplied: :b/,
    );
  });

  it('names a parameter that is supplied but not used', () => {
    expect(() => assertParametersMatch(['a'], { a: 1, typo: 2 })).toThrow(
      /supplied but not used: :typo/,
    );
  });

  it('rejects names that differ only in case, which DuckDB would merge', () => {
    expect(() => assertParametersMatch(['id', 'ID'], { id: 1, ID: 2 })).toThrow(
      /differing only in case: :ID/,
    );
  });

  it('is an InputError, so the API answers 400', () => {
    expect(() => assertParametersMatch(['a'], {})).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});
