// Every constant of the answer step, with the measurement behind it. Weights of the features are not
// here: they are learned (`npm run train`, written to weights.json); these are the knobs around them.
// Figures: `npm run eval` on ../shared/eval/bbc-dev.jsonl (bbc) and squad-dev (squad), hybrid, 2026-11-22.

export const TUNING = {
  /** Chunks whose sentences become candidates. 6 → 8 adds candidates from one or two more articles;
   *  measured with the learned scorer (bbc containment 0.71 at 6 vs 0.72 at 8 vs 0.71 at 12). */
  candidateChunks: 8,
  /** A paraphrase counts only above this word-vector cosine, and for at most this share of an exact match
   *  (kept from the previous scorer, where 0.6 / 0.8 measured best on squad-dev). */
  paraphraseFloor: 0.6,
  paraphraseCredit: 0.8,
  /** Distance (characters) at which an expected entity's closeness to the question's words has decayed to 1/e. */
  nearChars: 40,
  /** At most this many quotes (besides wire copies and a differing figure). */
  maxQuotes: 3,
  /** A further quote must reach this share of the best sentence's probability. Cross-validated on bbc-dev
   *  (containment / quotes per answer): 0.4 → 0.753 / 1.93, 0.5 → 0.700 / 1.74, 0.6 → 0.676 / 1.56,
   *  0.8 → 0.618 / 1.23; squad-dev 0.795 / 1.74 at 0.4. Up to three quotes are what the answer shows. */
  followRatio: 0.4,
  /** Another article's differing figure is shown when its sentence is at least this likely (news.ts's
   *  fact match is the real test; probabilities are sharper than the old scores, so 0.35 × best let
   *  through none of the seeds' differing tolls: the 79 against 36 has p = 0.001 beside 0.76, so only the fact match decides). */
  conflictRatio: 0,
  /** A short answer is shown only when its entity is at least this likely to be the answer (see
   *  `npm run train`'s cross-validated short-answer figures). */
  shortFloor: 0.2,
  /** Articles named as "possibly related" when abstaining need a sentence at least this likely. */
  relatedFloor: 0.05,
} as const;
