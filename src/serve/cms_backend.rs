//! The browser CMS's local backend: the protocol of `decap-server` (Decap CMS's `proxy` backend:
//! one `POST` of JSON `{action, params}` per call), answered by `imrf serve` at
//! [`crate::render::cms::LOCAL_API`] when site.toml has `[cms]`, so that `/admin/` edits the
//! site's own files with nothing else installed. The rules, all here:
//!
//! - only this computer's pages may call it: the `Host` must be a loopback name or address (a
//!   page of another site that renames itself to this address, DNS rebinding, is refused), an
//!   `Origin` must be the server's own (a page of another site open in the same browser is
//!   refused), and the body must be JSON (which no plain form of another site can send);
//! - it reads and writes only below `content/` (pages and data) and `static/` (pictures), by the
//!   containment rule of [`crate::paths`]: no `..`, no hidden names, no symbolic link out;
//! - a page in the default language is `x.md` on disk, while Decap names every language's file
//!   `x.LANG.md`: `x.md` shows to it as `x.en.md`, and what it saves under that name goes back
//!   to `x.md` (unless the page is named `x.en.md` already, which imrf reads the same);
//! - a language the editor left empty is not written (Decap sends a file for every language of
//!   a new entry; the loader would read it as no translation at all, see
//!   [`crate::content::is_placeholder_text`]).

use super::server::{Request, Response};
use base64::Engine as _;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The largest call taken (a picture travels in it, in base64).
pub const MAX_BODY: u64 = 50 * 1024 * 1024;

/// The local backend of one site.
pub struct LocalBackend {
    root: PathBuf,
    default_language: String,
    languages: Vec<String>,
    /// One call at a time: a save writes several files.
    writing: Mutex<()>,
}

/// A call that cannot be answered: its status and why, in the shape Decap shows (`{error}`).
#[derive(Debug)]
struct Failure {
    status: u16,
    message: String,
}

fn refused(message: impl Into<String>) -> Failure {
    Failure { status: 422, message: message.into() }
}

/// Where a call may read and write.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    /// Pages and data files.
    Content,
    /// Pictures and other files published as they are.
    Static,
    /// Either (deleting).
    Any,
}

impl LocalBackend {
    pub fn new(root: &Path, config: &crate::config::Config) -> LocalBackend {
        LocalBackend {
            root: root.to_path_buf(),
            default_language: config.default_language.as_str().to_string(),
            languages: config.languages.iter().map(|l| l.code.as_str().to_string()).collect(),
            writing: Mutex::new(()),
        }
    }

    /// Answers one call.
    pub fn handle(&self, request: &Request) -> Response {
        if let Err(response) = guard(request) {
            return response;
        }
        let call: Value = match serde_json::from_slice(&request.body) {
            Ok(v) => v,
            Err(e) => return answer(422, &json!({ "error": format!("the call is not JSON: {e}") })),
        };
        let action = call.get("action").and_then(Value::as_str).unwrap_or_default().to_string();
        let params = call.get("params").cloned().unwrap_or(Value::Null);
        let _one_at_a_time = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        match self.call(&action, &params) {
            Ok(value) => answer(200, &value),
            Err(Failure { status, message }) => answer(status, &json!({ "error": message })),
        }
    }

