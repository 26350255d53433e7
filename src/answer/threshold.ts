// Choosing the abstention thresholds from held-out probabilities (`npm run train`): one per profile of
// documents, the trade-off between refusing unanswerable questions and refusing answers.
import type { PerProfile, Profile } from './abstain.js';
import { profileOfQuestion, setFigures, type SetFigures, type TrainingQuestion, type TrainOptions } from './train.js';

/**
 * The abstention thresholds, one per profile: the one that abstains on the most unanswerable questions
 * while false abstention and the answers lost stay within their ceilings on every set (with held-out
 * probabilities, over that profile's questions), and the lowest such: raising it further would refuse
 * answers and buy nothing.
 * Each point of abstention on unanswerable questions is worth less to a user than a good answer refused.
 * A set with too few questions of a profile (bbc-dev's 3 short articles) does not vote on its threshold.
 */
export function chooseThreshold(questions: readonly TrainingQuestion[], sets: readonly string[], options: TrainOptions): PerProfile<number> {
  const best = (mine: readonly TrainingQuestion[], voters: readonly string[]) => {
    const at = (t: number) => voters.map((s) => setFigures(s, mine.filter((q) => q.set === s), { articles: t, passages: t }));
    const open = at(0);
    const lost = (f: SetFigures, i: number) => Math.round(((open[i]?.containment ?? 0) - f.containment) * 1000) / 1000;
    let chosen = 0;
    let most = -1;
    for (let i = 1; i < 90; i++) {
      const t = i / 100;
      const figures = at(t);
      if (figures.some((f, j) => f.falseAbstention > options.maxFalseAbstention || lost(f, j) > options.maxAnswersLost)) break;
      const abstained = figures.reduce((sum, f) => sum + f.abstentionOnUnanswerable, 0);
      if (abstained > most) [chosen, most] = [t, abstained];
    }
    return chosen;
  };
  const ofProfile = (profile: Profile) => {
    const mine = questions.filter((t) => profileOfQuestion(t) === profile);
    const voters = sets.filter((s) => mine.filter((t) => t.set === s && t.q.answerable).length >= options.minThresholdQuestions);
    // No set has enough questions of this profile: the threshold shared by every question.
    return voters.length ? best(mine, voters) : best(questions, sets);
  };
  return { articles: ofProfile('articles'), passages: ofProfile('passages') };
}

/** Share of a set's questions of each profile. */
export function profileShares(questions: readonly TrainingQuestion[]): PerProfile<number> {
  const share = (p: Profile) => (questions.length ? questions.filter((t) => profileOfQuestion(t) === p).length / questions.length : 0);
  return { articles: share('articles'), passages: share('passages') };
}
