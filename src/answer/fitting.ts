// Fitting the linear models of the answer step (linear.ts): a pointwise L2 logistic regression (each row
// labelled on its own) and a listwise one, the conditional logit (a softmax over the candidates of one
// question, or the spans of one sentence), which learns what makes one candidate beat its rivals rather
// than what makes a row likely across all questions. Both by Newton's method on standardised features.
import { Matrix, solve } from 'ml-matrix';
import type { LinearModel } from './linear.js';

export interface FitOptions {
  /** L2 penalty on the standardised weights (the bias is spared). */
  l2: number;
  /** Newton iterations at most. */
  iterations: number;
}

/** Standardise rows (mean 0, sd 1 per column; a constant column keeps sd 1). */
function standardise(rows: readonly number[][]): { mean: number[]; std: number[]; X: number[][] } {
  const dims = rows[0]?.length ?? 0;
  const n = rows.length || 1;
  const mean = Array.from({ length: dims }, (_, j) => rows.reduce((a, r) => a + (r[j] ?? 0), 0) / n);
  const std = Array.from({ length: dims }, (_, j) => Math.sqrt(rows.reduce((a, r) => a + ((r[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / n) || 1);
  return { mean, std, X: rows.map((r) => r.map((v, j) => (v - (mean[j] ?? 0)) / (std[j] ?? 1))) };
}

const dotAt = (w: readonly number[], x: readonly number[], offset = 0) => {
  let z = 0;
  for (let j = 0; j < x.length; j++) z += (w[j + offset] as number) * (x[j] as number);
  return z;
};

/** Add s · x xᵀ to the upper half of `hess`. */
function addOuter(hess: number[][], x: readonly number[], s: number): void {
  for (let j = 0; j < x.length; j++) {
    const hj = hess[j] as number[];
    const sx = s * (x[j] as number);
    if (sx === 0) continue;
    for (let k = j; k < x.length; k++) hj[k] = (hj[k] as number) + sx * (x[k] as number);
  }
}

/** Newton step: solve (hess + penalty) step = grad − penalty · w, the penalty sparing the first `spared` weights. */
function newtonStep(hess: number[][], grad: number[], w: readonly number[], l2: number, spared: number): number[] {
  const d = w.length;
  for (let j = 0; j < d; j++) {
    if (j >= spared) {
      grad[j] = (grad[j] as number) - l2 * (w[j] as number);
      (hess[j] as number[])[j] = ((hess[j] as number[])[j] as number) + l2;
    }
    // Symmetric: filled from the upper half.
    for (let k = 0; k < j; k++) (hess[j] as number[])[k] = (hess[k] as number[])[j] as number;
  }
  return solve(new Matrix(hess), Matrix.columnVector(grad)).to1DArray();
}

const zeros = (d: number) => new Array<number>(d).fill(0);
const square = (d: number) => Array.from({ length: d }, () => zeros(d));

/**
 * Pointwise: L2-regularised logistic regression by Newton's method (iteratively reweighted least squares),
 * with ml-matrix solving each step's linear system. ml-logistic-regression's plain gradient descent was tried
 * first: 100 steps took 53 s over the 5 folds and was still far from converged (bbc top-1 0.50); Newton
 * converges in about 10 steps and well under a second.
 */
export function fitLogistic(rows: readonly number[][], labels: readonly number[], options: FitOptions, rowWeights?: readonly number[]): LinearModel {
  const { mean, std, X: Z } = standardise(rows);
  // A leading 1 for the bias.
  const X = Z.map((r) => [1, ...r]);
  const d = mean.length + 1;
  let w = zeros(d);
  for (let it = 0; it < options.iterations; it++) {
    const grad = zeros(d);
    const hess = square(d);
    X.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-dotAt(w, x)));
      const weight = rowWeights?.[i] ?? 1;
      const r = weight * ((labels[i] as number) - p);
      for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + r * (x[j] as number);
      addOuter(hess, x, weight * p * (1 - p));
    });
    const step = newtonStep(hess, grad, w, options.l2, 1);
    w = w.map((v, j) => v + (step[j] ?? 0));
    if (Math.max(...step.map(Math.abs)) < 1e-6) break;
  }
  return { mean, std, bias: w[0] ?? 0, weights: w.slice(1) };
}

/** One choice: the rows of its candidates, and which of them are right. */
export interface Group {
  rows: number[][];
  labels: boolean[];
  /** How much the group counts (default 1). */
  weight?: number;
}

