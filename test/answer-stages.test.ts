// The answer step's stages on plain values: question analysis, entity spans (the real wink-nlp tagger),
// choosing quotes, relative features, the short answer, and the fitting code on data whose answer is known.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotate } from '../src/annotate.js';
import { entitiesIn } from '../src/spans.js';
import { ANSWERABLE_FEATURES, answerableFeatures, forProfile, pick, PROFILE_FEATURES, profileOf, type Choosable } from '../src/answer/abstain.js';
import type { Candidate } from '../src/answer/candidates.js';
import { FEATURES, questionFeatures, withRelative } from '../src/answer/features.js';
import { shortAnswer, SPAN_FEATURES } from '../src/answer/highlight.js';
import { analyseQuestion } from '../src/answer/question.js';
import { probability } from '../src/answer/linear.js';
import { loadWeights, neutralWeights } from '../src/answer/scorer.js';
import { chooseThreshold } from '../src/answer/threshold.js';
import { fitListwise, fitLogistic } from '../src/answer/fitting.js';
import { DEFAULT_TRAIN, fit, rescore, setFigures, type TrainingQuestion } from '../src/answer/train.js';
import { TUNING } from '../src/answer/tuning.js';
import { isHeading } from '../src/sentences.js';
import type { Article } from '../src/types.js';

describe('question analysis', () => {
  it.each([
    ['who did the eulogy at ossie davis\'s funeral', 'person'],
    ['which airline did qantas try to link up with before a court threw the deal out?', 'organisation'],
    ['where do a lot of the criminal virus writers operate from', 'place'],
    ['how many times has agassi won the aussie open', 'number'],
    ['how much did chelsea pay for desailly', 'money'],
    ['what % of southcorp did fosters buy?', 'percent'],
    ['when was we are the world originally released in america', 'date'],
    ['how long has deutsche telekom gone without paying a dividend', 'duration'],
    ['what is kim clijsters ranked right now', 'ordinal'],
    ['why did rem cancel the glasgow secc show', 'reason'],
    ['was deutsche telekom profitable in 2003?', 'yes-no'],
    ['so who runs the league against cruel sports', 'person'],
  ])('%s → %s', (question, kind) => {
    expect(analyseQuestion(question).kind).toBe(kind);
  });

  it('keeps content words once, marks names and figures as key, and notes negation', () => {
    const q = analyseQuestion('How many soldiers did Daesh kill in Qadam in 2018, and not after?');
    expect(q.words.map((w) => w.word)).toEqual(['soldiers', 'daesh', 'kill', 'qadam', '2018']);
    expect(q.words.filter((w) => w.key).map((w) => w.word)).toEqual(['daesh', 'qadam', '2018']);
    expect(q.figures).toEqual(['2018']);
    expect(q.negated).toBe(true);
    expect(analyseQuestion('Which company makes the iPhone?').words.find((w) => w.word === 'iphone')?.key).toBe(true);
  });
});

describe('entities at ingest', () => {
  const text = 'Labour MP George Galloway said Chelsea paid £4.6m for the 19-strong squad in 2004. The Bank of Japan raised 45% of 1.47m yuan since 1993, its eighth rise.';
  const found = annotate(text).map((e) => [e.type, text.slice(e.start, e.end)]);

  it('finds people, organisations and values with exact offsets', () => {
    expect(found).toContainEqual(['person', 'George Galloway']);
    expect(found).toContainEqual(['organisation', 'Bank of Japan']);
    expect(found).toContainEqual(['money', '£4.6m']);
    expect(found).toContainEqual(['money', '1.47m yuan']);
    expect(found).toContainEqual(['number', '19-strong']);
    expect(found).toContainEqual(['percent', '45%']);
    expect(found).toContainEqual(['ordinal', 'eighth']);
    expect(found.some(([type, span]) => type === 'date' && span === '2004')).toBe(true);
    // The preposition before a duration is not part of the value.
    expect(found.some(([, span]) => span === '1993')).toBe(true);
  });

  it('returns spans sorted and inside the text, and finds those within a range', () => {
    const all = annotate(text);
    for (let i = 1; i < all.length; i++) expect(all[i]!.start).toBeGreaterThanOrEqual(all[i - 1]!.start);
    for (const e of all) expect(e.end).toBeLessThanOrEqual(text.length);
    const firstSentence = text.indexOf('. ') + 1;
    expect(entitiesIn(all, 0, firstSentence).every((e) => e.end <= firstSentence)).toBe(true);
    expect(entitiesIn(all, firstSentence, text.length).map((e) => text.slice(e.start, e.end))).toContain('Bank of Japan');
  });

  it('is empty for empty text', () => expect(annotate('')).toEqual([]));

  it('splits a committee from the person after it, and keeps a surname the tagger reads as a word', () => {
    // Sentences from the BBC corpus (politics/167, tech/375), where the short answer was cut wrong.
    const chair = 'Chairman of the Environmental Audit Committee Peter Ainsworth MP, said: "The policy is an alarming example."';
    const spans = (t: string) => annotate(t).map((e) => [e.type, t.slice(e.start, e.end)]);
    expect(spans(chair)).toContainEqual(['organisation', 'Environmental Audit Committee']);
    expect(spans(chair)).toContainEqual(['person', 'Peter Ainsworth']);
    const friend = 'She asked for them to be returned to her friend who turned out to be Hugh Grant.';
    expect(spans(friend)).toContainEqual(['person', 'Hugh Grant']);
    // A title word that is also a surname stays in a first name's name.
    expect(spans('Bank of England governor Mervyn King said prices rose.')).toContainEqual(['person', 'Mervyn King']);
    // The word before a name says what it is: a club, a side, a provider are organisations.
    expect(spans('Mutu wants to train with Romanian side Dinamo Bucharest.')).toContainEqual(['organisation', 'Dinamo Bucharest']);
    expect(spans('It was commissioned by net provider AOL and signed by Scottish club Rangers.').filter(([t]) => t === 'organisation').map(([, s]) => s)).toEqual(['AOL', 'Rangers']);
  });
});

