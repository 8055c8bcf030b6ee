//! `parsi train ner`: trains the entity recognizer on PEYMA train and writes
//! the model. Deterministic: the same data gives the same bytes (fixed seed,
//! sorted iteration, no hash-map order in the output).
//!
//! The gold tokens of each sentence are joined with spaces and run through
//! [`parsi::analyze`], exactly as a user's text would be, and the gold tags are
//! moved onto the analyzer's tokens by char offsets; so the model learns on the
//! normalized tokens it will see at run time (`سازمان های` → `سازمان‌های`).
//!
//! Gazetteer features of training entities are jackknifed: a sentence sees
//! the entities of the other folds only, so the model learns how far to trust
//! a match on names it has not seen; the shipped gazetteer has them all.
//!
//! Each token's part-of-speech code (UPOS of its first and last UD word) comes
//! from the embedded tagger, as at run time; the model records the tagger's
//! fingerprint, so retrain after `parsi train pos`.
//!
//! Two passes: the first model tags the unlabeled news; spans it tags as
//! PER/LOC/ORG at least twice, nearly always with one label, become a
//! gazetteer category for the second. Each pass averages three perceptrons
//! trained on different shuffles, each hiding a tenth of every sentence's
//! features at random in every epoch (dropout: more recall, +0.2 F1).
//!
//! Measured on PEYMA dev and left off: ParsTwiNER as (partial) training data
//! (−2 F1), a 20-fold jackknife, entity-rate bins on the training gazetteer,
//! per-label score boosts; and, with the part-of-speech features: five bags
//! instead of three (−0.7), five bags of six epochs (−0.4), fourteen epochs
//! (−0.3), a third pass (−0.6), an auto threshold of 3 (−0.7), keeping
//! weights down to 300 (−0.3, 2.4 times the size) or only from 2000 (−1.5),
//! a gazetteer of words seen after place heads in the news (`شهرستان X`,
//! −0.8), part of speech × distance to the head × next part of speech
//! (−0.2), ±2 clusters (−0.1), the head word with the noun phrase it opens
//! (−0.2), commas not ending a head's reach (±0), more date rules
//! (`۱۹۰۸ میلادی`, `تابستان ۱۹۰۳`: DAT −1.9), 25 % dropout (−0.5), hiding
//! the word's own features three times as often (−0.3). Another shuffle
//! seed moves F1 by up to ±0.8, so most of these were measured on two seeds.

use crate::ner_data::{read_gold, text_of, tokens_only, Format, GoldSentence};
use crate::read;
use parsi::ner::features::{cat, Extractor, Gazetteer};
use parsi::ner::train::{Sequence, TrainOptions};
use parsi::ner::{allowed, spans, Label, Recognizer, N_TAGS, START};
use parsi::{AnalyzeOptions, Analyzer};
use rustc_hash::FxHashMap;
use serde_json::json;
use std::path::Path;
use std::time::Instant;

/// Training options (the committed model's are [`OPTIONS`]).
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the shuffles (and of the dropout).
    pub seed: u64,
    /// Folds of the jackknifed training-entity gazetteer.
    pub folds: usize,
    /// Quantized weights with a smaller magnitude are dropped.
    pub min_weight: i32,
    /// Second pass: spans the first model tags this often in the unlabeled
    /// text become a gazetteer (0: no second pass).
    pub auto_min_count: u32,
    /// Training passes; each after the first uses the entities the previous
    /// model found in the unlabeled text.
    pub passes: usize,
    /// Train on ParsTwiNER's PER/LOC/ORG too.
    pub tweets: bool,
    /// Train on NSURL-2019 600K too, but for its held-out tenth of documents
    /// (on by default; `--no-nsurl` for PEYMA train alone).
    pub nsurl: bool,
    /// Models averaged (each on its own shuffle).
    pub bags: usize,
    /// Per mille of the features hidden at random from each training
    /// sentence in each epoch (dropout: the model cannot lean on any one).
    pub dropout: u64,
    /// Score each epoch's and pass's model on PEYMA dev and print it
    /// (slower; the model is the same).
    pub dev: bool,
    /// Add the dense model ([`crate::train_dense`]; on by default,
    /// `--no-dense` for the linear model alone).
    pub dense: bool,
}

