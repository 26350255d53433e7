// Writes src/answer/noun-kinds.json: the kind of answer each WordNet noun asks for as a question's focus
// ("which carmaker" → organisation), from WordNet 3.1's hypernyms (wordnet-kinds.ts). Run after changing the
// roots or the sense policy: `npm run build:noun-kinds`. The table is committed; the bot reads no dictionary.
import { writeFileSync } from 'node:fs';
import { NOUN_KINDS_FILE } from '../answer/noun-kinds.js';
import { loadWordNet, nounKindTable } from '../answer/wordnet-kinds.js';

const started = Date.now();
const table = nounKindTable(loadWordNet());
writeFileSync(NOUN_KINDS_FILE, `${JSON.stringify(table, null, 1)}\n`);
const counts = Object.entries(table.kinds).map(([k, v]) => `${k} ${v.split(' ').length}`).join(', ');
console.log(`noun kinds: ${counts} (${((Date.now() - started) / 1000).toFixed(1)} s) → ${NOUN_KINDS_FILE.pathname}`);
