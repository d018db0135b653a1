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
    &[
        "paths",
        "position",
        "escape",
        "time",
        "urls",
        "typography",
        "hash",
        "names",
        "atomic",
        "diagnostics",
        "compressed",
    ],
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

/// The command lines of the README's commands table, and every `--option` each names.
fn readme_commands(readme: &str) -> Vec<(Vec<String>, Vec<String>)> {
    readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `imrf "))
        .map(|l| {
            let cell = l.split('`').next().unwrap_or_default();
            let words: Vec<String> = cell
                .split_whitespace()
                .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                .filter(|w| !w.starts_with('-'))
                .map(str::to_string)
                .collect();
            let options: Vec<String> = cell
                .split(|c: char| c.is_whitespace() || c == '[' || c == ']' || c == '\\' || c == '|')
                .filter(|w| w.starts_with("--"))
                .map(|w| w.split('=').next().unwrap_or(w).to_string())
                .collect();
            (words, options)
        })
        .collect()
}

#[test]
fn the_readme_is_a_door_whose_commands_and_links_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.lines().count() <= 200, "the README is a door of at most 200 lines");
    // Its first lines are the two commands a newcomer needs.
    let first: Vec<&str> = readme.lines().take(6).collect();
    assert!(first.iter().any(|l| l.starts_with("cargo run --release -- build")), "{first:?}");
    assert!(first.iter().any(|l| l.starts_with("bash tests/run.sh")), "{first:?}");
    // Every guide in docs/ is linked from it, and every relative link of the README and the
    // guides leads to a file that exists.
    let mut pages = vec![(root.join("README.md"), readme.clone())];
    for e in std::fs::read_dir(root.join("docs")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "md") {
            let name = e.file_name().to_string_lossy().to_string();
            assert!(readme.contains(&format!("(docs/{name})")), "README does not link docs/{name}");
            pages.push((e.path(), std::fs::read_to_string(e.path()).unwrap()));
        }
    }
    for (page, text) in &pages {
        // Links of examples (in fenced and inline code) are not the guide's own.
        let prose: String = text.split("```").step_by(2).collect::<Vec<_>>().join("\n");
        let prose: String = prose.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let text = &prose;
        for (i, _) in text.match_indices("](") {
            let target: String = text[i + 2..].chars().take_while(|&c| c != ')' && c != '#').collect();
            if target.is_empty()
                || target.contains("://")
                || target.starts_with("mailto:")
                || target.starts_with("@/")
                || target.contains(' ')
            {
                continue;
            }
            let path = page.parent().unwrap().join(&target);
            assert!(path.exists(), "{}: the link to `{target}` leads nowhere", page.display());
        }
    }
    // Every command of its table exists, with every option it names.
    let commands = readme_commands(&readme);
    assert!(commands.len() >= 10, "{commands:?}");
    for (words, options) in commands {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let run = crate::common::imrf(&args, root);
        assert_eq!(run.code, 0, "imrf {}: {}", args.join(" "), run.stderr);
        for o in options {
            assert!(run.stdout.contains(&o), "`imrf {}` has no option {o}:\n{}", words.join(" "), run.stdout);
        }
    }
}