/**
 * Listwise: the conditional logit. Within a group, P(candidate i) = exp(sᵢ) / Σ exp(s), sᵢ = w · xᵢ; the fit
 * maximises Σ log P(a right candidate is chosen) − l2/2 ‖w‖² over the groups that have a right candidate (a
 * group without one says nothing about which candidate wins). Newton steps use the softmax covariance as the
 * curvature (exact with one right candidate; with several it overstates it, which only shortens the step).
 * The scores are then calibrated into probabilities by a one-feature logistic regression over every row
 * (Platt scaling), so the model keeps the pointwise form and the ranking of the listwise fit: the same
 * weights file, and a probability that abstention and the quote and short-answer floors can read.
 */
export function fitListwise(groups: readonly Group[], options: FitOptions): LinearModel {
  const all = groups.flatMap((g) => g.rows);
  const { mean, std, X } = standardise(all);
  const d = mean.length;
  const standardised: { X: number[][]; labels: boolean[]; weight: number }[] = [];
  let at = 0;
  for (const g of groups) {
    standardised.push({ X: X.slice(at, at + g.rows.length), labels: g.labels, weight: g.weight ?? 1 });
    at += g.rows.length;
  }
  const useful = standardised.filter((g) => g.labels.some(Boolean) && g.labels.some((l) => !l));
  // Penalised log-likelihood, for the step-halving line search (Newton from zero can overshoot).
  const objective = (v: readonly number[]) =>
    useful.reduce((sum, g) => {
      const s = g.X.map((x) => dotAt(v, x));
      const top = Math.max(...s);
      const total = s.reduce((a, z) => a + Math.exp(z - top), 0);
      const right = s.reduce((a, z, i) => a + (g.labels[i] ? Math.exp(z - top) : 0), 0);
      return sum + g.weight * Math.log(right / total);
    }, 0) - (options.l2 / 2) * v.reduce((a, z) => a + z * z, 0);
  let w = zeros(d);
  let current = objective(w);
  for (let it = 0; it < options.iterations; it++) {
    const grad = zeros(d);
    const hess = square(d);
    for (const g of useful) {
      const s = g.X.map((x) => dotAt(w, x));
      const top = Math.max(...s);
      const e = s.map((v) => Math.exp(v - top));
      const total = e.reduce((a, b) => a + b, 0);
      const right = e.reduce((a, v, i) => a + (g.labels[i] ? v : 0), 0);
      // E_p[x] over all candidates, E_q[x] over the right ones.
      const ep = zeros(d);
      g.X.forEach((x, i) => {
        const p = (e[i] as number) / total;
        const q = g.labels[i] ? (e[i] as number) / right : 0;
        for (let j = 0; j < d; j++) {
          ep[j] = (ep[j] as number) + p * (x[j] as number);
          grad[j] = (grad[j] as number) + g.weight * (q - p) * (x[j] as number);
        }
        addOuter(hess, x, g.weight * p);
      });
      addOuter(hess, ep, -g.weight);
    }
    const step = newtonStep(hess, grad, w, options.l2, 0);
    let scale = 1;
    let next = w.map((v, j) => v + (step[j] ?? 0));
    let value = objective(next);
    while (value < current && scale > 1e-4) {
      scale /= 2;
      next = w.map((v, j) => v + scale * (step[j] ?? 0));
      value = objective(next);
    }
    if (value < current) break;
    w = next;
    const moved = scale * Math.max(...step.map(Math.abs));
    current = value;
    if (moved < 1e-6) break;
  }
  const ranking: LinearModel = { mean, std, bias: 0, weights: w };
  return calibrate(ranking, X, groups.flatMap((g) => g.labels));
}

/**
 * Platt scaling: p = σ(a · s + b) over the listwise scores s, fitted on every row; folded into the linear
 * model (weights × a, bias b), so it ranks exactly as the listwise fit does.
 */
function calibrate(ranking: LinearModel, X: readonly number[][], labels: readonly boolean[]): LinearModel {
  const scores = X.map((x) => [dotAt(ranking.weights, x)]);
  const platt = fitLogistic(scores, labels.map((l) => (l ? 1 : 0)), { l2: 0, iterations: 25 });
  const a = (platt.weights[0] ?? 0) / (platt.std[0] ?? 1);
  const b = platt.bias - a * (platt.mean[0] ?? 0);
  return { ...ranking, bias: b, weights: ranking.weights.map((v) => v * a) };
}
