import { readQuery } from './query-parser.js';

describe('reading what a caller said', () => {
  it.each([
    ['18th & Blue Island', '18th', 'blue island'],
    ['18th and Blue Island Ave', '18th', 'blue island ave'],
    ['Blue Island y 18', 'blue island', '18'],
    ['esquina 18 y Blue Island', '18', 'blue island'],
    ['18th / Blue Island', '18th', 'blue island'],
    ['Calle 18 con Blue Island', 'calle 18', 'blue island'],
  ])('"%s" is an intersection of "%s" and "%s"', (query, a, b) => {
    expect(readQuery(query)[0]).toEqual({ kind: 'intersection', a, b });
  });

  it('reads house numbers before or after the street', () => {
    expect(readQuery('1830 S Blue Island')[0]).toEqual({ kind: 'address', housenumber: '1830', number: 1830, street: 's blue island' });
    expect(readQuery('Blue Island 1830')[0]).toMatchObject({ kind: 'address', number: 1830, street: 'blue island' });
    expect(readQuery('Calle 26').find((r) => r.kind === 'address')).toBeUndefined();
    expect(readQuery('18th St').find((r) => r.kind === 'address')).toBeUndefined();
    expect(readQuery('esquina 18 y blue island').find((r) => r.kind === 'address')).toBeUndefined();
  });

  it('reads "a kind of place on a street"', () => {
    expect(readQuery('laundromat on 18th')[0]).toEqual({ kind: 'place-on-street', what: 'laundromat', categories: ['laundromat'], street: '18th' });
    expect(readQuery('la iglesia en la 18')[0]).toMatchObject({ kind: 'place-on-street', categories: ['worship'], street: '18' });
  });

  it('always keeps the plain text, with any kind of place it names', () => {
    expect(readQuery('st pius church')).toEqual([{ kind: 'text', text: 'st pius church', categories: ['worship'] }]);
    expect(readQuery('   ')).toEqual([]);
  });
});