/// The options of the committed model.
pub const OPTIONS: Options = Options {
    epochs: 10,
    seed: 0x5EED_4E45_5201,
    folds: 10,
    min_weight: 1000,
    auto_min_count: 2,
    passes: 2,
    tweets: false,
    nsurl: true,
    bags: 3,
    dropout: 100,
    dev: false,
    dense: true,
};

/// One training sequence: normalized tokens of one analyzed sentence and tags.
pub struct Example {
    pub words: Vec<String>,
    /// Part-of-speech code of each token ([`parsi::ner::pos_code`]).
    pub pos: Vec<u16>,
    pub tags: Vec<u8>,
    /// Only PER, LOC and ORG are annotated (ParsTwiNER): an `O` may be any
    /// other label.
    pub partial: bool,
}

/// Moves the gold tags onto the analyzer's tokens, per analyzed sentence.
pub fn align(base: &Analyzer, s: &GoldSentence, opts: &AnalyzeOptions) -> Vec<Example> {
    let (text, ranges) = text_of(&s.tokens);
    let Ok(doc) = base.analyze(&text, opts) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for sent in &doc.sentences {
        let mut ex = Example {
            words: Vec::new(),
            pos: Vec::new(),
            tags: Vec::new(),
            partial: false,
        };
        for t in &doc.tokens[sent.token_start..sent.token_end] {
            let cs = t.span.char_start;
            let g = ranges.partition_point(|r| r.1 <= cs);
            let tag = match ranges.get(g) {
                Some(&(a, _)) if a <= cs => {
                    let gt = s.tags[g];
                    match parsi::ner::tag_label(gt) {
                        None => 0,
                        Some(l) if cs == a && !parsi::ner::is_inside(gt) => l.begin(),
                        Some(l) => l.inside(),
                    }
                }
                _ => 0,
            };
            ex.words.push(doc.norm(t).to_string());
            ex.tags.push(tag);
        }
        // An entity cut by a sentence break opens again.
        let mut prev = START;
        for t in ex.tags.iter_mut() {
            if !allowed(prev, *t as usize) {
                *t -= 1;
            }
            prev = *t as usize;
        }
        let mut buf = parsi::ner::PosBuffers::default();
        parsi::ner::token_pos(
            base.tagger(),
            base.resources(),
            &ex.words,
            &mut buf,
            &mut ex.pos,
        );
        if !ex.words.is_empty() {
            out.push(ex);
        }
    }
    out
}

/// The normalized tokens of a gazetteer entry.
fn entry_words(entry: &str) -> Result<Vec<String>, String> {
    let doc = crate::base_models()?
        .analyze(entry, &tokens_only())
        .map_err(|e| format!("{entry:?}: {e}"))?;
    Ok(doc.tokens.iter().map(|t| doc.norm(t).to_string()).collect())
}

const MONTHS: &str = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند \
    ژانویه فوریه مارس آوریل مه می ژوئن ژوئیه جولای اوت آگوست سپتامبر اکتبر نوامبر دسامبر \
    محرم صفر ربیع‌الاول ربیع‌الثانی جمادی‌الاول جمادی‌الثانی رجب شعبان رمضان شوال ذی‌القعده ذی‌الحجه";
const NUMBERS: &str = "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده \
    شانزده هفده هجده نوزده بیست سی چهل پنجاه شصت هفتاد هشتاد نود صد یکصد دویست سیصد چهارصد \
    پانصد ششصد هفتصد هشتصد نهصد هزار میلیون میلیارد بیلیون تریلیون نیم ربع یکهزار \
    اول یکم دوم سوم چهارم پنجم ششم هفتم هشتم نهم دهم یازدهم دوازدهم سیزدهم چهاردهم پانزدهم \
    شانزدهم هفدهم هجدهم هیجدهم نوزدهم بیستم سی‌ام سیام";