    fn call(&self, action: &str, p: &Value) -> Result<Value, Failure> {
        match action {
            "info" => {
                let repo =
                    self.root.canonicalize().ok().and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()));
                Ok(
                    json!({ "repo": repo.unwrap_or_else(|| "site".into()), "publish_modes": ["simple"], "type": "local_fs" }),
                )
            }
            "entriesByFolder" => {
                let folder = text(p, "folder")?;
                let extension = text(p, "extension")?;
                let depth = p.get("depth").and_then(Value::as_u64).unwrap_or(1).max(1) as usize;
                self.entries_by_folder(folder, extension, depth)
            }
            "entriesByFiles" => {
                let files = p.get("files").and_then(Value::as_array).ok_or_else(|| refused("`files` is missing"))?;
                let mut out = Vec::new();
                for f in files {
                    let path = text(f, "path")?;
                    let mut entry = self.entry(path)?;
                    if let Some(label) = f.get("label") {
                        entry["file"]["label"] = label.clone();
                    }
                    out.push(entry);
                }
                Ok(Value::Array(out))
            }
            "getEntry" => self.entry(text(p, "path")?),
            "persistEntry" => self.persist_entry(p),
            "getMedia" => {
                let folder = text(p, "mediaFolder")?;
                let dir = self.file(folder, Area::Static)?;
                let mut out = Vec::new();
                for walked in crate::paths::walk(&dir).into_iter().flatten() {
                    if let Ok(rel) = walked.rel {
                        if !rel.contains('/') {
                            out.push(self.media_file(&format!("{}/{rel}", folder.trim_end_matches('/')))?);
                        }
                    }
                }
                Ok(Value::Array(out))
            }
            "getMediaFile" => self.media_file(text(p, "path")?),
            "persistMedia" => {
                let asset = p.get("asset").ok_or_else(|| refused("`asset` is missing"))?;
                let path = text(asset, "path")?;
                self.write_asset(asset)?;
                self.media_file(path)
            }
            "deleteFile" => {
                self.delete(text(p, "path")?)?;
                Ok(json!({ "message": "file deleted" }))
            }
            "deleteFiles" => {
                let paths = p.get("paths").and_then(Value::as_array).ok_or_else(|| refused("`paths` is missing"))?;
                for path in paths {
                    self.delete(path.as_str().ok_or_else(|| refused("a path is not text"))?)?;
                }
                Ok(json!({ "message": "files deleted" }))
            }
            "getDeployPreview" => Ok(Value::Null),
            other => Err(refused(format!("Unknown action {other}"))),
        }
    }

    /// The file at `rel` (`content/notes/x.md`), checked to stay inside `area`.
    fn file(&self, rel: &str, area: Area) -> Result<PathBuf, Failure> {
        let rel = rel.trim_start_matches("./");
        let checked =
            crate::paths::relative(rel.trim_end_matches('/')).map_err(|e| refused(format!("`{rel}`: {e}")))?;
        let top = checked.split('/').next().unwrap_or_default();
        let allowed = match area {
            Area::Content => top == "content",
            Area::Static => top == "static",
            Area::Any => top == "content" || top == "static",
        };
        if !allowed {
            let what = match area {
                Area::Content => "content/",
                Area::Static => "static/",
                Area::Any => "content/ or static/",
            };
            return Err(Failure { status: 403, message: format!("`{rel}` is not inside {what}") });
        }
        if checked.split('/').any(|name| name.starts_with('.')) {
            return Err(Failure { status: 403, message: format!("`{rel}`: hidden files are not the CMS's") });
        }
        crate::paths::inside(&self.root, &checked, rel).map_err(|e| Failure { status: 403, message: e.to_string() })
    }

    /// The language code in a page file's name (`fr` for `x.fr.md`), if it is one of the site's.
    fn language_of<'n>(&self, name: &'n str) -> Option<&'n str> {
        let code = name.ends_with(".md").then(|| crate::content::name_language(name).1).flatten()?;
        self.languages.iter().any(|l| l == code).then_some(code)
    }

    /// The name Decap knows a file by: a default-language page `x.md` is `x.en.md`.
    fn to_cms(&self, rel: &str) -> String {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        match rel.strip_suffix(".md") {
            Some(stem) if rel.starts_with("content/") && self.language_of(name).is_none() => {
                format!("{stem}.{}.md", self.default_language)
            }
            _ => rel.to_string(),
        }
    }

    /// The file a name Decap uses stands for: `x.en.md` is `x.md`, unless the page is named
    /// `x.en.md` on disk. Only a name inside `content/` is looked for on disk (a name outside is
    /// left as it is, for [`Self::file`] to refuse).
    fn to_disk(&self, rel: &str) -> String {
        let named_so = || self.file(rel, Area::Content).is_ok_and(|path| path.exists());
        match rel.strip_suffix(&format!(".{}.md", self.default_language)) {
            Some(stem) if rel.starts_with("content/") && !named_so() => format!("{stem}.md"),
            _ => rel.to_string(),
        }
    }

    fn entries_by_folder(&self, folder: &str, extension: &str, depth: usize) -> Result<Value, Failure> {
        let dir = self.file(folder, Area::Content)?;
        let folder = folder.trim_end_matches('/');
        let mut out = Vec::new();
        for walked in crate::paths::walk(&dir).into_iter().flatten() {
            let Ok(rel) = walked.rel else { continue };
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            // A section's own page is edited in the "Section pages" collection.
            let section_page = name == "_index.md" || name.starts_with("_index.");
            if rel.split('/').count() > depth || !name.ends_with(&format!(".{extension}")) || section_page {
                continue;
            }
            out.push(self.entry(&self.to_cms(&format!("{folder}/{rel}")))?);
        }
        Ok(Value::Array(out))
    }

    /// `{data, file: {path, id}}`: the file's text, or `null` when it does not exist.
    fn entry(&self, rel: &str) -> Result<Value, Failure> {
        let path = self.file(&self.to_disk(rel), Area::Content)?;
        match std::fs::read(&path) {
            Ok(bytes) => {
                let id = crate::hash::checksum(&bytes);
                let data = String::from_utf8(bytes).map_err(|_| refused(format!("`{rel}` is not UTF-8 text")))?;
                Ok(json!({ "data": data, "file": { "path": rel, "id": id } }))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(json!({ "data": null, "file": { "path": rel, "id": null } }))
            }
            Err(e) => Err(Failure { status: 500, message: format!("`{rel}`: {e}") }),
        }
    }

    fn persist_entry(&self, p: &Value) -> Result<Value, Failure> {
        let files: Vec<Value> = match (p.get("dataFiles"), p.get("entry")) {
            (Some(Value::Array(files)), _) => files.clone(),
            (_, Some(entry)) => vec![entry.clone()],
            _ => return Err(refused("`dataFiles` is missing")),
        };
        // Every file is checked before any is written: a save is whole or not at all.
        let mut writes: Vec<(PathBuf, String, Option<PathBuf>)> = Vec::new();
        let renaming = files.iter().all(|f| f.get("newPath").and_then(Value::as_str).is_some());
        for f in &files {
            let path = text(f, "path")?;
            let raw = text(f, "raw")?;
            let name = path.rsplit('/').next().unwrap_or(path);
            let translation = self.language_of(name).is_some_and(|l| l != self.default_language);
            if translation && crate::content::is_placeholder_text(raw) {
                continue;
            }
            let target = match f.get("newPath").and_then(Value::as_str) {
                Some(new) if renaming => new,
                _ => path,
            };
            let old =
                (renaming && target != path).then(|| self.file(&self.to_disk(path), Area::Content)).transpose()?;
            writes.push((self.file(&self.to_disk(target), Area::Content)?, raw.to_string(), old));
        }
        let assets = p.get("assets").and_then(Value::as_array).cloned().unwrap_or_default();
        for asset in &assets {
            self.file(text(asset, "path")?, Area::Static)?;
        }
        for (path, raw, old) in writes {
            crate::atomic::write(&path, raw.as_bytes()).map_err(|e| Failure { status: 500, message: e.to_string() })?;
            if let Some(old) = old {
                let _ = std::fs::remove_file(old);
            }
        }
        for asset in &assets {
            self.write_asset(asset)?;
        }
        Ok(json!({ "message": "entry persisted" }))
    }

    fn write_asset(&self, asset: &Value) -> Result<(), Failure> {
        let path = self.file(text(asset, "path")?, Area::Static)?;
        let content = text(asset, "content")?;
        let bytes = match asset.get("encoding").and_then(Value::as_str) {
            Some("base64") => base64::engine::general_purpose::STANDARD
                .decode(content)
                .map_err(|e| refused(format!("the picture's content is not base64: {e}")))?,
            _ => content.as_bytes().to_vec(),
        };
        crate::atomic::write(&path, &bytes).map_err(|e| Failure { status: 500, message: e.to_string() })
    }

    fn media_file(&self, rel: &str) -> Result<Value, Failure> {
        let path = self.file(rel, Area::Static)?;
        let bytes = std::fs::read(&path).map_err(|e| Failure { status: 404, message: format!("`{rel}`: {e}") })?;
        let name = rel.rsplit('/').next().unwrap_or(rel);
        Ok(json!({
            "id": crate::hash::checksum(&bytes),
            "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "encoding": "base64",
            "path": rel,
            "name": name,
        }))
    }

    fn delete(&self, rel: &str) -> Result<(), Failure> {
        let path = self.file(&self.to_disk(rel), Area::Any)?;
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Failure { status: 500, message: format!("`{rel}`: {e}") }),
        }
    }
}

