//! Problems found in a site, reported to the user as `path:line:col: severity: message`.
//!
//! Every stage pushes into one `Diagnostics` list instead of returning at the first problem, so
//! one run reports everything that is wrong.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information that needs no action (a summary of what was ignored on purpose).
    Note,
}

/// One problem, located in a file relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, ": {sev}: {}", self.message)
    }
}

/// Findings as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::…`), which
/// GitHub shows as annotations on the lines of a pull request. Notes become `::notice`. Values
/// are escaped as the runner reads them (`%`, line breaks; `:` and `,` in properties too).
pub fn github_annotations(diags: &[Diagnostic], title: &str) -> String {
    let data = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = vec![format!("file={}", property(&d.path))];
        if let Some(line) = d.line {
            props.push(format!("line={line}"));
            if let Some(column) = d.column {
                props.push(format!("col={column}"));
            }
        }
        props.push(format!("title={}", property(title)));
        out.push_str(&format!("::{command} {}::{}\n", props.join(","), data(&d.message)));
    }
    out
}

/// Findings as a GitLab code-quality report (a JSON array that GitLab shows in merge requests):
/// each with its description, check name, severity (`major` for errors, `minor` for warnings,
/// `info` for notes), location, and a fingerprint that stays the same while the finding does
/// (its file, severity and message, not its line, which moves with edits above it).
pub fn gitlab_code_quality(diags: &[Diagnostic], check_name: &str) -> String {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Note => "info",
            };
            let fingerprint =
                crate::hash::content_hash(format!("{check_name}\0{}\0{severity}\0{}", d.path, d.message).as_bytes());
            serde_json::json!({
                "description": d.message,
                "check_name": check_name,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": { "path": d.path, "lines": { "begin": d.line.unwrap_or(1) } },
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string()) + "\n"
}

/// Findings as a Markdown table under a heading, for a CI job's summary; "no findings" when
/// there are none. `|` and line breaks in messages are escaped so that a row stays a row.
pub fn markdown_table(diags: &[Diagnostic], title: &str) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = format!("### {title}\n\n");
    if diags.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| where | severity | finding |\n| --- | --- | --- |\n");
    for d in diags {
        let place = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", d.path),
            (Some(l), None) => format!("{}:{l}", d.path),
            _ => d.path.clone(),
        };
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        out.push_str(&format!("| `{}` | {severity} | {} |\n", cell(&place), cell(&d.message)));
    }
    out
}

/// The problems collected over one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, path: &str, line: Option<usize>, message: impl Into<String>) {
        self.push(path, line, None, Severity::Error, message);
    }

    pub fn error_at(&mut self, path: &str, line: usize, column: usize, message: impl Into<String>) {
        self.push(path, Some(line), Some(column), Severity::Error, message);
    }

    pub fn warning(&mut self, path: &str, line: Option<usize>, message: impl Into<String>) {
        self.push(path, line, None, Severity::Warning, message);
    }

    pub fn note(&mut self, path: &str, line: Option<usize>, message: impl Into<String>) {
        self.push(path, line, None, Severity::Note, message);
    }

    /// A YAML syntax or type error, placed where the offending construct starts; `first_line` is
    /// the file line of the YAML's first line.
    pub fn yaml(&mut self, path: &str, e: &serde_yaml::Error, text: &str, first_line: usize) {
        let (line, column, message) = crate::position::yaml_error(e, text, first_line);
        self.push(path, Some(line), column, Severity::Error, message);
    }

    fn push(
        &mut self,
        path: &str,
        line: Option<usize>,
        column: Option<usize>,
        severity: Severity,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic { path: path.to_string(), line, column, severity, message: message.into() });
    }

    pub fn push_diagnostic(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The findings in a stable order (file, line, column), whatever order the threads found them in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

/// How long each stage of a build took, for `imrf build --timings`.
#[derive(Debug, Default)]
pub struct Timings {
    /// Each stage's name, duration, and the process's peak resident memory when it ended.
    stages: std::sync::Mutex<Vec<(&'static str, std::time::Duration, Option<u64>)>>,
}

impl Timings {
    /// Runs `f`, recording its duration under `stage`.
    pub fn time<T>(&self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        let took = start.elapsed();
        self.stages.lock().unwrap_or_else(|e| e.into_inner()).push((stage, took, peak_memory()));
        out
    }

    /// One line per stage, with the peak memory so far where the system tells it:
    /// `  load        123.4 ms   peak 181 MB`.
    pub fn report(&self) -> String {
        let stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        stages
            .iter()
            .map(|(name, d, peak)| {
                let peak = peak.map(|kb| format!("   peak {:>5} MB", kb / 1024)).unwrap_or_default();
                format!("  {name:<18} {:>8.1} ms{peak}\n", d.as_secs_f64() * 1000.0)
            })
            .collect()
    }
}

/// The process's peak resident memory so far, in KiB (`VmHWM` of `/proc/self/status`, where the
/// system has it): which stage makes a build's peak.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}