const CURRENCY: &str = "ریال تومان دلار یورو پوند درهم دینار ین یوآن روبل لیر فرانک سکه ریالی \
    تومانی دلاری یورویی";
const PERCENT: &str = "درصد درصدی % ٪";
const TIME: &str = "ساعت صبح ظهر عصر شب بامداد شامگاه سحر دقیقه امشب دیشب امروز دیروز فردا \
    نیمه‌شب صبحگاه ثانیه";
const DATE: &str = "روز سال ماه هفته شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه پنج‌شنبه جمعه \
    قرن دهه شمسی قمری میلادی هجری";
const TITLES: &str = "آقای آقا خانم دکتر مهندس استاد سردار سرلشکر سرتیپ سرهنگ آیت‌الله \
    حجت‌الاسلام حجت‌الاسلام‌والمسلمین آیت‌الله‌العظمی شهید امام حضرت سید حاج رئیس وزیر \
    سخنگوی نماینده مدیرعامل معاون دبیر سفیر رییس";
const SAYING: &str = "گفت افزود اظهار کرد اعلام تصریح خاطرنشان یادآور گفته افزوده عنوان \
    تاکید تأکید";
const ORG_HEADS: &str = "سازمان وزارت شرکت دانشگاه بانک خبرگزاری مجلس شورای ستاد اداره \
    انجمن باشگاه حزب کمیته کمیسیون بنیاد موسسه مؤسسه مرکز دفتر نیروی سپاه ارتش دادگاه \
    روزنامه شبکه تیم فدراسیون اتحادیه جامعه هیئت هیات دانشکده پژوهشگاه فرمانداری استانداری \
    شهرداری قوه دیوان کانون گروه پایگاه دولت پلیس معاونت مجمع رژیم اتاق کارگروه جمعیت \
    فصلنامه فراکسیون نشریه سایت دبیرخانه یگان صندوق گمرک جبهه سامانه سفارت پارلمان تیپ \
    گردان لشکر لشگر قرارگاه مجله هفته‌نامه ماهنامه سندیکا کنفدراسیون آژانس نهاد کارخانه \
    پژوهشکده بیمارستان آکادمی جنبش سازمان‌های وزارتخانه شرکت‌های بانک‌های تیم‌های \
    دانشگاه‌های باشگاه‌های";
const LOC_HEADS: &str = "استان شهر شهرستان کشور روستای بخش منطقه خیابان میدان بزرگراه \
    جزیره دریای کوه رود رودخانه بندر خلیج ورزشگاه فرودگاه شهرک ایالت سالن تالار موزه قلعه \
    دریاچه هتل کاخ استادیوم محله ایستگاه پردیس تالاب مجتمع استان‌های شهرهای کشورهای جاده \
    بلوار کوچه پل";

/// The sentences of the PEYMA file `file` of the data folder.
pub(crate) fn read_peyma(data: &Path, file: &str) -> Result<Vec<GoldSentence>, String> {
    read_gold(&read(&data.join(file))?, Format::Peyma).map_err(|e| format!("{file}: {e}"))
}

