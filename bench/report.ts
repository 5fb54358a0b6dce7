/** Nearest-rank percentile of a sample (milliseconds or any unit). */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

/** One line per figure: what, measured, budget, and whether it is within it. */
export const printFigure = (what: string, measured: string, budget: string, withinBudget: boolean): void => {
  console.log(`${withinBudget ? '✓' : '✗'} ${what}\n    ${measured}   (budget ${budget})`);
};
