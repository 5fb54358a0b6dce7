/** Nearest-rank percentile of a sample (milliseconds or any unit). */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

/**
 * One figure: what was measured, the result, and the budget of DESIGN.md §8 it answers to
 * (`null` for a building block with no budget of its own).
 */
export const printFigure = (what: string, measured: string, budget: { text: string; met: boolean } | null): void => {
  const mark = budget === null ? '•' : budget.met ? '✓' : '✗';
  const suffix = budget === null ? '' : `   (budget ${budget.text})`;
  console.log(`${mark} ${what}\n    ${measured}${suffix}`);
};