describe('choosing quotes', () => {
  const c = (source: string, start: number, probability: number, text = `s${source}${start}`): Choosable => ({ source, start, end: start + 10, quoteStart: start, probability, text });

  it('abstains below the threshold, else takes the best and close runners-up', () => {
    const scored = [c('a', 0, 0.8), c('b', 0, 0.5), c('c', 0, 0.2)];
    expect(pick(scored, 0.2, 0.3)).toEqual([]);
    expect(pick(scored, 0.9, 0.3).map((x) => x.source)).toEqual(['a', 'b']);
  });

  it('skips overlapping sentences of one article and repeated wire text', () => {
    const scored = [c('a', 0, 0.8, 'same'), { ...c('a', 5, 0.7), quoteStart: 0 }, c('b', 0, 0.7, 'same'), c('a', 20, 0.6)];
    expect(pick(scored, 1, 0).map((x) => [x.source, x.start])).toEqual([['a', 0], ['a', 20]]);
  });
});

describe('features', () => {
  it('relative features are each value minus the best among the question\'s candidates', () => {
    const rows = [FEATURES.slice(0, -6).map(() => 0.2), FEATURES.slice(0, -6).map(() => 0.5)];
    const out = withRelative(rows);
    expect(out[0]!.length).toBe(FEATURES.length);
    expect(out[0]!.at(-1)).toBeCloseTo(-0.3);
    expect(out[1]!.at(-1)).toBe(0);
  });

  it('a sub-heading is never a candidate', () => {
    expect(isHeading('Deadliest attacks')).toBe(true);
    expect(isHeading('He left.')).toBe(false);
  });
});

describe('the short answer', () => {
  it('is the entity of the asked kind nearest the question\'s words, verbatim', () => {
    const text = 'Stars paid tribute to Ossie Davis. The eulogy was delivered by Harry Belafonte in New York.';
    const article: Article = { source: 'x.txt', title: 'Davis funeral', text, entities: annotate(text) };
    const start = text.indexOf('The eulogy');
    const candidate: Candidate = {
      chunk: { id: 'x.txt#0', source: 'x.txt', title: article.title, ordinal: 0, start: 0, end: text.length, text },
      article, start, end: text.length, text: text.slice(start), index: 1, chunkRank: 0, articleRank: 0, chunkScore: 1, articleScore: 1,
      entities: entitiesIn(article.entities!, start, text.length),
    };
    const qf = questionFeatures(analyseQuestion('who gave the eulogy at ossie davis\'s funeral'), { idf: () => 1, known: () => true });
    const short = shortAnswer(qf, [candidate], loadWeights().span)?.short;
    expect(short?.text).toBe('Harry Belafonte');
    expect(text.slice(short!.start, short!.end)).toBe(short!.text);
    // A question asking for no name or value has no short answer.
    expect(shortAnswer(questionFeatures(analyseQuestion('why did he speak'), { idf: () => 1, known: () => true }), [candidate], loadWeights().span)).toBeUndefined();
  });
});

