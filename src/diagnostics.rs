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
        let (line, column, message) = crate::source::yaml_error(e, text, first_line);
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
    stages: std::sync::Mutex<Vec<(&'static str, std::time::Duration)>>,
}

impl Timings {
    /// Runs `f`, recording its duration under `stage`.
    pub fn time<T>(&self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.stages.lock().unwrap_or_else(|e| e.into_inner()).push((stage, start.elapsed()));
        out
    }

    /// One line per stage: `  load        123.4 ms`.
    pub fn report(&self) -> String {
        let stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        stages.iter().map(|(name, d)| format!("  {name:<18} {:>8.1} ms\n", d.as_secs_f64() * 1000.0)).collect()
    }
}