/// A text parameter of a call.
fn text<'v>(params: &'v Value, key: &str) -> Result<&'v str, Failure> {
    params.get(key).and_then(Value::as_str).ok_or_else(|| refused(format!("`{key}` is missing")))
}

fn answer(status: u16, value: &Value) -> Response {
    Response::new(status, value.to_string())
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Cache-Control", "no-store")
}

/// Whether a call's head is one the backend takes (its body is then read).
pub fn admits(request: &Request) -> bool {
    guard(request).is_ok()
}

/// Refuses what is not a call from one of this server's own pages on this computer.
fn guard(request: &Request) -> Result<(), Response> {
    let refuse = |status: u16, why: String| Err(answer(status, &json!({ "error": why })));
    if request.method != "POST" {
        return Err(answer(405, &json!({ "error": "the CMS's backend takes POST" })).header("Allow", "POST"));
    }
    let host = request.header("host").unwrap_or_default();
    if !is_loopback_host(host) {
        return refuse(403, format!("refused: the Host `{host}` is not this computer (a loopback name or address)"));
    }
    if let Some(origin) = request.header("origin") {
        if origin != format!("http://{host}") {
            return refuse(403, format!("refused: a page of `{origin}` may not edit this site"));
        }
    }
    if let Some(site) = request.header("sec-fetch-site") {
        if site != "same-origin" && site != "none" {
            return refuse(403, format!("refused: a {site} request may not edit this site"));
        }
    }
    let json = request
        .header("content-type")
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("application/json"));
    if !json {
        return refuse(415, "the CMS's backend takes JSON (Content-Type: application/json)".into());
    }
    Ok(())
}

/// Whether a `Host` header names this computer: `localhost` (and names below it), `127.x.x.x`
/// or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((addr, port)) if port.is_empty() || port.starts_with(':') => addr,
            _ => return false,
        }
    } else {
        host.rsplit_once(':')
            .map_or(host, |(name, port)| if port.bytes().all(|b| b.is_ascii_digit()) { name } else { host })
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_computer_is_a_host() {
        for ok in ["localhost", "localhost:1111", "127.0.0.1:8080", "127.1.2.3", "[::1]:1111", "a.localhost"] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "",
            "example.org",
            "evil.com:1111",
            "127.0.0.1.evil.com",
            "localhost.evil.com",
            "[::2]:80",
            "10.0.0.1",
            "0.0.0.0:1111",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}
