#!/usr/bin/env node
// End-to-end test of the demo page in www/: serves www/ on 127.0.0.1, drives
// headless Chromium (the system's /usr/bin/chromium, through playwright-core)
// and checks the page's behaviour, its safety with hostile input and that it
// never talks to any other origin.
//
//   cd tests/e2e && npm install --no-package-lock && node run.mjs
//
// Needs the WebAssembly package in www/pkg (scripts/build-wasm.sh builds it).
// Environment: CHROMIUM=/path/to/chromium to use another browser binary.
// Screenshots go to tests/e2e/artifacts/. The last line printed is
// "N passed, M failed"; the exit status is 0 only if nothing failed.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const WWW = path.join(ROOT, 'www');
const ARTIFACTS = path.join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Any host name other than the test server's address fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; " +
  "img-src 'self' data:; object-src 'none'; base-uri 'none'";
const HOSTILE = '<img src=x onerror=alert(1)> <script>alert(2)</script> javascript:alert(3) سلام دنيا';
const TIMEOUT = 60_000;

// ---- results -------------------------------------------------------------

let passed = 0;
let failed = 0;

function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   - ${name}`);
  } else {
    failed++;
    console.log(`FAIL - ${name}${detail === undefined ? '' : `\n       ${String(detail).replace(/\n/g, '\n       ')}`}`);
  }
  return ok;
}

function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 ? 1 : 0));
}

// ---- preconditions -------------------------------------------------------

for (const f of ['parsi.js', 'parsi_bg.wasm']) {
  if (!fs.existsSync(path.join(WWW, 'pkg', f))) {
    console.log(
      `error: www/pkg/${f} is missing. Build the WebAssembly package first:\n` +
        '  scripts/build-wasm.sh   (builds pkg/web and copies it to www/pkg)',
    );
    failed++;
    finish(1);
  }
}
if (!fs.existsSync(CHROMIUM)) {
  console.log(`error: no Chromium at ${CHROMIUM} (install the Debian package "chromium", or set CHROMIUM=/path/to/chromium)`);
  failed++;
  finish(1);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log('error: playwright-core is not installed; run: cd tests/e2e && npm install --no-package-lock');
  failed++;
  finish(1);
}

// ---- static server -------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const served = [];

function serve(req, res) {
  const send = (status, body, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  } catch {
    return send(400, 'bad request');
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = path.resolve(WWW, '.' + pathname);
  if (file !== WWW && !file.startsWith(WWW + path.sep)) return send(403, 'forbidden');
  fs.stat(file, (err, st) => {
    served.push({ path: pathname, status: err || !st.isFile() ? 404 : 200 });
    if (err || !st.isFile()) return send(404, 'not found');
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // The page sets the same policy in a <meta> tag; the header also covers the worker.
      'Content-Security-Policy': CSP,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  });
}

const server = http.createServer(serve);
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const ORIGIN = `http://127.0.0.1:${server.address().port}`;
console.log(`# serving ${path.relative(ROOT, WWW) || '.'}/ at ${ORIGIN}`);

// ---- browser -------------------------------------------------------------

const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'parsi-e2e-'));
await fsp.mkdir(ARTIFACTS, { recursive: true });

const consoleErrors = [];
const consoleWarnings = [];
const pageErrors = [];
const dialogs = [];
const foreign = [];
const requests = [];
/** Console errors matching this are expected (set by the test that provokes them). */
let expectedConsoleError = null;

let context;

function ownOrigin(url) {
  return url === ORIGIN || url.startsWith(ORIGIN + '/') || url.startsWith('data:') || url === 'about:blank';
}

function watchPage(page) {
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('crash', () => pageErrors.push('page crashed'));
}

function onConsole(msg) {
  const where = msg.location()?.url ? ` (${msg.location().url})` : '';
  const text = `${msg.text()}${where}`;
  if (msg.type() === 'error') {
    if (expectedConsoleError && expectedConsoleError.test(text)) return;
    consoleErrors.push(text);
  } else if (msg.type() === 'warning') {
    consoleWarnings.push(text);
  }
}

/** Counters at a point in time, to check that nothing bad happened since. */
function mark() {
  return {
    console: consoleErrors.length,
    page: pageErrors.length,
    dialogs: dialogs.length,
    foreign: foreign.length,
  };
}

