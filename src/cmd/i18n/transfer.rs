//! `imrf i18n export` and `import`: the round trip through a CAT tool. Export writes one PO file
//! per language (every translatable segment of every page and data file, stale ones fuzzy with
//! their old source text); import validates every entry first (the segment exists, its source
//! has not moved on, the translation keeps the source's links, emphasis and code) and writes the
//! translations back into the Markdown and YAML files only when nothing is wrong.

use super::{load_site, translated_language};
use crate::cmd::{emit, EXIT_SITE_ERRORS};
use crate::content::records::Records;
use crate::content::Site;
use crate::i18n::po::{self, Entry};
use crate::i18n::segments::{lost_markup, normalize, unsafe_text, Kind};
use crate::i18n::write::{self, DataEdit};
use crate::i18n::{self, data, old_texts, xliff, Lined, OldTexts, State};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Exchange formats for CAT tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Exchange {
    /// GNU gettext PO.
    #[default]
    Po,
    /// XLIFF 1.2 (Trados, memoQ, Phrase…), with Markdown as protected inline codes.
    Xliff,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExportOptions {
    /// Language code of the translations.
    pub lang: String,
    #[arg(long, value_enum, default_value_t = Exchange::Po)]
    pub format: Exchange,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn export(opts: &ExportOptions) -> i32 {
    let Some(site) = load_site(&opts.root, true) else {
        return EXIT_SITE_ERRORS;
    };
    if let Err(e) = translated_language(&site, &opts.lang) {
        eprintln!("error: {e}");
        return EXIT_SITE_ERRORS;
    }
    let name = site.config.language(&opts.lang).map_or(opts.lang.clone(), |l| l.name.clone());
    let entries = export_entries(&site, &opts.lang);
    let text = match opts.format {
        Exchange::Po => po::write(&site.config.title, &opts.lang, &name, &entries),
        Exchange::Xliff => xliff::write(&site.config.title, &site.config.default_language, &opts.lang, &entries),
    };
    match &opts.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return EXIT_SITE_ERRORS;
            }
            let fuzzy = entries.iter().filter(|e| e.fuzzy).count();
            let untranslated = entries.iter().filter(|e| e.translation.is_empty()).count();
            eprintln!(
                "wrote {}: {} entries ({fuzzy} fuzzy, {untranslated} untranslated)",
                path.display(),
                entries.len()
            );
        }
        None => emit(&text),
    }
    0
}

/// What an exported entry records of the translation it was exported against (a hash of it,
/// `-` when there was none): an import of the entry after the translation changed in the files
/// would undo newer work, and is refused.
const BASE: &str = "imrf-base: ";

fn base_comment(translation: &str) -> String {
    let hash = if translation.is_empty() {
        "-".to_string()
    } else {
        crate::hash::short_hash(normalize(translation).as_bytes())
    };
    format!("{BASE}{hash}")
}

/// How an entry stands against the translation the files hold now.
#[derive(Debug, PartialEq, Eq)]
enum Base {
    /// Exported against what the files hold (or it records no base: an older export, or one made
    /// by hand, is not judged), or it brings what they hold: it may go in.
    Current,
    /// The files changed since the export, and the entry is as it was exported (nobody touched
    /// it): importing it would undo the newer translation, so it is left out.
    Outdated,
    /// The files changed since the export, and so did the entry: two edits of one translation.
    Conflict,
}

fn base_of(e: &Entry, current: Option<&str>, translation: &str) -> Base {
    let Some(base) = e.comments.iter().find_map(|c| c.strip_prefix(BASE)).map(str::trim) else {
        return Base::Current;
    };
    let now = current.map(normalize).unwrap_or_default();
    let hash = |text: &str| base_comment(text)[BASE.len()..].to_string();
    if base == hash(&now) || normalize(translation) == now {
        Base::Current
    } else if base == hash(translation) {
        Base::Outdated
    } else {
        Base::Conflict
    }
}

