// Checks shared by the npm consumer scripts (esm.mjs, cjs.cjs, web.mjs,
// bundler.mjs). CommonJS, so that both module systems can load it.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

// Astral emoji (two UTF-16 code units each), Arabic ي/ك that the normalizer
// changes, a ZWNJ-less compound, digits and three sentences.
const TEXT = 'كتاب هاي علي را خواندم. سلام 😀 دنیا! 👍🏽 خوبی؟ ۱۲۳';

let passed = 0;
function check(label, name, fn) {
  fn();
  passed += 1;
  console.log(`  ok ${label}: ${name}`);
}

/** Every span slices the input: input.slice(start, end) === text. */
function assertSlices(input, spans, what) {
  let prevEnd = 0;
  spans.forEach((s, i) => {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${what} ${i}: integer offsets`);
    assert.ok(prevEnd <= s.start && s.start < s.end && s.end <= input.length,
      `${what} ${i}: span ${s.start}..${s.end} in order and inside the input`);
    assert.equal(input.slice(s.start, s.end), s.text, `${what} ${i}: input.slice(${s.start}, ${s.end})`);
    prevEnd = s.end;
  });
}

/** The JS API as a user sees it, whatever build `parsi` is. */
function checkApi(parsi, label, expectedVersion) {
  check(label, 'exports', () => {
    for (const f of ['analyze', 'normalize', 'sentences', 'tokenize', 'version', 'parseNumber', 'numberToWords', 'toConllu', 'searchTokens', 'createAnalyzer', 'analyzeChunks']) {
      assert.equal(typeof parsi[f], 'function', `parsi.${f} is a function`);
    }
  });
  check(label, 'values: parseNumber, numberToWords, entity values', () => {
    assert.equal(parsi.parseNumber('یک میلیون و دویست هزار'), 1200000);
    assert.equal(parsi.parseNumber('۳٫۵'), 3.5);
    assert.equal(parsi.parseNumber('ایران'), undefined);
    assert.equal(parsi.numberToWords(125), 'صد و بیست و پنج');
    assert.equal(parsi.numberToWords(21, true), 'بیست و یکم');
    for (let n = 0; n < 2000; n += 7) assert.equal(parsi.parseNumber(parsi.numberToWords(n)), n);
    assert.throws(() => parsi.numberToWords(-1), RangeError);
    assert.throws(() => parsi.numberToWords(1.5), RangeError);
    assert.throws(() => parsi.numberToWords('12'), TypeError);
    assert.throws(() => parsi.parseNumber(12), TypeError);
    const doc = parsi.analyze('این قرارداد در ۲۵ اسفند ۱۴۰۲ به ارزش ۱۲ میلیون دلار امضا شد.');
    const date = doc.entities.find((e) => e.label === 'DAT');
    assert.deepEqual(date && date.value, { kind: 'date', calendar: 'jalali', year: 1402, month: 12, day: 25, gregorian: '2024-03-15' });
    const money = doc.entities.find((e) => e.label === 'MON');
    assert.deepEqual(money && money.value, { kind: 'money', amount: 12000000, currency: 'USD' });
  });
  check(label, 'version', () => assert.equal(parsi.version(), expectedVersion));

  check(label, 'analyzeChunks: the chunks put together are analyze', () => {
    const text = Array.from({ length: 40 }, (_, i) => `حسن روحانی در تهران گفت ${i}.`).join('\n');
    const doc = parsi.analyze(text);
    const chunks = parsi.analyzeChunks(text, undefined, 100);
    const merged = { text, normalized: '', sentences: [], tokens: [], entities: [] };
    let n = 0;
    for (let c; (c = chunks.next()); n++) {
      merged.normalized += c.separator + c.normalized;
      for (const k of ['sentences', 'tokens', 'entities']) merged[k].push(...c[k]);
      assert.equal(chunks.position, c.end);
    }
    assert.ok(n > 5 && chunks.done && chunks.progress === 1, `${n} chunks`);
    assert.deepEqual(merged, doc);
    chunks.free();
    assert.throws(() => parsi.analyzeChunks(text, undefined, 0), TypeError);
  });

  check(label, 'token values: digits of any script and number words, each token its own', () => {
    const text = 'یک میلیون و دویست هزار، 1,250.5 و ٣٫٥ و ۱۴۰۲/۱۲/۲۵ و چهارصد';
    const values = parsi.tokenize(text).filter((t) => 'value' in t).map((t) => [t.text, t.value]);
    assert.deepEqual(values, [['یک', 1], ['میلیون', 1e6], ['دویست', 200], ['هزار', 1000], ['1,250.5', 1250.5], ['٣٫٥', 3.5], ['چهارصد', 400]]);
    assert.equal(parsi.parseNumber('یک میلیون و دویست هزار'), 1200000);
  });

  check(label, 'createAnalyzer: dictionary entities, never-entities, compounds, never-join', () => {
    const text = 'حسن روحانی در کافه نادري گفت و پیش نمایش دانش آموز را دید.';
    const a = parsi.createAnalyzer({
      entities: [{ text: 'کافه نادری', label: 'LOC' }],
      neverEntities: ['حسن روحانی'],
      compounds: ['پیش‌نمایش'],
      neverJoin: ['آموز'],
    });
    for (const f of ['analyze', 'normalize', 'sentences', 'tokenize', 'toConllu', 'searchTokens', 'dictionary', 'free']) {
      assert.equal(typeof a[f], 'function', `analyzer.${f} is a function`);
    }
    const doc = a.analyze(text);
    assert.deepEqual(doc.entities.map((e) => [e.label, e.text, e.score]), [['LOC', 'کافه نادري', 1]]);
    assertSlices(text, doc.entities, 'dictionary entity');
    assert.ok(parsi.analyze(text).entities.some((e) => e.text === 'حسن روحانی'), 'the model finds the name');
    assert.match(doc.normalized, /پیش\u200cنمایش دانش آموز/);
    assert.match(parsi.normalize(text), /پیش نمایش دانش\u200cآموز/);
    assert.equal(a.normalize('پیش نمایش'), 'پیش\u200cنمایش');
    assert.ok(a.tokenize(text).some((t) => t.norm === 'پیش\u200cنمایش'));
    assert.match(a.toConllu(text), /NER=B-LOC/);
    assert.deepEqual(a.dictionary().neverJoin, ['آموز']);
    assert.deepEqual(JSON.stringify(parsi.createAnalyzer().analyze(text)), JSON.stringify(parsi.analyze(text)));
    a.free();
    const bad = [
      [42, /dictionary must be an object/],
      [[], /dictionary must be an object/],
      [{ entity: [] }, /unknown option dictionary\.entity/],
      [{ entities: 'x' }, /dictionary\.entities must be an array, got string "x"/],
      [{ entities: [{ text: 1, label: 'PER' }] }, /dictionary\.entities\[0\]\.text must be a string, got number 1/],
      [{ entities: [{ text: 'x', label: 'NOPE' }] }, /entities\[0\]\.label "NOPE" is not a label/],
      [{ entities: [{ text: ' ', label: 'PER' }] }, /entities\[0\]\.text is empty/],
      [{ entities: [{ text: "x", label: "PER", score: 1 }] }, /unknown option dictionary\.entities\[0\]\.score/],
      [{ neverEntities: [''] }, /neverEntities\[0\] is empty/],
      [{ compounds: ['کتاب'] }, /compounds\[0\].*not a compound/],
      [{ neverJoin: [7] }, /dictionary\.neverJoin\[0\] must be a string, got number 7/],
    ];
    for (const [dict, message] of bad) {
      assert.throws(() => parsi.createAnalyzer(dict), (e) => e instanceof TypeError && message.test(e.message), JSON.stringify(dict));
    }
  });

  check(label, 'toConllu: ten columns, word lines as analyze tags them, code-point TokenRange', () => {
    const conllu = parsi.toConllu(TEXT);
    const doc = parsi.analyze(TEXT);
    const blocks = conllu.split('\n\n').filter((b) => b.length > 0);
    assert.equal(blocks.length, doc.sentences.length);
    const rows = conllu.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    assert.ok(rows.every((r) => r.length === 10 && r.every((c) => c.length > 0)));
    const words = rows.filter((r) => /^\d+$/.test(r[0])).map((r) => `${r[1]} ${r[3]}`);
    assert.deepEqual(words, doc.tokens.flatMap((t) => t.words.map((w) => `${w.text} ${w.upos}`)));
    const points = [...TEXT];
    for (const r of rows) {
      const m = /TokenRange=(\d+):(\d+)/.exec(r[9]);
      assert.equal(points.slice(Number(m[1]), Number(m[2])).join(''), r[1]);
    }
    assert.equal(parsi.toConllu(''), '');
    assert.throws(() => parsi.toConllu(42), TypeError);
  });

  check(label, 'analyze offsets slice the input', () => {
    const doc = parsi.analyze(TEXT);
    assert.equal(doc.text, TEXT);
    assert.ok(!/[يك]/.test(doc.normalized), 'normalized has no Arabic ي/ك');
    assert.equal(doc.sentences.length, 4);
    assertSlices(TEXT, doc.tokens, 'token');
    assertSlices(TEXT, doc.sentences, 'sentence');
    // Whatever the model finds, an entity slices the input (in UTF-16, after the emoji too).
    assert.ok(Array.isArray(doc.entities));
    assertSlices(TEXT, doc.entities, 'entity');
    for (const e of doc.entities) {
      assert.ok(typeof e.score === 'number' && e.score >= 0 && e.score <= 1, `entity score ${e.score}`);
    }
    const world = doc.tokens.find((t) => t.text === 'دنیا');
    assert.equal(world.start, TEXT.indexOf('دنیا'), 'UTF-16 offset after an emoji');
    const ali = doc.tokens.find((t) => t.text === 'علي');
    assert.equal(ali.norm, 'علی');
    for (const s of doc.sentences) {
      for (const t of doc.tokens.slice(s.tokenStart, s.tokenEnd)) {
        assert.ok(t.start >= s.start && t.end <= s.end, 'token inside its sentence');
      }
    }
  });

  check(label, 'tokenize and sentences agree with analyze', () => {
    // tokenize() segments only: the tokens of analyze() without tagging.
    const doc = parsi.analyze(TEXT, { pos: false, entities: false });
    assert.deepEqual(parsi.tokenize(TEXT), doc.tokens);
    assert.deepEqual(parsi.sentences(TEXT), doc.sentences);
    const full = parsi.analyze(TEXT);
    assert.deepEqual(full.sentences, doc.sentences);
    assert.deepEqual(full.tokens.map(({ words, ...t }) => t), doc.tokens.map(({ words, ...t }) => t));
  });

  check(label, 'analyze tags words and finds entities, with offsets into the input', () => {
    const doc = parsi.analyze(TEXT);
    for (const t of doc.tokens) {
      assert.ok(t.words.length >= 1, 'every token has words');
      for (const w of t.words) {
        assert.equal(TEXT.slice(w.start, w.end), w.text);
        assert.match(w.upos, /^[A-Z]+$/);
        assert.ok(w.lemma.length > 0);
      }
    }
    for (const e of doc.entities) assert.equal(TEXT.slice(e.start, e.end), e.text);
  });

  check(label, 'searchTokens: terms, stop flags, offsets into the input', () => {
    const tokens = parsi.searchTokens(TEXT);
    assertSlices(TEXT, tokens, 'search token');
    for (const t of tokens) {
      assert.deepEqual(Object.keys(t), ['text', 'norm', 'term', 'stop', 'start', 'end']);
      assert.equal(typeof t.stop, 'boolean');
    }
    // Words and the number; no punctuation, no emoji.
    assert.deepEqual(tokens.map((t) => t.term),
      ['کتاب', 'علی', 'را', 'خواندن', 'سلام', 'دنیا', 'خوبی', '۱۲۳']);
    assert.deepEqual(tokens.filter((t) => t.stop).map((t) => t.norm), ['را', 'خوبی']); // both in the lexicon's list
    assert.equal(parsi.searchTokens('کتاب‌ها', { stem: false })[0].term, 'کتابها');
    assert.deepEqual(parsi.searchTokens(''), []);
    assert.throws(() => parsi.searchTokens(42), TypeError);
    assert.throws(() => parsi.searchTokens('x', { stemm: false }), TypeError);
  });

  check(label, 'normalize with options', () => {
    assert.equal(parsi.normalize('123'), '۱۲۳');
    assert.equal(parsi.normalize('كي 123', { digits: 'ascii' }), 'کی 123');
    assert.equal(parsi.analyze('عدد 42', { normalize: { digits: 'keep' } }).tokens[1].norm, '42');
    // An option written out as undefined is left out (as the types' `pos?:` allows).
    const flag = false;
    assert.equal(parsi.normalize('كي 123', { digits: flag ? 'ascii' : undefined }), parsi.normalize('كي 123'));
    assert.deepEqual(parsi.analyze(TEXT, { pos: undefined, normalize: { digits: undefined } }), parsi.analyze(TEXT));
    assert.throws(() => parsi.analyze('x', { pos: 'no' }), (e) => e instanceof TypeError && e.message === 'parsi.analyze: options.pos must be a boolean, got string "no"');
  });

  check(label, 'bad arguments throw TypeError', () => {
    const bad = [
      () => parsi.analyze(42),
      () => parsi.analyze(undefined),
      () => parsi.normalize({}),
      () => parsi.tokenize(null),
      () => parsi.sentences([]),
      () => parsi.searchTokens(undefined),
      () => parsi.analyze('x', { foo: 1 }),
      () => parsi.normalize('x', { digits: 'roman' }),
      () => parsi.analyze('x', { normalize: { digitz: 'ascii' } }),
    ];
    for (const f of bad) {
      assert.throws(f, (e) => e instanceof TypeError && /^parsi\.\w+: /.test(e.message), String(f));
    }
    // Still working after the errors.
    assert.equal(parsi.analyze(TEXT).tokens.length, parsi.tokenize(TEXT).length);
  });
  return passed;
}

/** Every file the package's exports name is in the installed package. */
function checkPackageFiles(pkgDir, label) {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  check(label, 'package.json metadata', () => {
    assert.equal(pkg.name, 'parsi');
    assert.equal(pkg.license, 'MIT');
    for (const k of ['persian', 'farsi', 'nlp', 'ner', 'pos-tagging', 'tokenizer', 'wasm']) {
      assert.ok(pkg.keywords.includes(k), `keyword ${k}`);
    }
    for (const k of ['version', 'description', 'repository', 'types', 'exports', 'sideEffects', 'files']) {
      assert.ok(pkg[k] !== undefined, `package.json has ${k}`);
    }
  });
  check(label, 'every file named by exports, main, module and types is packed', () => {
    const targets = [];
    const walk = (v) => {
      if (typeof v === 'string') targets.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg.exports);
    targets.push(pkg.main, pkg.module, pkg.types);
    for (const t of targets) {
      assert.ok(fs.existsSync(path.join(pkgDir, t)), `${t} exists in the installed package`);
    }
    for (const dir of ['web', 'bundler', 'nodejs']) {
      assert.ok(fs.existsSync(path.join(pkgDir, dir, 'parsi_bg.wasm')), `${dir}/parsi_bg.wasm`);
    }
  });
  check(label, 'exports: types conditions, the worker helper', () => {
    for (const [key, value] of Object.entries(pkg.exports)) {
      if (key.endsWith('.wasm') || key === './package.json' || key.startsWith('./web/')) continue;
      const entries = key === '.' ? Object.values(value) : [value];
      for (const e of entries) {
        assert.ok(Object.keys(e)[0] === 'types' && e.types.endsWith('.d.ts'), `${key}: "types" comes first`);
      }
    }
    assert.deepEqual(pkg.exports['./worker'], { types: './web/worker-client.d.ts', default: './web/worker-client.mjs' });
    assert.equal(pkg.exports['./web/worker.mjs'], './web/worker.mjs');
    assert.ok(pkg.sideEffects.includes('./web/worker.mjs'), 'the worker script is a side effect');
    const web = JSON.parse(fs.readFileSync(path.join(pkgDir, 'web', 'package.json'), 'utf8'));
    assert.ok(web.sideEffects.includes('./worker.mjs'), 'web/package.json: the worker script is a side effect');
  });
  check(label, 'README.md is the JavaScript one', () => {
    const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
    assert.match(readme, /createParsiWorker/);
    assert.doesNotMatch(readme, /cargo run/);
  });
  return pkg;
}

module.exports = { TEXT, assertSlices, checkApi, checkPackageFiles, check, passedCount: () => passed };
