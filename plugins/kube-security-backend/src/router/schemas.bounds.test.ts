import {
  decisionsQuery,
  idParams,
  pageQuery,
  parse,
  teamsQuery,
} from './schemas';

const INT4_MAX = 2147483647;

describe('numeric parameters stay within what the database can take', () => {
  it('refuses ids past the integer column range with a 400, not a database error', () => {
    expect(parse(idParams, { id: String(INT4_MAX) }, 'exception id').id).toBe(
      INT4_MAX,
    );
    for (const id of [String(INT4_MAX + 1), '99999999999999999999', '1e300']) {
      expect(() => parse(idParams, { id }, 'exception id')).toThrow(
        /Invalid exception id: id: /,
      );
    }
  });

  it('refuses offsets past the largest page start', () => {
    for (const schema of [pageQuery, teamsQuery, decisionsQuery]) {
      expect(parse(schema, { offset: '1000000' }, 'query').offset).toBe(
        1000000,
      );
      for (const offset of ['1000001', '9223372036854775808', '1e20']) {
        expect(() => parse(schema, { offset }, 'query')).toThrow(
          /Invalid query: offset: /,
        );
      }
    }
  });
});