function checkClean(since, what) {
  const c = consoleErrors.slice(since.console);
  const p = pageErrors.slice(since.page);
  const d = dialogs.slice(since.dialogs);
  const f = foreign.slice(since.foreign);
  check(`${what}: no console error`, c.length === 0, c.join('\n'));
  check(`${what}: no page error`, p.length === 0, p.join('\n'));
  check(`${what}: no dialog`, d.length === 0, d.join('\n'));
  check(`${what}: no request outside ${ORIGIN}`, f.length === 0, f.join('\n'));
}

/** Clicks Analyze and waits until the results of that very request are shown. */
async function analyze(page) {
  const before = Number((await page.getAttribute('#results', 'data-request-id')) ?? 0);
  const t0 = Date.now();
  await page.click('#analyze');
  await page.waitForFunction(
    (prev) => {
      const r = document.getElementById('results');
      const id = Number(r.dataset.requestId ?? 0);
      return id > prev && (r.dataset.state === 'done' || r.dataset.state === 'error');
    },
    before,
    { timeout: TIMEOUT },
  );
  return { state: await page.getAttribute('#results', 'data-state'), ms: Date.now() - t0 };
}

/** Every token chip's text against the textarea's value at its offsets. */
async function chipMismatches(page) {
  return page.evaluate(() => {
    const input = document.getElementById('input').value;
    const bad = [];
    const chips = document.querySelectorAll('#tokens .tok');
    for (const chip of chips) {
      const start = Number(chip.dataset.start);
      const end = Number(chip.dataset.end);
      if (!Number.isInteger(start) || !Number.isInteger(end) || input.slice(start, end) !== chip.textContent) {
        bad.push(`[${chip.dataset.start},${chip.dataset.end}) ${JSON.stringify(chip.textContent)} vs ${JSON.stringify(input.slice(start, end))}`);
      }
    }
    return { count: chips.length, bad: bad.slice(0, 5), badCount: bad.length };
  });
}

async function stat(page, id) {
  return Number(await page.getAttribute(`#${id}`, 'data-value'));
}

