// parsi's searchTokens as the analyzer of a client-side search library:
// MiniSearch (pinned in wasm-pack.toml [test.npm] minisearch, installed from
// the npm registry by tests/npm/run.sh next to the packed parsi tarball).
// Documents and queries go through the same tokenizer: the terms of the
// tokens that are not stop words.
import assert from 'node:assert/strict';
import MiniSearch from 'minisearch';
import { searchTokens } from 'parsi';

/** The index terms of a text: stop words left out. */
const terms = (text) => searchTokens(text).filter((t) => !t.stop).map((t) => t.term);

const docs = [
  { id: 1, text: 'دانش‌آموزان کتاب‌هایشان را به مدرسه آوردند.' },
  { id: 2, text: 'باران در تهران بارید و هوا سرد شد.' },
  { id: 3, text: 'این زیباترین شهر ایران است.' },
  { id: 4, text: 'ديروز به بازار رفتم و ميوه خريدم.' }, // Arabic ي, as often typed
];

const options = {
  fields: ['text'],
  tokenize: terms,
  // The terms are final (folded, Latin lowercased): no more processing.
  processTerm: (term) => term,
  searchOptions: { tokenize: terms, processTerm: (term) => term },
};
const index = new MiniSearch(options);
index.addAll(docs);

let passed = 0;
function check(name, fn) {
  fn();
  passed += 1;
  console.log(`  ok minisearch: ${name}`);
}
const ids = (query) => index.search(query).map((r) => r.id).sort();

check('the tokenizer gives terms, offsets into the input and stop flags', () => {
  const text = docs[0].text;
  const tokens = searchTokens(text);
  for (const t of tokens) assert.equal(text.slice(t.start, t.end), t.text);
  assert.deepEqual(tokens.map((t) => [t.term, t.stop]), [
    ['دانشآموز', false], ['کتاب', false], ['را', true], ['به', true], ['مدرسه', false], ['آوردن', false],
  ]);
});

check('کتاب finds the document that says کتاب‌هایشان', () => {
  assert.deepEqual(ids('کتاب'), [1]);
  assert.deepEqual(ids('كتابها'), [1]); // Arabic ك, no ZWNJ
  assert.deepEqual(ids('دانش آموز'), [1]); // written apart, joined by the normalizer
});

check('superlatives, verbs and Arabic letters match', () => {
  assert.deepEqual(ids('زیبا'), [3]);
  assert.deepEqual(ids('شهرها'), [3]);
  assert.deepEqual(ids('می‌روم'), [4]); // رفتم in the document: both رفتن
  assert.deepEqual(ids('میوه'), [4]); // ميوه in the document
  assert.deepEqual(ids('تهران'), [2]);
});

check('conservative: باران is not بار, ایران not ایرانی', () => {
  assert.deepEqual(ids('بار'), []);
  assert.deepEqual(ids('ایرانی'), []);
  assert.deepEqual(ids('ایران'), [3]);
});

check('a query of stop words only finds nothing', () => {
  assert.deepEqual(terms('از'), []);
  assert.deepEqual(ids('از'), []);
  assert.deepEqual(ids('و در به'), []);
});

check("MiniSearch's own tokenizer misses what parsi finds", () => {
  // The control: without parsi the same query finds nothing, so the checks above test parsi.
  const plain = new MiniSearch({ fields: ['text'] });
  plain.addAll(docs);
  assert.deepEqual(plain.search('کتاب').map((r) => r.id), []);
});

console.log(`npm minisearch: ${passed} passed, 0 failed`);