/// One entry per translatable segment of every page, then per data text.
fn export_entries(site: &Site, lang: &str) -> Vec<Entry> {
    let mut old = OldTexts::new(site);
    let mut entries = Vec::new();
    for source in site.sources() {
        let lined = i18n::line_up(site, source, lang);
        for (s, state, counterpart) in lined.segments() {
            let mut comments = vec![s.kind.name().to_string()];
            comments.extend(s.note.clone());
            comments.extend(i18n::glossary::comments(site, &s.text, lang));
            let mut e = Entry {
                comments,
                references: vec![format!("{}:{}", source.file, s.line)],
                context: Some(i18n::context(&source.file, s)),
                id: s.text.clone(),
                ..Entry::default()
            };
            let current = counterpart.map(|c| c.text.clone()).unwrap_or_default();
            e.comments.push(base_comment(&current));
            match state {
                State::Translated => e.translation = current,
                State::Stale { old: hash } => {
                    e.fuzzy = true;
                    e.translation = current;
                    e.previous = hash.and_then(|h| old.text(source, &h));
                    if e.previous.is_none() {
                        e.comments
                            .push("the source changed since this was translated (its old text is not known)".into());
                    }
                }
                // A text in place but never recorded as translated: offered for review.
                State::Missing if !current.is_empty() && current != s.text => {
                    e.fuzzy = true;
                    e.translation = current;
                }
                State::Missing => {}
            }
            entries.push(e);
        }
    }
    let default = &site.config.default_language;
    for t in data::texts(site).into_iter().filter(|t| t.needed(lang)) {
        let text = site.data.sources.get(&t.file).map_or("", String::as_str);
        let line = t.line(site);
        let current = t.translation(lang).map(normalize).unwrap_or_default();
        let mut comments = vec!["data file text".to_string()];
        comments.extend(data::notes(text, line));
        comments.extend(i18n::glossary::comments(site, &t.source(default), lang));
        comments.push(base_comment(&current));
        let mut e = Entry {
            comments,
            references: vec![format!("{}:{line}", t.file)],
            context: Some(t.context()),
            id: normalize(&t.source(default)),
            translation: current,
            ..Entry::default()
        };
        if let State::Stale { old: hash } = t.state(site, lang) {
            e.fuzzy = true;
            e.previous = hash.and_then(|h| old.data_text(&t, &h));
            if e.previous.is_none() {
                e.comments.push("the source changed since this was translated (its old text is not known)".into());
            }
        }
        entries.push(e);
    }
    entries
}

#[derive(Debug, Clone, clap::Args)]
pub struct ImportOptions {
    /// Language code of the translations.
    pub lang: String,
    /// The PO or XLIFF file, as a CAT tool saved it (XLIFF is recognized by its content).
    pub file: PathBuf,
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Import entries even where the translation changed in the files since the PO file was
    /// exported (which undoes that change).
    #[arg(long)]
    pub force: bool,
}

/// Where a PO entry's translation goes.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// The `segment`-th segment (fields then blocks) of the `page`-th source page.
    Page { page: usize, segment: usize },
    /// The `n`-th data text.
    Data(usize),
}

/// What an import found in a PO file, before anything is written.
#[derive(Default)]
struct Plan {
    /// Per source page (by its index), the translations by segment.
    pages: BTreeMap<usize, BTreeMap<usize, String>>,
    /// Per data file, its edits.
    data: BTreeMap<String, Vec<DataEdit>>,
    errors: Vec<String>,
    warnings: Vec<String>,
    skipped_fuzzy: usize,
    skipped_empty: usize,
    /// Entries that say what the files say already.
    unchanged: usize,
    /// Translated entries that name no segment of the site (skipped).
    unmatched: usize,
    /// Entries without a context, matched by their source text (and reference).
    matched_by_text: usize,
    /// Untouched entries of an export older than the files' translation (left out).
    outdated: usize,
}

