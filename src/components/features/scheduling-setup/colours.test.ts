import { describe, expect, it } from 'vitest';

import { ZColour } from '@/lib/domain/scheduling/schemas';

import { colourName, contrastRatio, isHardToReadOn, nextPaletteColour, PALETTE, relativeLuminance } from './colours';

describe('display colours', () => {
  it('offers only colours that white text can be read on (≥ 4.5:1) and the schema accepts', () => {
    for (const colour of PALETTE) {
      expect(contrastRatio(colour.hex, '#ffffff'), colour.name).toBeGreaterThanOrEqual(4.5);
      expect(ZColour.parse(colour.hex)).toBe(colour.hex);
    }
    expect(new Set(PALETTE.map((colour) => colour.hex)).size).toBe(PALETTE.length);
    expect(new Set(PALETTE.map((colour) => colour.name)).size).toBe(PALETTE.length);
  });

  it('computes WCAG luminance and contrast', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#FFFFFF')).toBeCloseTo(1);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(relativeLuminance('blue')).toBeNull();
    expect(contrastRatio('#12345', '#ffffff')).toBeNull();
  });

  it('warns about light colours only once a colour is complete', () => {
    expect(isHardToReadOn('#ffff00')).toBe(true);
    expect(isHardToReadOn('#2563eb')).toBe(false);
    expect(isHardToReadOn('#ff')).toBe(false);
  });

  it('names palette colours and falls back to the hex code', () => {
    expect(colourName('#2563EB')).toBe('Blue');
    expect(colourName('#ABCDEF')).toBe('#abcdef');
  });

  it('starts a new record with the first colour not yet taken', () => {
    expect(nextPaletteColour([])).toBe('#2563eb');
    expect(nextPaletteColour(['#2563EB', '#4338ca'])).toBe('#7c3aed');
    expect(nextPaletteColour(PALETTE.map((colour) => colour.hex))).toBe('#2563eb');
  });
});
