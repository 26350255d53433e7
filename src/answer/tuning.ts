// Every constant of the answer step, with the measurement behind it. Weights of the features are not
// here: they are learned (`npm run train`, written to weights.json); these are the knobs around them.
// Figures: `npm run eval` on ../shared/eval/bbc-dev.jsonl (bbc) and squad-dev (squad), hybrid, 2026-11-22.

export const TUNING = {
  /** A question whose candidates' articles have a median length above this (characters) is judged by the
   *  answerable model and threshold of long articles, else by those of short passages (abstain.ts, profileOf).
   *  BBC articles: median 1,967, 5th percentile 960; squad-dev paragraphs: median 579, largest 1,785. Questions
   *  keyed "articles": bbc-dev 98.7 %, seeds 100 %, squad-dev 0 %. Cross-validated AUC of P(answerable) with
   *  the profile as an indicator on every feature, bbc / squad: 1,000 → 0.841 / 0.707, 1,200 → 0.837 / 0.701,
   *  1,500 → 0.825 / 0.693, 2,000 → 0.764 / 0.659 (no profile: 0.773 / 0.615). */
  longArticleChars: 1200,
  /** Chunks whose sentences become candidates. Cross-validated (train): 5 chunks → bbc containment 0.735,
   *  top1 0.547, squad 0.771 / 0.689; 8 chunks → bbc 0.747 / 0.571, squad 0.761 / 0.689. Re-checked with
   *  today's models (`train --splits 5`, mean; bbc top1 / containment / short / abstention on unanswerable, squad
   *  the same): 6 → 0.619 / 0.745 / 0.429 / 0.506, 0.733 / 0.821 / 0.159 / 0.311; 8 → 0.627 / 0.749 / 0.435 /
   *  0.513, 0.729 / 0.817 / 0.158 / 0.325; 10 → 0.620 / 0.749 / 0.426 / 0.497, 0.729 / 0.818 / 0.155 / 0.314. */
  candidateChunks: 8,
  /** A paraphrase counts only above this word-vector cosine, and for at most this share of an exact match
   *  (the previous scorer's values, kept; not re-tuned for the learned one). */
  paraphraseFloor: 0.6,
  paraphraseCredit: 0.8,
  /** Distance (characters) at which an expected entity's closeness to the question's words has decayed to
   *  1/e: about one clause. Not tuned; the learned weights scale what it gives. */
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
  /** A short answer is shown only when its span is at least this likely to be the answer. Cross-validated,
   *  floor → share of answers with a bold span / share of those right / short match: bbc 0 → 0.95 / 0.35 /
   *  0.335, 0.2 → 0.86 / 0.39 / 0.335, 0.3 → 0.80 / 0.42 / 0.335, 0.5 → 0.68 / 0.42 / 0.282; squad 0.2 → 0.102,
   *  0.3 → 0.085 short match. 0.3 drops wrong bold spans at no cost on news questions. With lists, quoted and
   *  noun phrases as candidates (fifth pass): 0.2 → bbc 0.394, squad 0.116, with 89 % of bbc answers bold and
   *  47 % of those right, against 82 % and 50 % at 0.3; 0.4 → bbc 0.376. With the listwise span model (ninth
   *  pass), short match bbc / squad / seeds and bold spans shown on bbc, squad (right among them): 0.3 → 0.412 /
   *  0.113 / 0.571, 134 (71), 74 (33); 0.2 → 0.418 / 0.130 / 0.643, 146 (72), 91 (38); 0.15 → 0.429 / 0.157 /
   *  0.643, 158 (74), 140 (46). 0.2 shows about as many bold spans as the pointwise model did at 0.3 (141 (70),
   *  68 (28)), as often right (49 % and 42 %); the spans 0.15 adds are right one time in six. */
  shortFloor: 0.2,
  /** Longest noun phrase (words) and quoted phrase offered as a short answer. Not tuned: the dev sets' gold
   *  phrases are 1–4 words ("high fuel prices", "ludicrous improbability"). Cross-validated short match with
   *  noun phrases and quoted phrases as candidates besides the entities and lists (bbc / squad / seeds):
   *  entities only 0.388 / 0.078 / 0.500; + lists 0.388 / 0.078 / 0.571; + quoted 0.394 / 0.082 / 0.500; + noun
   *  phrases alone 0.376 / 0.082 / 0.500; lists + quoted + noun phrases 0.394 / 0.089 / 0.571 (docs/quality-ceiling.md, fifth pass). */
  phraseWords: 5,
  quotedWords: 6,
  /** Articles named as "possibly related" when abstaining need a sentence at least this likely (not tuned:
   *  low, so that a near miss is still named; one shared common word scores far below it). */
  relatedFloor: 0.05,
  /** …and covering at least this share of the question's rare words with its predecessor and title (the
   *  previous rule's 0.3): one shared word ("chelsea" in a Syria corpus) is no relation. */
  relatedCover: 0.3,
  /** Spelling repair of question words the corpus lacks (spelling.ts). Ranks are frequency ranks in the
   *  embedding model's vocabulary (1 = most frequent). Figures: docs/quality-ceiling.md, fifteenth pass (slang
   *  and typos). */
  spelling: {
    /** Shorter words are left alone: two-letter tokens have too many neighbours to choose from. */
    minLength: 3,
    /** A word one edit away replaces the typed word only when it is at least this many times more
     *  frequent (rank ratio). */
    rankRatio: 20,
    /** …and the next candidate is at least this many times rarer than the chosen one. */
    ambiguity: 3,
    /** Words this long with no corpus word one edit away may be repaired two edits away… */
    twoEditsFrom: 8,
    /** …with a stronger frequency ratio. */
    rankRatioTwoEdits: 1000,
  },
} as const;