pub fn import(opts: &ImportOptions) -> i32 {
    let Some(site) = load_site(&opts.root, true) else {
        return EXIT_SITE_ERRORS;
    };
    if let Err(e) = translated_language(&site, &opts.lang) {
        eprintln!("error: {e}");
        return EXIT_SITE_ERRORS;
    }
    let shown = opts.file.display().to_string();
    let text = match std::fs::read_to_string(&opts.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {shown}: {e}");
            return EXIT_SITE_ERRORS;
        }
    };
    let parsed = match xliff::looks_like_xml(&text) {
        true => xliff::parse(&text),
        false => po::parse(&text),
    };
    let entries = match parsed {
        Ok(e) => e,
        Err((line, message)) => {
            eprintln!("{shown}:{line}: error: {message}");
            return EXIT_SITE_ERRORS;
        }
    };
    let sources: Vec<_> = site.sources().collect();
    let lined: Vec<Lined<'_>> = sources.iter().map(|s| i18n::line_up(&site, s, &opts.lang)).collect();
    let texts = data::texts(&site);
    let plan = plan(&site, &opts.lang, &shown, &entries, &lined, &texts, opts.force);
    for w in &plan.warnings {
        eprintln!("{w}");
    }
    // Every problem as its line: the plan's are written with their PO line already.
    let shown_error = |e: write::Error| format!("error: {e}");
    let files = match plan.errors.is_empty() {
        true => files_to_write(&site, &opts.lang, &plan, &lined, &texts)
            .map_err(|es| es.into_iter().map(shown_error).collect()),
        false => Err(plan.errors.clone()),
    };
    let committed =
        |f: Vec<(String, Option<String>)>| write::commit(&site.root, &f).map(|()| f).map_err(|e| vec![shown_error(e)]);
    let files = match files.and_then(committed) {
        Ok(files) => files,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("error: nothing was imported ({} error(s))", errors.len());
            return EXIT_SITE_ERRORS;
        }
    };
    let imported: usize =
        plan.pages.values().map(BTreeMap::len).sum::<usize>() + plan.data.values().map(Vec::len).sum::<usize>();
    // Translations written; the records and the store of old texts are not counted.
    let records = format!("content/{}.yaml", crate::content::data::TRANSLATIONS);
    let changed = files.iter().filter(|(f, _)| !f.starts_with(old_texts::STORE) && *f != records).count();
    let by_text = match plan.matched_by_text {
        0 => String::new(),
        n => format!(" ({n} matched by their source text, having no msgctxt)"),
    };
    println!(
        "imported {imported} translation(s) into {changed} file(s){by_text}; {} unchanged; skipped {} fuzzy, {} untranslated and {} matching no segment",
        plan.unchanged, plan.skipped_fuzzy, plan.skipped_empty, plan.unmatched
    );
    if plan.outdated > 0 {
        println!(
            "left out {} entries this file brings as they were exported, whose translation changed in the files since (newer work is kept)",
            plan.outdated
        );
    }
    // Entries that were translated but matched nothing, and nothing came of the file: say so.
    if plan.unmatched > 0 && imported == 0 && plan.unchanged == 0 {
        eprintln!("error: nothing was imported: {} translated entries match no segment of this site", plan.unmatched);
        return EXIT_SITE_ERRORS;
    }
    0
}