/// The gazetteer of everything but training entities: name and place lists, cue words.
fn base_gazetteer(data: &Path) -> Result<Gazetteer, String> {
    let mut g = Gazetteer::default();
    for (file, c) in [
        ("gazetteers/per_first.txt", cat::PER_FIRST),
        ("gazetteers/per_last.txt", cat::PER_LAST),
        ("gazetteers/per_full.txt", cat::PER_FULL),
        ("gazetteers/loc_country.txt", cat::COUNTRY),
        ("gazetteers/loc_region.txt", cat::REGION),
        ("gazetteers/loc_world_city.txt", cat::CITY),
    ] {
        for line in read(&data.join(file))?.lines() {
            let line = line.trim();
            if !line.is_empty() {
                g.insert(&entry_words(line)?, 1u64 << c);
            }
        }
    }
    // Entities of ParsTwiNER train (its dev is an evaluation set), for the
    // labels it annotates like PEYMA.
    let file = "parstwiner/train.txt";
    for s in read_gold(&read(&data.join(file))?, Format::Iob).map_err(|e| format!("{file}: {e}"))? {
        for (l, r) in spans(&s.tags) {
            let c = match l {
                Label::Per => cat::TW_PER,
                Label::Loc => cat::TW_LOC,
                Label::Org => cat::TW_ORG,
                _ => continue,
            };
            let mut words = Vec::new();
            for t in &s.tokens[r] {
                words.extend(entry_words(t)?);
            }
            g.insert(&words, 1u64 << c);
        }
    }
    for (list, c) in [
        (MONTHS, cat::MONTH),
        (NUMBERS, cat::NUMBER),
        (CURRENCY, cat::CURRENCY),
        (PERCENT, cat::PERCENT),
        (TIME, cat::TIME),
        (DATE, cat::DATE_WORD),
        (TITLES, cat::TITLE),
        (SAYING, cat::SAYING),
        (ORG_HEADS, cat::ORG_HEAD),
        (LOC_HEADS, cat::LOC_HEAD),
    ] {
        for w in list.split_whitespace() {
            g.insert(&entry_words(w)?, 1u64 << c);
        }
    }
    Ok(g)
}

const UNLABELED: &str = "unlabeled/news-fars-varzesh3-namnak.txt";

fn key_of(words: &[String]) -> u32 {
    let mut scratch = Vec::new();
    let h: Vec<u64> = words
        .iter()
        .map(|w| parsi::ner::features::word_hash(w, &mut scratch))
        .collect();
    parsi::ner::features::span_key(&h)
}

/// PER, LOC and ORG spans that `rec` tags at least `auto_min_count` times in
/// the unlabeled text, nearly always with one label, as gazetteer entries.
fn auto_entities(
    base: &Analyzer,
    rec: &Recognizer,
    text: &str,
    opts: &Options,
) -> Vec<(Vec<String>, u64)> {
    let mut counts: FxHashMap<Vec<String>, [u32; 3]> = FxHashMap::default();
    let mut buf = parsi::ner::NerBuffers::default();
    let mut tags = Vec::new();
    let analyze_opts = tokens_only();
    for line in text.lines() {
        let Ok(doc) = base.analyze(line, &analyze_opts) else {
            continue;
        };
        for s in &doc.sentences {
            let words: Vec<&str> = doc.tokens[s.token_start..s.token_end]
                .iter()
                .map(|t| doc.norm(t))
                .collect();
            rec.tag(base.tagger(), base.resources(), &words, &mut buf, &mut tags);
            for (l, r) in spans(&tags) {
                if (l as usize) < 3 && r.len() <= parsi::ner::features::MAX_SPAN {
                    let key: Vec<String> = words[r].iter().map(|w| w.to_string()).collect();
                    counts.entry(key).or_default()[l as usize] += 1;
                }
            }
        }
    }
    let mut out: Vec<(Vec<String>, u64)> = counts
        .into_iter()
        .filter_map(|(words, c)| {
            let total: u32 = c.iter().sum();
            let (best, n) = c.iter().enumerate().max_by_key(|&(i, n)| (*n, 3 - i))?;
            (total >= opts.auto_min_count && *n as f64 >= 0.8 * total as f64)
                .then(|| (words, 1u64 << (cat::AUTO + best as u32)))
        })
        .collect();
    out.sort();
    out
}

