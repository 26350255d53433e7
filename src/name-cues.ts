// Rules as data for classing names (annotate.ts): the words that mark a run of proper nouns as a person,
// an organisation or a place. General English news usage, not fitted to any question.

const set = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

export const NAME_CUES = {
  /** compromise lexicon tags. */
  personTags: set('FirstName MaleName FemaleName Person Honorific'),
  placeTags: set('Country City Place Region Address'),
  organisationTags: set('Organization SportsTeam Company'),
  /** A word right before a name (or its first word) that makes it a person: "Mr Blair", "coach Sven". */
  personTitles: set(`
    mr mrs ms miss dr sir dame lord lady prof professor president premier chancellor minister secretary senator
    governor mayor king queen prince princess pope judge justice chairman chairwoman chief boss coach manager
    captain striker midfielder defender keeper goalkeeper player singer actor actress star director producer
    presenter author writer comedian spokesman spokeswoman analyst economist founder rapper drummer guitarist
    champion winger forward batsman bowler skipper executive mp mep cardinal bishop archbishop rev reverend sheikh
  `),
  /** The last word of an organisation's name. */
  organisationWords: set(`
    ltd inc plc llc corp brothers partners corporation co company group bank banks party council commission committee association
    union league federation agency authority institute university college school airways airlines airline
    motors industries holdings network networks records studios pictures entertainment fc united rovers
    athletic wanderers ministry department office court parliament assembly congress senate board trust fund
    foundation society club organisation organization service services systems technologies communications
    telecom media press times post news journal magazine channel radio tv
  `),
  /** A word right before a name that makes it an organisation: "Scottish club Rangers", "net provider AOL". */
  organisationBefore: set(`
    club side team firm company group band label giant rival rivals provider operator maker retailer carrier
    airline network broadcaster publisher studio newspaper paper magazine charity regulator watchdog agency bank
    insurer lender supermarket chain brand outfit
  `),
  /** A word before a short name that usually introduces a place: "in Seville", "from Leeds". */
  placeBefore: set('in at from near to across outside inside around'),
  /** Names joined inside one run: "Bank of Japan", "Marks & Spencer". */
  joiners: set('of & de del la du von van'),
  /** Currency names written after a figure: "1.47m yuan", "364m euros". */
  currencies: set('yuan euro euros dollar dollars pound pounds yen rupees rupee francs krona kronor roubles rubles won pesos'),
  /** Prepositions a date or duration may open with that are not part of the value: "since 1993". */
  valueLead: set('since over for about around in during until by from'),
  /** A unit written right after a figure: "£4.6m", "$2bn", "3 million". */
  unitSuffixes: set('m bn k million billion trillion thousand'),
};
