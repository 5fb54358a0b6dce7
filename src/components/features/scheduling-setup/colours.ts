/*
 * Display colours of providers and appointment types (issue #7 §1). The calendar draws them as
 * block backgrounds under white text, so the palette keeps to colours with at least 4.5:1 contrast
 * against white (WCAG AA for text); a colour typed as hex may be anything, and the form warns when
 * it is too light to read on.
 */

export type PaletteColour = { name: string; hex: `#${string}` };

/** The suggested colours, each ≥ 4.5:1 against white (a unit test holds them to it). */
export const PALETTE: readonly PaletteColour[] = [
  { name: 'Blue', hex: '#2563eb' },
  { name: 'Indigo', hex: '#4338ca' },
  { name: 'Purple', hex: '#7c3aed' },
  { name: 'Pink', hex: '#be185d' },
  { name: 'Red', hex: '#dc2626' },
  { name: 'Orange', hex: '#c2410c' },
  { name: 'Amber', hex: '#b45309' },
  { name: 'Green', hex: '#15803d' },
  { name: 'Teal', hex: '#0f766e' },
  { name: 'Cyan', hex: '#0e7490' },
  { name: 'Slate', hex: '#475569' },
];

/** The colour a new provider or type starts with: the first palette colour not yet taken. */
export const nextPaletteColour = (taken: readonly string[]): string => {
  const used = new Set(taken.map((hex) => hex.toLowerCase()));
  return (PALETTE.find((colour) => !used.has(colour.hex)) ?? PALETTE[0] ?? { hex: '#2563eb' }).hex;
};

/** The palette name of a colour, or its hex code: a colour is never described by the colour alone. */
export const colourName = (hex: string): string => PALETTE.find((colour) => colour.hex === hex.toLowerCase())?.name ?? hex.toLowerCase();

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** WCAG relative luminance of `#rrggbb`, or null when it is not one. */
export const relativeLuminance = (hex: string): number | null => {
  const match = HEX.exec(hex.trim());
  if (match === null) {
    return null;
  }
  const [r, g, b] = match.slice(1, 4).map((part) => {
    const channel = Number.parseInt(part, 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
};

/** WCAG contrast ratio between two `#rrggbb` colours (1 to 21), or null when either is not one. */
export const contrastRatio = (a: string, b: string): number | null => {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  if (la === null || lb === null) {
    return null;
  }
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
};

/** Whether white text on this colour is hard to read (below 4.5:1); false for what is not a colour yet. */
export const isHardToReadOn = (hex: string): boolean => {
  const ratio = contrastRatio(hex, '#ffffff');
  return ratio !== null && ratio < 4.5;
};