fn add_entities(g: &mut Gazetteer, ex: &Example) {
    for (l, r) in spans(&ex.tags) {
        if r.len() > 1 && (l as u32) < 3 {
            for w in &ex.words[r.clone()] {
                g.insert(std::slice::from_ref(w), 1u64 << (cat::PART + l as u32));
            }
        }
        g.insert(&ex.words[r], 1u64 << l as u32);
    }
}

/// The features of every example, each with the gazetteer of its fold.
fn prepare(
    base: &Analyzer,
    examples: &[Example],
    gaz: &dyn Fn(usize) -> usize,
    gazs: &[Gazetteer],
    partial_gazs: &[Gazetteer],
) -> Vec<Sequence> {
    let mut ex = Extractor::default();
    examples
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let g = if e.partial { partial_gazs } else { gazs };
            ex.extract(base.resources(), &e.words, &e.pos, &g[gaz(i)]);
            Sequence {
                keys: ex.keys.clone(),
                ends: ex.ends.clone(),
                tags: e.tags.clone(),
                partial: e.partial,
            }
        })
        .collect()
}

/// Trains on `examples` with the library's trainer ([`parsi::ner::train`])
/// and returns the quantized recognizer (with `full` as its gazetteer);
/// `report` gets each epoch's model when `opts.dev` is on.
fn train(
    base: &Analyzer,
    examples: &[Example],
    folds: &[Gazetteer],
    full: Gazetteer,
    opts: &Options,
    mut report: impl FnMut(usize, &Recognizer),
) -> Recognizer {
    let k = folds.len();
    // Tweets do not see the ParsTwiNER gazetteer (it holds their own entities).
    let tw = 1u64 << cat::TW_PER | 1u64 << cat::TW_LOC | 1u64 << cat::TW_ORG;
    let partial_folds: Vec<Gazetteer> = folds
        .iter()
        .map(|g| Gazetteer {
            map: g.map.iter().map(|(&k, &m)| (k, m & !tw)).collect(),
        })
        .collect();
    let data = prepare(base, examples, &|i| i % k, folds, &partial_folds);
    let labels: Vec<String> = Label::ALL.iter().map(|l| l.as_str().to_string()).collect();
    // ParsTwiNER annotates PER, LOC and ORG only: its `O` may be any other label.
    let free_in_partial = (0..N_TAGS as u8)
        .map(|t| parsi::ner::tag_label(t).is_some_and(|l| l as u8 >= 3))
        .collect();
    let train_opts = TrainOptions {
        epochs: opts.epochs,
        seed: opts.seed,
        bags: opts.bags,
        dropout: opts.dropout,
        free_in_partial,
    };
    let avg = parsi::ner::train::train(&data, labels.len(), &train_opts, &mut |epoch, acc, p| {
        eprintln!("epoch {epoch}: training token accuracy {acc:.4}");
        if epoch < opts.epochs && opts.dev {
            let r = parsi::ner::train::recognizer(
                labels.clone(),
                &p.averaged(),
                opts.min_weight,
                full.clone(),
                base.fingerprints(),
            );
            report(epoch, &r);
        }
    });
    parsi::ner::train::recognizer(labels, &avg, opts.min_weight, full, base.fingerprints())
}