describe('fitting and weights', () => {
  it('logistic regression recovers which feature decides the label', () => {
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 400; i++) {
      const signal = (i * 37) % 100 / 100;
      const noise = (i * 61) % 100 / 100;
      rows.push([signal, noise]);
      labels.push(signal + 0.1 * noise > 0.55 ? 1 : 0);
    }
    const model = fitLogistic(rows, labels, { iterations: 25, l2: 0.1 });
    expect(model.weights[0]!).toBeGreaterThan(5 * Math.abs(model.weights[1]!));
    expect(probability(model, [0.9, 0.5])).toBeGreaterThan(0.9);
    expect(probability(model, [0.1, 0.5])).toBeLessThan(0.1);
  });

  it('the listwise fit learns what makes a candidate beat its rivals, and calibrates its scores into probabilities', () => {
    // Each group: five candidates; the right one(s) have the highest `signal` of their group, but groups sit at
    // different levels, so a high signal in one group can be lower than a low one in another. `noise` decides nothing.
    const group = (g: number) => {
      const level = ((g * 53) % 10) / 2;
      const signals = [0, 1, 2, 3, 4].map((i) => level + ((i * 7 + g) % 5) / 4);
      const top = Math.max(...signals);
      return {
        rows: signals.map((s, i) => [s, ((g * 31 + i * 17) % 13) / 13]),
        // Every fourth group has two right candidates (the two highest signals).
        labels: signals.map((s) => s === top || (g % 4 === 0 && s === top - 0.25)),
      };
    };
    const train = Array.from({ length: 120 }, (_, g) => group(g));
    const model = fitListwise(train, { iterations: 25, l2: 0.1 });
    expect(model.weights[0]!).toBeGreaterThan(5 * Math.abs(model.weights[1]!));
    // Held-out groups: the likeliest candidate is a right one.
    const heldOut = Array.from({ length: 40 }, (_, g) => group(1000 + g));
    for (const g of heldOut) {
      const p = g.rows.map((r) => probability(model, r));
      expect(g.labels[p.indexOf(Math.max(...p))]).toBe(true);
    }
    // Calibrated: probabilities, right candidates more likely on average than wrong ones, the mean near the base rate.
    const all = heldOut.flatMap((g) => g.rows.map((r, i) => ({ p: probability(model, r), right: g.labels[i] })));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(all.filter((a) => a.right).map((a) => a.p))).toBeGreaterThan(mean(all.filter((a) => !a.right).map((a) => a.p)));
    expect(Math.abs(mean(all.map((a) => a.p)) - all.filter((a) => a.right).length / all.length)).toBeLessThan(0.1);
  });

  it('the committed weights load; a file trained on other features is refused with the command to rebuild it', async () => {
    const weights = loadWeights();
    expect(weights.sentence.features).toEqual([...FEATURES]);
    for (const profile of ['articles', 'passages'] as const) {
      expect(weights.answerable[profile].features).toEqual([...PROFILE_FEATURES[profile]]);
      expect(weights.threshold[profile]).toBeGreaterThan(0);
      expect(weights.threshold[profile]).toBeLessThan(1);
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'weights-'));
    try {
      const stale = neutralWeights();
      stale.sentence.features = ['cover'];
      await writeFile(path.join(dir, 'w.json'), JSON.stringify(stale));
      expect(() => loadWeights(path.join(dir, 'w.json'))).toThrow(/npm run train/);
      // A version 2 file (one answerable model, one threshold) is refused the same way.
      const old = { ...neutralWeights(), version: 2, answerable: neutralWeights().answerable.articles, threshold: 0.36 };
      await writeFile(path.join(dir, 'v2.json'), JSON.stringify(old));
      expect(() => loadWeights(path.join(dir, 'v2.json'))).toThrow(/npm run train/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('abstention by the kind of documents', () => {
  /** The first `n` articles of a corpus folder with their lengths, as candidates name them. */
  const lengths = async (dir: string, n: number) => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort().slice(0, n);
    return Promise.all(files.map(async (f) => ({ source: f, chars: (await readFile(path.join(dir, f), 'utf8')).length })));
  };
  const SHARED = path.resolve('..', 'shared');

  it('real BBC news articles are long articles, squad-dev\'s Wikipedia paragraphs short passages, a mix goes by its median', async () => {
    const bbc = await lengths(path.join(SHARED, 'corpora', 'bbc', 'business'), 24);
    const squad = await lengths(path.join(SHARED, 'eval', 'squad-dev', 'corpus'), 24);
    // Candidates come from up to 8 chunks: take the articles 3 at a time.
    for (let i = 0; i < 24; i += 3) {
      expect(profileOf(bbc.slice(i, i + 3))).toBe('articles');
      expect(profileOf(squad.slice(i, i + 3))).toBe('passages');
    }
    expect(profileOf([...bbc.slice(0, 3), squad[0]!])).toBe('articles');
    expect(profileOf([bbc[0]!, ...squad.slice(0, 3)])).toBe('passages');
    // Several sentences of one article count once.
    expect(profileOf([squad[0]!, squad[0]!, squad[0]!, bbc[0]!, bbc[1]!])).toBe('articles');
    expect(profileOf([])).toBe('passages');
    expect(TUNING.longArticleChars).toBeGreaterThan(Math.max(...squad.map((a) => a.chars)) / 2);
  });

  it('question-level features count the candidates\' distinct articles and read the best sentence\'s missing negation and retrieval ranks', () => {
    const row = (negationMissing: number) => FEATURES.map((f) => (f === 'negationMissing' ? negationMissing : 0));
    const ranked = [
      { probability: 0.9, source: 'a.txt', chunkRank: 3, articleRank: 1 },
      { probability: 0.5, source: 'b.txt', chunkRank: 0, articleRank: 0 },
      { probability: 0.1, source: 'a.txt', chunkRank: 1, articleRank: 1 },
    ];
    const x = answerableFeatures(ranked, [row(1), row(0), row(0)]);
    expect(x.length).toBe(ANSWERABLE_FEATURES.length);
    expect(x[ANSWERABLE_FEATURES.indexOf('candidateArticles')]).toBe(2);
    expect(x[ANSWERABLE_FEATURES.indexOf('negationMissingBest')]).toBe(1);
    expect(x[ANSWERABLE_FEATURES.indexOf('pBest')]).toBe(0.9);
    // The best sentence comes from the fourth chunk, of the second article.
    expect(x[ANSWERABLE_FEATURES.indexOf('chunkRankBest')]).toBe(1 / 4);
    expect(x[ANSWERABLE_FEATURES.indexOf('articleRankBest')]).toBe(1 / 2);
  });

  it('short passages\' model also reads whether the best sentence holds a new entity of the kind asked; long articles\' does not', () => {
    const row = (name: number, primary: number) => FEATURES.map((f) => (f === 'typeMatchName' ? name : f === 'typeMatchPrimary' ? primary : f === 'cover' ? 0.5 : 0));
    const ranked = [
      { probability: 0.8, source: 'a.txt', chunkRank: 0, articleRank: 0 },
      { probability: 0.2, source: 'b.txt', chunkRank: 1, articleRank: 1 },
    ];
    const x = answerableFeatures(ranked, [row(1, 0), row(0, 1)]);
    expect(x[ANSWERABLE_FEATURES.indexOf('typeMatchNameBest')]).toBe(1);
    expect(x[ANSWERABLE_FEATURES.indexOf('typeMatchPrimaryBest')]).toBe(0);
    const passages = forProfile('passages', x);
    expect(passages).toEqual(x);
    const articles = forProfile('articles', x);
    expect(articles.length).toBe(PROFILE_FEATURES.articles.length);
    expect(PROFILE_FEATURES.articles).not.toContain('typeMatchNameBest');
    // The same values under the same names, in the model's order.
    PROFILE_FEATURES.articles.forEach((f, i) => expect(articles[i]).toBe(x[ANSWERABLE_FEATURES.indexOf(f)]));
  });

  it('long articles\' answerable model learns without the answerable questions none of whose quotes holds the answer; short passages\' keeps them', () => {
    // Two profiles of questions with one varying feature (cover) and the rest fixed; answerable questions cover more.
    const question = (chars: number, answerable: boolean, cover: number, id: number, holds = answerable): TrainingQuestion => ({
      set: 'dev', q: { id: `q${id}`, question: 'q', answerable, answers: answerable ? ['x'] : [], sources: [] },
      candidates: [{
        x: FEATURES.map((f, j) => (f === 'cover' ? cover : f === 'coverWindow' ? cover : j % 3 === 0 ? 0.1 * (id % 5) : 0)),
        probability: 0.5, source: `s${id}.txt`, chunkRank: 0, articleRank: 0, start: 0, end: 1, quoteStart: 0, text: 'x', holds, quoteHolds: holds, articleChars: chars,
        spans: [0, 1].map((k) => ({ x: SPAN_FEATURES.map((_, j) => (j === 0 ? k : 0)), match: k === 1 })),
      }],
    });
    const base = [2500, 600].flatMap((chars, p) => [
      ...Array.from({ length: 30 }, (_, i) => question(chars, true, 0.5 + i / 60, 100 * p + i)),
      ...Array.from({ length: 30 }, (_, i) => question(chars, false, i / 60, 100 * p + 50 + i)),
    ]);
    // Answerable questions whose candidates miss the answer: they look unanswerable (low cover).
    const missed = [question(2500, true, 0.05, 300, false), question(2500, true, 0.1, 301, false), question(600, true, 0.05, 302, false), question(600, true, 0.1, 303, false)];
    const all = [...base, ...missed];
    expect(DEFAULT_TRAIN.missedAnswerWeight).toEqual({ articles: 0, passages: 1 });
    // A question whose candidates miss what it asks, of each profile, scored by models fitted with and without them.
    const probes = [question(2500, false, 0.08, 400), question(600, false, 0.08, 401)];
    const p = (weights: { articles: number; passages: number }) =>
      rescore(probes, fit(all, { ...DEFAULT_TRAIN, missedAnswerWeight: weights })).map((t) => t.answerable ?? NaN);
    const [articlesDefault = NaN, passagesDefault = NaN] = p(DEFAULT_TRAIN.missedAnswerWeight);
    const [articlesCounted = NaN] = p({ articles: 1, passages: 1 });
    const [, passagesLeftOut = NaN] = p({ articles: 0, passages: 0 });
    // Long articles: without them, missing evidence reads as unanswerable more surely than with them.
    expect(articlesDefault).toBeLessThan(articlesCounted - 0.01);
    // Short passages keep them: their model is the one that counts them.
    expect(passagesDefault).toBeGreaterThan(passagesLeftOut + 0.01);
  });

  it('chooses a threshold per profile on that profile\'s questions: the lowest of those abstaining most within the false-abstention and answers-lost ceilings', () => {
    // Long-article questions: answerable ones at P 0.5–0.99, unanswerable at 0.1–0.39; short passages overlap more.
    const question = (set: string, chars: number, answerable: boolean, p: number, id: number, right = answerable): TrainingQuestion => ({
      set, answerable: p,
      q: { id: `${set}-${id}`, question: 'q', answerable, answers: answerable ? ['x'] : [], sources: [] },
      candidates: [{ x: [], probability: 0.9, source: `${set}-${id}.txt`, chunkRank: 0, articleRank: 0, start: 0, end: 1, quoteStart: 0, text: 'x', holds: right, quoteHolds: right, spans: [], articleChars: chars }],
    });
    const news = [
      ...Array.from({ length: 50 }, (_, i) => question('news', 2500, true, 0.5 + i / 100, i)),
      ...Array.from({ length: 30 }, (_, i) => question('news', 2500, false, 0.1 + i / 100, 100 + i)),
      // Two short news articles: too few to vote on the passages' threshold.
      question('news', 600, true, 0.05, 200), question('news', 600, true, 0.05, 201),
    ];
    const wiki = [
      // The 4 least likely answerable ones would be quoted wrong: refusing them loses no answer.
      ...Array.from({ length: 100 }, (_, i) => question('wiki', 600, true, 0.1525 + i / 200, i, i >= 4)),
      ...Array.from({ length: 100 }, (_, i) => question('wiki', 600, false, 0.0525 + i / 500, 100 + i)),
    ];
    const threshold = chooseThreshold([...news, ...wiki], ['news', 'wiki'], DEFAULT_TRAIN);
    // Unanswerable news questions reach 0.39, answerable ones start at 0.5: 0.4 is the lowest that abstains on all.
    expect(threshold.articles).toBe(0.4);
    // At most 5 of 100 answerable wiki questions may be refused: 0.17 refuses 4 (0.18 would refuse 6).
    expect(threshold.passages).toBe(0.17);
    // Were their quotes right, refusing 4 would lose more than 3 % of the answers: 0.16 refuses 2.
    const right = wiki.map((t) => ({ ...t, candidates: t.candidates.map((c) => ({ ...c, quoteHolds: t.q.answerable })) }));
    expect(chooseThreshold([...news, ...right], ['news', 'wiki'], DEFAULT_TRAIN).passages).toBe(0.16);
    expect(setFigures('wiki', wiki, threshold).abstentionOnUnanswerable).toBe(0.59);
    // Where raising the threshold buys no abstention, the lowest is kept: nothing is refused for nothing.
    const flat = wiki.map((t) => ({ ...t, answerable: t.q.answerable ? 0.9 : 0.5 }));
    expect(chooseThreshold([...news, ...flat], ['news', 'wiki'], DEFAULT_TRAIN).passages).toBe(0.51);
    const f = setFigures('news', news, threshold);
    expect(f.abstentionOnUnanswerable).toBe(1);
    expect(f.falseAbstention).toBe(Math.round((2 / 52) * 1000) / 1000);
  });
});