/// Reads every entry against the site: where its translation goes, and whether it may go there.
fn plan(
    site: &Site,
    lang: &str,
    po: &str,
    entries: &[Entry],
    lined: &[Lined<'_>],
    texts: &[data::DataText<'_>],
    force: bool,
) -> Plan {
    let mut targets: HashMap<String, Target> = HashMap::new();
    // Source text → the segments that have it, with their file: what an entry that lost its
    // `msgctxt` (a round trip through XLIFF tools drops it) is matched by.
    let mut by_text: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (page, l) in lined.iter().enumerate() {
        for (segment, s) in l.src.all().enumerate().filter(|(_, s)| s.translatable) {
            let context = i18n::context(&l.source.file, s);
            by_text.entry(normalize(&s.text)).or_default().push((l.source.file.clone(), context.clone()));
            targets.insert(context, Target::Page { page, segment });
        }
    }
    let default = &site.config.default_language;
    for (n, t) in texts.iter().enumerate() {
        by_text.entry(normalize(&t.source(default))).or_default().push((t.file.clone(), t.context()));
        targets.insert(t.context(), Target::Data(n));
    }
    let mut plan = Plan::default();
    // One entry per segment: a second one would make the last one win, unseen.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for e in entries {
        let at = |severity: &str, message: String| format!("{po}:{}: {severity}: {message}", e.line);
        if let Some(context) = e.context.as_deref().filter(|c| !c.is_empty() && !e.id.is_empty()) {
            if let Some(first) = seen.insert(context, e.line) {
                plan.errors.push(at("error", format!("a second entry for `{context}` (the first is at line {first})")));
                continue;
            }
        }
        if e.id.is_empty() {
            if let Some(code) = po::header_field(e, "Language").filter(|c| !c.is_empty() && !po::is_for(c, lang)) {
                plan.errors.push(at("error", format!("this PO file is for `{code}`, not `{lang}`")));
            }
            continue;
        }
        if e.translation.trim().is_empty() {
            plan.skipped_empty += 1;
            continue;
        }
        if e.fuzzy {
            plan.skipped_fuzzy += 1;
            continue;
        }
        let named = e.context.clone().unwrap_or_default();
        let context = match targets.contains_key(&named) {
            true => named,
            false => match by_source_text(&by_text, e) {
                Ok(found) => {
                    plan.matched_by_text += 1;
                    found
                }
                Err(why) => {
                    plan.unmatched += 1;
                    let what =
                        if named.is_empty() { "an entry without msgctxt".to_string() } else { format!("`{named}`") };
                    plan.warnings.push(at("warning", format!("{what} names no segment of this site{why} (skipped)")));
                    continue;
                }
            },
        };
        let target = targets[&context];
        let id = normalize(&e.id);
        let translation = normalize(&e.translation);
        let current = match target {
            Target::Page { page, segment } => current_translation(&lined[page], segment),
            Target::Data(n) => texts[n].translation(lang).map(str::to_string),
        };
        match base_of(e, current.as_deref(), &translation) {
            _ if force => {}
            Base::Current => {}
            Base::Outdated => {
                plan.outdated += 1;
                continue;
            }
            Base::Conflict => {
                let message = format!(
                    "the translation of `{context}` changed in the files since this file was exported, and in \
                     this file too: importing it would undo the change in the files (export again and redo it, \
                     or --force)"
                );
                plan.errors.push(at("error", message));
                continue;
            }
        }
        let outcome = match target {
            Target::Page { page, segment } => page_outcome(&lined[page], page, segment, &id, translation),
            Target::Data(n) => {
                let stale = matches!(texts[n].state(site, lang), State::Stale { .. });
                data_outcome(&texts[n], (default, lang), stale, &id, translation)
            }
        };
        match outcome {
            Outcome::Page(page, segment, text) => {
                plan.pages.entry(page).or_default().insert(segment, text);
            }
            Outcome::Data(file, edit) => plan.data.entry(file).or_default().push(edit),
            Outcome::Unchanged => plan.unchanged += 1,
            Outcome::SourceChanged => plan.warnings.push(at(
                "warning",
                format!("the source of `{context}` changed since this file was exported (skipped: export again)"),
            )),
            Outcome::Refused(problem) => {
                plan.errors.push(at("error", format!("the translation of `{context}` is refused: {problem}")))
            }
        }
    }
    plan
}

/// The context of the one segment whose source text is the entry's `msgid`, narrowed by the
/// entry's `#:` references (their files) when several have it; why not, when none or several.
fn by_source_text(by_text: &HashMap<String, Vec<(String, String)>>, e: &Entry) -> Result<String, String> {
    let candidates = by_text.get(&normalize(&e.id)).map(Vec::as_slice).unwrap_or_default();
    let files: Vec<&str> = e.references.iter().map(|r| r.rsplit_once(':').map_or(r.as_str(), |(f, _)| f)).collect();
    let narrowed: Vec<&(String, String)> = match candidates.len() {
        0 | 1 => candidates.iter().collect(),
        _ => candidates.iter().filter(|(file, _)| files.contains(&file.as_str())).collect(),
    };
    match (candidates.len(), narrowed.as_slice()) {
        (0, _) => Err(String::new()),
        (_, [(_, context)]) => Ok(context.clone()),
        (n, _) => Err(format!(": {n} segments have its source text and its reference does not tell which")),
    }
}

/// What one PO entry comes to.
enum Outcome {
    /// A translation for the `segment`-th segment of the `page`-th source page.
    Page(usize, usize, String),
    /// An edit of a data file.
    Data(String, DataEdit),
    /// What the files say already.
    Unchanged,
    /// Its source text is no longer the source's.
    SourceChanged,
    /// It loses what must survive.
    Refused(String),
}

/// The translation the files hold now of the `segment`-th segment of a lined-up page.
fn current_translation(l: &Lined<'_>, segment: usize) -> Option<String> {
    let s = l.src.all().nth(segment)?;
    l.segments().find(|(x, _, _)| std::ptr::eq(*x, s)).and_then(|(_, _, c)| c.map(|c| c.text.clone()))
}

/// Where the translation of a page segment (its source text `id`) goes, if it may.
fn page_outcome(l: &Lined<'_>, page: usize, segment: usize, id: &str, translation: String) -> Outcome {
    // The source moved on since the export: the same text may stand elsewhere in it.
    let found = l
        .src
        .all()
        .enumerate()
        .find(|(i, s)| *i == segment && s.text == id)
        .or_else(|| l.src.all().enumerate().find(|(_, s)| s.translatable && s.text == id));
    let Some((segment, s)) = found else {
        return Outcome::SourceChanged;
    };
    // What the files say already is never refused (imrf's own export imports as it is).
    let now = l.segments().find(|(x, _, _)| std::ptr::eq(*x, s)).map(|(_, state, c)| (state, c.map(|c| &c.text)));
    if matches!(now, Some((State::Translated, Some(t))) if *t == translation) {
        return Outcome::Unchanged;
    }
    let problem = match s.kind {
        Kind::Field => unsafe_text(&s.text, &translation),
        _ => lost_markup(&s.text, &translation, s.kind),
    };
    if let Some(problem) = problem {
        return Outcome::Refused(problem);
    }
    Outcome::Page(page, segment, translation)
}

/// Where the translation of a data text (its source text `id`) goes, if it may. A stale
/// translation brought back as it is was reviewed against the new source: it is recorded again.
fn data_outcome(
    t: &data::DataText<'_>,
    (default, lang): (&str, &str),
    stale: bool,
    id: &str,
    translation: String,
) -> Outcome {
    if normalize(&t.source(default)) != id {
        return Outcome::SourceChanged;
    }
    if !stale && t.translation(lang).map(normalize).as_deref() == Some(translation.as_str()) {
        return Outcome::Unchanged;
    }
    if let Some(problem) = unsafe_text(id, &translation) {
        return Outcome::Refused(problem);
    }
    Outcome::Data(t.file.clone(), DataEdit { item: t.item, field: t.field, lang: lang.to_string(), text: translation })
}

/// Every file the plan changes, with its new text (`None`: a store file to remove), or every
/// problem met.
fn files_to_write(
    site: &Site,
    lang: &str,
    plan: &Plan,
    lined: &[Lined<'_>],
    texts: &[data::DataText<'_>],
) -> Result<Vec<(String, Option<String>)>, Vec<write::Error>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (&page, texts) in &plan.pages {
        let l = &lined[page];
        match write::page(site, l, texts) {
            Ok((file, records)) => {
                files.push((file.file, Some(file.text)));
                let changed: BTreeMap<String, Records> = BTreeMap::from([(lang.to_string(), records)]);
                files.push((old_texts::store_file(&l.source.key), write::store(site, &l.source.key, &changed)));
            }
            Err(e) => errors.push(e),
        }
    }
    let default = &site.config.default_language;
    if !plan.data.is_empty() {
        let marked: Vec<(usize, String)> = plan
            .data
            .iter()
            .flat_map(|(file, edits)| edits.iter().map(move |e| (file, e)))
            .filter_map(|(file, e)| {
                let n = texts.iter().position(|t| t.file == *file && t.item == e.item && t.field == e.field)?;
                Some((n, e.lang.clone()))
            })
            .collect();
        files.extend(data::record(site, texts, &marked));
    }
    for (file, edits) in &plan.data {
        let result = std::fs::read_to_string(site.root.join(file))
            .map_err(|source| write::Error::Read { file: file.clone(), source })
            .and_then(|text| write::data_file(file, &text, default, edits))
            .and_then(|text| verify_data(file, &text, edits).map(|()| text));
        match result {
            Ok(text) => files.push((file.clone(), Some(text))),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Reads a rewritten data file back: every edit must be in place, and the file still YAML.
fn verify_data(file: &str, text: &str, edits: &[DataEdit]) -> Result<(), write::Error> {
    let problem = |message: String| write::Error::Place { file: file.to_string(), line: None, message };
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| problem(format!("the rewritten file would not be YAML ({e})")))?;
    for e in edits {
        let written =
            value.get(e.item).and_then(|v| v.get(e.field)).and_then(|v| v.get(&e.lang)).and_then(|v| v.as_str());
        if written != Some(e.text.as_str()) {
            return Err(problem(format!("entry {} `{}` could not be written in `{}`", e.item + 1, e.field, e.lang)));
        }
    }
    Ok(())
}