async function main() {
  // -- the server itself
  for (const [p, type] of [
    ['/', 'text/html'],
    ['/app.js', 'text/javascript'],
    ['/worker.js', 'text/javascript'],
    ['/style.css', 'text/css'],
    ['/pkg/parsi.js', 'text/javascript'],
    ['/pkg/parsi_bg.wasm', 'application/wasm'],
  ]) {
    const r = await fetch(ORIGIN + p);
    const got = r.headers.get('content-type') ?? '';
    check(`server: ${p} is served as ${type}`, r.status === 200 && got.split(';')[0] === type, `${r.status} ${got}`);
  }
  const traversal = await fetch(ORIGIN + '/%2e%2e/Cargo.toml');
  check('server: no file outside www/ is served', traversal.status === 403 || traversal.status === 404, traversal.status);

  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    locale: 'fa-IR',
    serviceWorkers: 'block',
  });
  context.on('console', onConsole);
  context.on('request', (r) => {
    requests.push(r.url());
    if (!ownOrigin(r.url())) foreign.push(r.url());
  });
  // Anything that is not the test server is refused (and reported above).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (ownOrigin(url)) return route.fallback();
    if (!foreign.includes(url)) foreign.push(url);
    return route.abort('blockedbyclient');
  });

  const page = context.pages()[0] ?? (await context.newPage());
  watchPage(page);
  page.setDefaultTimeout(TIMEOUT);

  // -- load
  let since = mark();
  await page.goto(ORIGIN + '/', { waitUntil: 'load' });
  await page.waitForSelector('html[data-app="ready"]');
  const head = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content,
    external: [...document.querySelectorAll('script[src], link[href], img[src]')]
      .map((e) => e.src || e.href)
      .filter((u) => !u.startsWith(location.origin + '/') && !u.startsWith('data:')),
  }));
  check('page: <html lang="fa" dir="rtl">', head.lang === 'fa' && head.dir === 'rtl', JSON.stringify(head));
  check('page: Content-Security-Policy meta allows only its own origin', head.csp === CSP, head.csp);
  check('page: no external script, stylesheet or image', head.external.length === 0, head.external.join('\n'));
  await page.waitForFunction(() => document.getElementById('version').textContent.trim() !== '…');
  const version = (await page.textContent('#version')).trim();
  check('page: the worker loaded the wasm package (version shown)', /^\d+\.\d+\.\d+/.test(version), version);
  check(
    'page: wasm served as application/wasm (no instantiateStreaming fallback)',
    !consoleWarnings.some((w) => w.includes('instantiateStreaming')),
    consoleWarnings.join('\n'),
  );
  checkClean(since, 'load');

  // -- (a) the prefilled news text
  since = mark();
  const input = await page.inputValue('#input');
  check('prefilled text has Arabic ي and ك to normalize', /ي/.test(input) && /ك/.test(input));
  const a = await analyze(page);
  check('prefilled: analysis finished', a.state === 'done', a.state === 'error' ? await page.textContent('#error') : a.state);
  console.log(`#   prefilled text: ${input.length} chars, analyzed and shown in ${a.ms} ms`);
  const sentenceItems = await page.locator('#sentences > li').count();
  check('prefilled: more than one sentence', sentenceItems > 1, sentenceItems);
  check('prefilled: sentence count shown matches the list', (await stat(page, 'stat-sentences')) === sentenceItems);
  const chips = await chipMismatches(page);
  check('prefilled: token chips exist', chips.count > 0, chips.count);
  check('prefilled: token count shown matches the chips', (await stat(page, 'stat-tokens')) === chips.count);
  check(
    'prefilled: every chip equals textarea.value.slice(data-start, data-end)',
    chips.badCount === 0,
    `${chips.badCount} of ${chips.count} differ:\n${chips.bad.join('\n')}`,
  );
  const normalized = await page.textContent('#normalized');
  check('prefilled: normalized text has no Arabic ي or ك', !/[يك]/.test(normalized), normalized);
  const arabicWords = input.match(/[^\s،؛؟.!,:()«»"]*[يك][^\s،؛؟.!,:()«»"]*/g) ?? [];
  const missing = arabicWords
    .map((w) => w.replace(/ي/g, 'ی').replace(/ك/g, 'ک'))
    .filter((w) => !normalized.includes(w));
  check(
    `prefilled: normalized text has Persian ی/ک in ${arabicWords.join('، ')}`,
    arabicWords.length > 0 && missing.length === 0,
    `not found: ${missing.join(', ')}`,
  );
  const kinds = await page.evaluate(() => [...new Set([...document.querySelectorAll('#tokens .tok')].map((e) => e.dataset.kind))]);
  check('prefilled: words, numbers, punctuation, a URL and Latin are told apart', ['word', 'number', 'punct', 'url', 'latin'].every((k) => kinds.includes(k)), kinds.join(' '));
  const bidi = await page.evaluate(() => {
    const chips = [...document.querySelectorAll('#tokens .tok')];
    return {
      notIsolated: chips.filter((c) => getComputedStyle(c).unicodeBidi !== 'isolate').length,
      wordsWithoutDirAuto: chips.filter((c) => /[\p{L}]/u.test(c.textContent) && c.getAttribute('dir') !== 'auto').length,
    };
  });
  const pos = await page.evaluate(() => {
    const chips = [...document.querySelectorAll('#tokens .tok')];
    const of = (text) => chips.find((c) => c.textContent === text);
    const info = (c) => c && { upos: c.dataset.upos, lemma: c.dataset.lemma, title: c.title };
    return {
      untagged: chips.filter((c) => !c.dataset.upos).length,
      verb: info(of('اعلام')) && info(chips.find((c) => c.textContent === 'کرد')),
      shekat: info(of('شرکتهای')),
      label: chips[0] && getComputedStyle(chips[0], '::before').content,
    };
  });
  check(
    'prefilled: every chip carries its words\' part of speech and lemma (tooltip, label)',
    pos.untagged === 0 && pos.verb?.upos === 'VERB' && pos.verb.lemma === 'کرد#کن' && pos.verb.title.includes('VERB') &&
      pos.shekat?.lemma.startsWith('شرکت') && typeof pos.label === 'string' && pos.label.length > 2,
    JSON.stringify(pos),
  );
  check('prefilled: token chips are bidi-isolated, dir="auto" on letters', bidi.notIsolated === 0 && bidi.wordsWithoutDirAuto === 0, JSON.stringify(bidi));
  check('prefilled: original text shown in full in the entity view', (await page.textContent('#entities-text')) === input);
  check('prefilled: kind legend (10) and entity legend (7)', (await page.locator('#kind-legend li').count()) === 10 && (await page.locator('#entity-legend li').count()) === 7);
  const time = await page.getAttribute('#stat-time', 'data-value');
  check('prefilled: timing shown', Number.isFinite(Number(time)) && Number(time) >= 0, time);
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo.png'), fullPage: true });
  checkClean(since, 'prefilled');

  // -- (b) hostile input
  since = mark();
  await page.fill('#input', HOSTILE);
  const b = await analyze(page);
  check('hostile: analysis finished', b.state === 'done', b.state);
  const hostile = await page.evaluate(() => ({
    active: document.querySelectorAll('#results img, #results script, #results iframe, #results object, #results embed, #results svg').length,
    anyImg: document.querySelectorAll('img').length,
    entitiesText: document.getElementById('entities-text').textContent,
    normalized: document.getElementById('normalized').textContent,
    sentences: [...document.querySelectorAll('#sentences li')].map((li) => li.textContent).join(''),
  }));
  check('hostile: no img/script/iframe/object element created', hostile.active === 0 && hostile.anyImg === 0, JSON.stringify(hostile));
  check('hostile: original text rendered literally', hostile.entitiesText === HOSTILE, hostile.entitiesText);
  // (The normalizer may respace "alert(1)" and change its digits; the markup must stay text.)
  check('hostile: normalized text rendered literally', hostile.normalized.includes('<img src=x onerror=') && hostile.normalized.includes('<script>') && hostile.normalized.includes('</script>'), hostile.normalized);
  check('hostile: sentences rendered literally', hostile.sentences.includes('<script>'), hostile.sentences);
  const hchips = await chipMismatches(page);
  check('hostile: every chip equals textarea.value.slice(data-start, data-end)', hchips.count > 0 && hchips.badCount === 0, `${hchips.badCount} of ${hchips.count} differ:\n${hchips.bad.join('\n')}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'hostile.png'), fullPage: true });
  checkClean(since, 'hostile');

  // -- entities found by the model in an article with Arabic ي/ك, no ZWNJs and
  // money written in words: every mark is the pasted text at its offsets.
  since = mark();
  const NEWS =
    'به گزارش خبرگزاري ايرنا، حسن روحاني رئيس جمهور روز شنبه ۲۵ اسفند ۱۴۰۲ در ديدار با مديران ' +
    'بانك مرکزي در تهران گفت که تورم سالانه به ۴۰ درصد رسيده است. وزارت امور خارجه ايران نيز ' +
    'اعلام کرد محمد جواد ظريف براي سفر به پاريس آماده ميشود. به گفته او بودجه اين طرح يک ميليون ' +
    'و دويست هزار تومان است.';
  await page.fill('#input', NEWS);
  await analyze(page);
  const model = await page.evaluate(() => {
    const input = document.getElementById('input').value;
    const marks = [...document.querySelectorAll('#entities-text mark')];
    return {
      input,
      marks: marks.map((m) => ({ label: m.dataset.label, text: m.textContent, start: Number(m.dataset.start), end: Number(m.dataset.end) })),
      whole: document.getElementById('entities-text').textContent,
    };
  });
  const has = (label, text) => model.marks.some((m) => m.label === label && m.text === text);
  check('model entities: marks found in the pasted article', model.marks.length >= 5, JSON.stringify(model.marks));
  check(
    'model entities: every mark equals the pasted text at its offsets (un-normalized ي/ك kept)',
    model.marks.every((m) => model.input.slice(m.start, m.end) === m.text) && model.whole === model.input,
  );
  check('model entities: a person (حسن روحاني) is PER', has('PER', 'حسن روحاني'), JSON.stringify(model.marks));
  check('model entities: a place (تهران) is LOC', has('LOC', 'تهران'), JSON.stringify(model.marks));
  check('model entities: an organisation written with Arabic kaf (بانك مرکزي) is ORG', has('ORG', 'بانك مرکزي'), JSON.stringify(model.marks));
  check('model entities: a percentage (۴۰ درصد) is PCT', has('PCT', '۴۰ درصد'), JSON.stringify(model.marks));
  await page.locator('#entities-text').scrollIntoViewIfNeeded();
  await page.locator('#entities-heading').locator('xpath=..').screenshot({ path: path.join(ARTIFACTS, 'entities-model.png') });
  checkClean(since, 'model entities');

  // -- entity highlighting with entities made up here: the renderer on its own
  since = mark();
  await page.fill('#input', input);
  await analyze(page);
  const ents = await page.evaluate(async (text) => {
    const { buildHighlighted } = await import('./render.js');
    const spans = [
      ['PER', 'علی رضایی'],
      ['ORG', 'شرکت ملی نفت ايران'],
      ['DAT', '۲۵ اسفند ۱۴۰۲'],
      ['LOC', 'تهران'],
      ['PCT', '12 درصد'],
      ['MON', '۳۵ میلیارد دلار'],
      ['LOC', 'بندر جاسک'],
      ['ORG', 'بانك مرکزی'],
      ['PCT', '۴۰٪'],
      ['ORG', 'صندوق بین‌المللی پول'],
    ];
    const entities = spans.map(([label, s], i) => {
      const start = text.indexOf(s);
      return { label, text: s, start, end: start + s.length, score: i === 0 ? 0.875 : 1 };
    });
    entities[2].value = { kind: 'date', calendar: 'jalali', year: 1402, month: 12, day: 25, gregorian: '2024-03-15' };
    entities[5].value = { kind: 'money', amount: 35000000000, currency: 'USD' };
    entities[4].value = { kind: 'percent', number: 'x' }; // malformed: no value shown
    // Invalid ones must be skipped, not drawn or thrown on.
    const bad = [
      { label: 'PER', start: entities[0].start + 1, end: entities[0].end + 3 }, // overlaps
      { label: 'LOC', start: text.length - 2, end: text.length + 5 }, // past the end
      { label: 'ORG', start: 5, end: 5 }, // empty
      { label: '<b>', start: 'x', end: 3 }, // not offsets
    ];
    const target = document.getElementById('entities-text');
    target.replaceChildren(buildHighlighted(document, text, [...entities, ...bad]));
    const marks = [...target.querySelectorAll('mark')];
    return {
      found: entities.every((e) => e.start >= 0),
      marks: marks.length,
      expected: entities.length,
      slicesOk: marks.every((m) => text.slice(Number(m.dataset.start), Number(m.dataset.end)) === m.textContent),
      labels: marks.map((m) => m.dataset.label).join(' '),
      titled: marks.every((m) => m.title.includes(m.dataset.label) && (m.getAttribute('aria-label') ?? '').includes(m.dataset.label)),
      scored: marks[0]?.dataset.score === '0.875' && marks[0].title.includes('۸۸٪'),
      valued: marks.map((m) => m.dataset.value ?? '').join(' | '),
      valueTitle: marks[2]?.title ?? '',
      whole: target.textContent === text,
      colours: new Set(marks.map((m) => getComputedStyle(m).backgroundColor)).size,
    };
  }, input);
  check('entities: offsets found in the sample text', ents.found);
  check('entities: one <mark> per valid entity, invalid ones skipped', ents.marks === ents.expected, `${ents.marks} marks, ${ents.expected} expected (${ents.labels})`);
  check('entities: every mark equals text.slice(start, end)', ents.slicesOk);
  check('entities: marks carry the label in title and aria-label', ents.titled);
  check('entities: a mark shows its score on hover (title, as a Persian percentage)', ents.scored);
  check('entities: a date and an amount show their value on hover, a malformed value none',
    ents.valued === ' |  | ۱۴۰۲/۱۲/۲۵ خورشیدی (2024-03-15) |  |  | ۳۵٬۰۰۰٬۰۰۰٬۰۰۰ USD |  |  |  | ' && ents.valueTitle.includes('مقدار: ۱۴۰۲/۱۲/۲۵'),
    `${ents.valued} / ${ents.valueTitle}`);
  check('entities: the text around the marks is unchanged', ents.whole);
  check('entities: each label has its own colour', ents.colours === new Set(ents.labels.split(' ')).size, `${ents.colours} colours for ${ents.labels}`);
  await page.locator('#entities-text').scrollIntoViewIfNeeded();
  await page.locator('#entities-heading').locator('xpath=..').screenshot({ path: path.join(ARTIFACTS, 'entities.png') });
  checkClean(since, 'entities');

  // -- a 100 KB article: off the main thread, and a newer request wins
  since = mark();
  let big = '';
  for (let i = 1; big.length < 100_000; i++) big += `بخش ${i}. ${input}\n\n`;
  await page.fill('#input', big);
  const lag = await page.evaluate(async () => {
    const results = document.getElementById('results');
    document.getElementById('analyze').click();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 0));
    return { lag: performance.now() - t0, busy: results.dataset.state === 'busy' };
  });
  check('100 KB: the page stays responsive while the worker analyzes', lag.lag < 100, `${lag.lag.toFixed(1)} ms (busy: ${lag.busy})`);
  await page.waitForFunction(() => document.getElementById('results').dataset.state === 'done', null, { timeout: TIMEOUT });
  const bigTokens = await stat(page, 'stat-tokens');
  const bigChips = await chipMismatches(page);
  console.log(`#   ${big.length} chars: ${bigTokens} tokens, analysis ${await page.getAttribute('#stat-time', 'data-value')} ms, total ${await page.getAttribute('#stat-time', 'data-total')} ms`);
  check('100 KB: analyzed, chips limited and correct', bigTokens > bigChips.count && bigChips.count > 0 && bigChips.badCount === 0, JSON.stringify(bigChips));
  check('100 KB: a "show all" button is offered', (await page.locator('#tokens-more button').count()) === 1);
  // Stale results: start a long analysis, then a short one at once.
  await page.fill('#input', big);
  await page.click('#analyze');
  await page.fill('#input', 'سلام دنیا. این جملهٔ دوم است.');
  const c = await analyze(page);
  const after = await chipMismatches(page);
  check('stale: only the newest request is shown', c.state === 'done' && after.badCount === 0 && after.count === (await stat(page, 'stat-tokens')), JSON.stringify(after));
  check('stale: the entity view shows the newest text', (await page.textContent('#entities-text')) === 'سلام دنیا. این جملهٔ دوم است.');
  checkClean(since, '100 KB');

  // -- phone width
  since = mark();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.fill('#input', input);
  await analyze(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check('phone: no horizontal scrolling at 390 px', overflow <= 0, `${overflow} px too wide`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-mobile.png'), fullPage: true });
  checkClean(since, 'phone');

  // -- an engine that fails to load is reported in the page
  since = mark();
  const broken = await context.newPage();
  watchPage(broken);
  await broken.route('**/pkg/parsi_bg.wasm', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken on purpose' }));
  expectedConsoleError = /status of 500|parsi_bg\.wasm/;
  await broken.goto(ORIGIN + '/', { waitUntil: 'load' });
  await broken.waitForSelector('html[data-app="ready"]');
  await broken.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
  const err = `${await broken.textContent('#error-text')} | ${await broken.textContent('#error-detail')}`;
  check('broken engine: a clear error message is shown', /بارگذاری موتور تحلیل ممکن نشد/.test(err) && /500/.test(err), err);
  await broken.click('#analyze');
  await broken.waitForFunction(() => document.getElementById('results').dataset.state === 'error', null, { timeout: TIMEOUT });
  check('broken engine: analyzing shows the error, not results', await broken.isHidden('#results') && await broken.isVisible('#error'));
  await broken.screenshot({ path: path.join(ARTIFACTS, 'error.png') });
  expectedConsoleError = null;
  await broken.close();
  checkClean(since, 'broken engine');

  const own = requests.filter((u) => ownOrigin(u)).length;
  console.log(`#   ${requests.length} requests seen by the browser (${own} to ${ORIGIN}), ${served.length} served`);
  check('network: the browser requested the wasm through the test server', served.some((s) => s.path === '/pkg/parsi_bg.wasm' && s.status === 200));
  check('network: nothing requested outside the test server, ever', foreign.length === 0, foreign.join('\n'));
}

let code;
try {
  await main();
} catch (e) {
  failed++;
  console.log(`FAIL - unexpected error: ${e?.stack ?? e}`);
  code = 1;
} finally {
  if (consoleWarnings.length) console.log(`# console warnings:\n#   ${consoleWarnings.join('\n#   ')}`);
  await context?.close().catch(() => {});
  server.close();
  await fsp.rm(profile, { recursive: true, force: true }).catch(() => {});
}
console.log(`# screenshots in ${path.relative(process.cwd(), ARTIFACTS) || '.'}/`);
finish(code);
