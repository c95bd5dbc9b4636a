import { fold, printedStreet, streetKey } from './street-names.js';

describe('street names', () => {
  it('folds case, accents and punctuation', () => {
    expect(fold('  Avenida  Juárez, Nº 5 ')).toBe('avenida juarez no 5');
    expect(fold("O'Brien St.")).toBe('obrien st');
  });

  it.each([
    ['West 18th Street', 'w 18 st', '18'],
    ['W. 18th St', 'w 18 st', '18'],
    ['18th', '18', '18'],
    ['South Blue Island Avenue', 's blue island ave', 'blue island'],
    ['blue island ave', 'blue island ave', 'blue island'],
    ['Calle 26', '26 st', '26'],
    ['Avenida Juárez', 'juarez ave', 'juarez'],
    ['North Avenue', 'north ave', 'north'],
    ['Main Street South', 's main st', 'main'],
    ['St Pius Court', 'saint pius ct', 'saint pius'],
  ])('%s → key "%s", core "%s"', (name, key, core) => {
    expect(streetKey(name)).toMatchObject({ key, core });
  });

  it('prints the type abbreviated, with or without the direction', () => {
    expect(printedStreet('West 18th Street', { withDirection: false })).toBe('18th St');
    expect(printedStreet('South Blue Island Avenue', { withDirection: true })).toBe('S Blue Island Ave');
    expect(printedStreet('Calle 26', { withDirection: false })).toBe('Calle 26');
    expect(printedStreet('Broadway', { withDirection: false })).toBe('Broadway');
    expect(printedStreet('North Avenue', { withDirection: true })).toBe('North Ave');
  });
});
