// A logistic model over standardised features: p = sigmoid(bias + Σ wᵢ·(xᵢ − meanᵢ)/stdᵢ). The three
// learned models of the answer step (sentence, answerable, short answer) are all of this form.

export interface LinearModel {
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function probability(w: LinearModel, x: readonly number[]): number {
  let z = w.bias;
  for (let i = 0; i < x.length; i++) z += (w.weights[i] ?? 0) * (((x[i] ?? 0) - (w.mean[i] ?? 0)) / (w.std[i] || 1));
  return sigmoid(z);
}

/** The likeliest of some candidates if it beats `floor` (strictly), with its probability. */
export function likeliest<T extends { x: readonly number[] }>(model: LinearModel, items: readonly T[], floor: number): T | undefined {
  let best: T | undefined;
  let bestP = floor;
  for (const item of items) {
    const p = probability(model, item.x);
    if (p > bestP) [best, bestP] = [item, p];
  }
  return best;
}