/// Retrains the recognizer with `opts` (see [`OPTIONS`]). `fraction` < 1
/// keeps only the first part of PEYMA train (for a learning curve).
pub fn run(data: &Path, out: &Path, opts: &Options, fraction: f64) -> Result<(), String> {
    let t0 = Instant::now();
    let analyzer = crate::base_models()?;
    let mut gold = read_peyma(data, "peyma/train.txt")?;
    if fraction < 1.0 {
        gold.truncate((gold.len() as f64 * fraction).round() as usize);
    }
    if opts.nsurl {
        let (train, held) = crate::ner_data::read_nsurl(data)?;
        eprintln!(
            "NSURL-2019: {} sentences to train on, {} held out",
            train.len(),
            held.len()
        );
        gold.extend(train);
    }
    let examples: Vec<Example> = gold
        .iter()
        .flat_map(|s| align(analyzer, s, &tokens_only()))
        .collect();
    let tokens: usize = examples.iter().map(|e| e.words.len()).sum();
    eprintln!(
        "training on {} sentences ({} analyzed), {tokens} tokens",
        gold.len(),
        examples.len()
    );
    let mut examples = examples;
    if opts.tweets {
        let file = "parstwiner/train.txt";
        let tweets =
            read_gold(&read(&data.join(file))?, Format::Iob).map_err(|e| format!("{file}: {e}"))?;
        for s in tweets {
            for mut e in align(analyzer, &s, &tokens_only()) {
                e.partial = true;
                examples.push(e);
            }
        }
    }
    let base = base_gazetteer(data)?;
    let k = opts.folds.clamp(1, 64);
    let mut folds = vec![base.clone(); k];
    let mut full = base;
    for (i, e) in examples.iter().enumerate() {
        if e.partial {
            continue;
        }
        add_entities(&mut full, e);
        for (f, g) in folds.iter_mut().enumerate() {
            if k == 1 || i % k != f {
                add_entities(g, e);
            }
        }
    }
    let dev = if opts.dev {
        read_peyma(data, "peyma/dev.txt")?
    } else {
        Vec::new()
    };
    let report = |epoch: usize, r: &Recognizer| match crate::eval_ner::score(r, &dev) {
        Ok(s) => eprintln!("  epoch {epoch}: dev F1 {:.2}", 100.0 * s.f1()),
        Err(e) => eprintln!("  epoch {epoch}: {e}"),
    };
    let mut rec = train(analyzer, &examples, &folds, full.clone(), opts, report);
    // Which folds' training entities each span is: a fold does not see an
    // auto entry that only its own sentences could have taught the model.
    let mut fold_of: FxHashMap<u32, u64> = FxHashMap::default();
    for (i, e) in examples.iter().enumerate() {
        for (_, r) in spans(&e.tags) {
            *fold_of.entry(key_of(&e.words[r])).or_default() |= 1 << (i % k);
        }
    }
    let unlabeled = if opts.auto_min_count > 0 && opts.passes > 1 {
        read(&data.join(UNLABELED))?
    } else {
        String::new()
    };
    for pass in 1..opts.passes {
        if !dev.is_empty() {
            eprintln!(
                "pass {pass}: dev F1 {:.2}",
                100.0 * crate::eval_ner::score(&rec, &dev)?.f1()
            );
        }
        let auto = auto_entities(analyzer, &rec, &unlabeled, opts);
        eprintln!("{} entities found in the unlabeled text", auto.len());
        let (mut folds, mut full) = (folds.clone(), full.clone());
        for (words, mask) in &auto {
            let from = fold_of.get(&key_of(words)).copied().unwrap_or(0);
            for (f, g) in folds.iter_mut().enumerate() {
                if k == 1 || from != 1 << f {
                    g.insert(words, *mask);
                }
            }
            full.insert(words, *mask);
        }
        rec = train(analyzer, &examples, &folds, full, opts, report);
    }
    if opts.dense {
        rec = crate::train_dense::attach(data, rec, &examples, &crate::train_dense::options())?;
    }
    let bytes = rec.to_bytes();
    let back = crate::write_model(out, &bytes, Recognizer::from_bytes, Recognizer::to_bytes)?;
    let mut summary = json!({
        "model": out.display().to_string(),
        "bytes": bytes.len(),
        "features": back.weights.len(),
        "gazetteer": back.gazetteer.map.len(),
        "train_sentences": gold.len(),
        "train_tokens": tokens,
        "seconds": (t0.elapsed().as_secs_f64() * 10.0).round() / 10.0,
    });
    if !dev.is_empty() {
        summary["dev_f1"] = json!(crate::eval_ner::score(&back, &dev)?.f1());
    }
    crate::out!("{summary}");
    Ok(())
}
