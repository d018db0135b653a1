//! The floors of the code (docs/architecture.md): an import only ever goes down a floor or stays
//! on its own, so there is no import circle. Read from `crate::` paths in the sources, comments
//! and unit tests left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The floors, top first; a module may use its own floor and those below.
const FLOORS: &[&[&str]] = &[
    &["main", "cli"],
    &["cmd"],
    &["serve", "links"],
    &["render"],
    &["site"],
    &["images", "i18n", "theme"],
    &["content"],
    &["markdown", "output", "config", "cache", "highlight", "shortcodes"],
    &["paths", "position", "escape", "time", "urls", "typography", "hash", "names", "atomic", "diagnostics"],
];

/// Every top-level module's uses of other top-level modules.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in
        walkdir::WalkDir::new(&src).into_iter().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let rel = e.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let module = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(e.path()).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    out.entry(module.clone()).or_default().insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn no_import_runs_up_a_floor_so_there_is_no_circle() {
    let floor = |m: &str| FLOORS.iter().position(|f| f.contains(&m));
    let uses = uses();
    // The reading works: the renderers read the content model, the loader the configuration.
    assert!(uses["render"].contains("content") && uses["content"].contains("config"), "{uses:?}");
    let mut wrong = Vec::new();
    for (from, to) in uses {
        let Some(a) = floor(&from) else {
            wrong.push(format!("`{from}` stands on no floor: add it to FLOORS and docs/architecture.md"));
            continue;
        };
        for t in to {
            match floor(&t) {
                Some(b) if b < a => wrong.push(format!("`{from}` uses `{t}`, a floor above it")),
                Some(_) => {}
                None => wrong.push(format!("`{t}` (used by `{from}`) stands on no floor")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
