//! The dev server's HTTP side: which file a request path names (refusing anything that tries to
//! leave the site), a query's parameters, content types, and the live-reload script injected into HTML pages.

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// Traversal, encoded separators, absolute or malformed paths: 400.
    Refused,
}

/// The value of the query parameter `name` of a request target, percent-decoded (`None` when
/// it is missing or does not decode to UTF-8).
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let value = query.split('&').find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?;
    crate::paths::decode_strict(value)
}

/// The output file a request path asks for (`/en/` → `en/index.html`), without its query.
/// Anything that could name a file outside the built site is refused: `..` and `.` segments
/// (also percent-encoded), encoded `/` or `\`, backslashes, empty segments (`//etc`), NUL.
pub fn file_for(url: &str) -> Result<String, PathError> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(PathError::Refused);
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(PathError::Refused);
    }
    let decoded = crate::paths::decode_strict(path).ok_or(PathError::Refused)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(PathError::Refused);
    }
    let rel = &decoded[1..];
    let segments: Vec<&str> = rel.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        if *seg == ".." || *seg == "." || (seg.is_empty() && i != last) {
            return Err(PathError::Refused);
        }
    }
    Ok(crate::paths::output_file(rel))
}

/// The Content-Type of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The live-reload client: long-polls the server, reloads the page after a rebuild that changed
/// it, and shows build errors in an overlay until they are fixed. No external dependency.
pub fn reload_script(generation: u64) -> String {
    format!(
        r#"<script>
(function () {{
  // The page was served at generation `seen`; asking from one before it reports errors at once.
  var seen = {generation};
  var since = seen - 1;
  function overlay(errors) {{
    var box = document.getElementById("imrf-errors");
    if (!errors.length) {{ if (box) box.remove(); return; }}
    if (!box) {{
      box = document.createElement("div");
      box.id = "imrf-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#fff;font:14px/1.5 monospace;padding:1em;white-space:pre-wrap;direction:ltr;text-align:left";
      document.body.appendChild(box);
    }}
    box.textContent = "imrf: the site has errors; showing the last good build\n\n" + errors.join("\n");
  }}
  // The server says whether this page's own file changed since it was served: only then does
  // it reload (a rebuild that changed other pages leaves it alone).
  var path = encodeURIComponent(location.pathname);
  function poll() {{
    fetch("/__imrf/poll?since=" + since + "&seen=" + seen + "&path=" + path, {{ cache: "no-store" }})
      .then(function (r) {{ return r.json(); }})
      .then(function (s) {{
        since = s.generation;
        if (s.errors.length) {{ overlay(s.errors); poll(); return; }}
        if (s.reload) {{ location.reload(); return; }}
        overlay([]); poll();
      }})
      .catch(function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();
</script>"#
    )
}

/// `html` with the reload script before `</body>` (or at the end).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = reload_script(generation);
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_are_found_by_name_and_decoded() {
        let url = "/__imrf/poll?since=3&seen=12&path=%2Ffr%2Fcaf%25C3%25A9%2F";
        assert_eq!(query_param(url, "since").as_deref(), Some("3"));
        assert_eq!(query_param(url, "seen").as_deref(), Some("12"));
        assert_eq!(query_param(url, "path").as_deref(), Some("/fr/caf%C3%A9/"));
        assert_eq!(file_for(&query_param(url, "path").unwrap()).unwrap(), "fr/café/index.html");
        assert_eq!(query_param(url, "see"), None);
        assert_eq!(query_param("/__imrf/poll", "since"), None);
    }

    #[test]
    fn paths_map_to_files() {
        assert_eq!(file_for("/").unwrap(), "index.html");
        assert_eq!(file_for("/en/programme/?x=1").unwrap(), "en/programme/index.html");
        assert_eq!(file_for("/style.css").unwrap(), "style.css");
        assert_eq!(file_for("/fr/caf%C3%A9/").unwrap(), "fr/café/index.html");
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/en/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/en%2f..%2fx",
            "/..%5c..%5cwindows",
            "/en\\..\\x",
            "//etc/passwd",
            "etc/passwd",
            "http://evil/",
            "/a/./b",
            "/%ff",
            "/x%00.html",
        ] {
            assert_eq!(file_for(bad), Err(PathError::Refused), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("cal.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("x.wasm"), "application/wasm");
        assert_eq!(content_type("f.woff2"), "font/woff2");
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", 7)).unwrap();
        assert!(out.contains("var seen = 7;"));
        assert!(out.contains("var since = seen - 1;"));
        assert!(out.ends_with("</script></body></html>"));
    }
}
