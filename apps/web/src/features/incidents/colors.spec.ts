import { contrastRatio } from '../../shared/ui/contrast.js';
import { otherBadgeColors, statusBadgeColors } from './colors.js';

describe('badge colours', () => {
  it('computes WCAG contrast like the specification', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each(Object.entries({ ...statusBadgeColors, ...otherBadgeColors }))('%s (%s) carries white text at WCAG AA', (_name, background) => {
    expect(contrastRatio(background, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
