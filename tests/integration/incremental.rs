//! Every incremental result is the build from nothing (issue #29): generated sequences of
//! ordinary edits to a small site in git (first and second paragraphs, summaries, titles, dates,
//! objectives, slugs, aliases added and removed, drafts toggled, pages added, renamed, moved to
//! another section and deleted, translations added and deleted, a data file, a UI string, a
//! template, a picture replaced, `site.toml` with and without `[cms]`, git commits with and without
//! changes, `content/` moved away and back). After
//! every step, a cached `imrf build` into the kept output folder gives the bytes of a `--no-cache`
//! build into a new one, file for file.
//!
//! `cargo test --test integration incremental::` runs 24 sequences; `PROPTEST_CASES=500` a longer search.

use crate::common::edits::{commit, differences, edit, git, initial, snapshot, write};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The initial site written into a new git repository: its folder, root, state and files.
fn new_site() -> (tempfile::TempDir, std::path::PathBuf, crate::common::edits::SiteState, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    let state = initial();
    let files = state.files();
    write(&root, &files, &BTreeMap::new());
    git(&root, &["init", "-q", "-b", "main"]);
    commit(&root, false);
    (dir, root, state, files)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_cached_build_after_any_edit_sequence_is_the_build_from_nothing(edits in proptest::collection::vec(edit(), 1..6)) {
        let (dir, root, mut state, mut files) = new_site();
        let root_arg = root.to_string_lossy().into_owned();
        let first = crate::common::imrf(&["build", "--root", &root_arg], &root);
        prop_assert_eq!(first.code, 0, "{}", first.stderr);
        for (step, edit) in edits.iter().enumerate() {
            state.apply(edit, &root);
            let new_files = state.files();
            write(&root, &new_files, &files);
            files = new_files;
            let cached = crate::common::imrf(&["build", "--root", &root_arg], &root);
            let fresh_dir = dir.path().join(format!("fresh-{step}"));
            let fresh_arg = fresh_dir.to_string_lossy().into_owned();
            let fresh = crate::common::imrf(&["build", "--root", &root_arg, "--no-cache", "--output", &fresh_arg], &root);
            prop_assert_eq!(cached.code, fresh.code, "after {:?}: {}{}", edit, cached.stderr, fresh.stderr);
            if fresh.code != 0 {
                continue;
            }
            let a = snapshot(&root.join("public"));
            let b = snapshot(&fresh_dir);
            let differ = differences(&a, &b);
            prop_assert!(differ.is_empty(), "after step {} ({:?}) of {:?}: {:?}\n{}", step, edit, edits, differ, cached.stdout);
            let _ = std::fs::remove_dir_all(&fresh_dir);
        }
    }
}

/// `imrf serve` on the site, on a free port; killed when dropped.
struct Server {
    child: std::process::Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Server {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_imrf"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// The status and body of `GET /path`.
fn fetch(port: u16, path: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    let encoded: String = path.split('/').map(percent_encode).collect::<Vec<_>>().join("/");
    write!(stream, "GET /{encoded} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&raw[..end]);
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, raw[end..].to_vec())
}

fn percent_encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A served page without the live-reload script the server adds to HTML.
fn without_reload_script(body: Vec<u8>) -> Vec<u8> {
    let text = match String::from_utf8(body) {
        Ok(t) => t,
        Err(e) => return e.into_bytes(),
    };
    match (text.find("<script>\n(function () {\n  // The page was served at generation"), text.rfind("</script>")) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &text[..a], &text[b + "</script>".len()..]).into_bytes(),
        _ => text.into_bytes(),
    }
}

/// Whether the browser CMS's configuration served is the built one, but for its backend: the
/// dev server's names its own local backend (`proxy`) instead of the site's git host.
fn same_but_the_backend(served: &[u8], built: &[u8]) -> bool {
    let parse = |bytes: &[u8]| serde_yaml::from_slice::<serde_yaml::Mapping>(bytes).ok();
    let (Some(mut served), Some(mut built)) = (parse(served), parse(built)) else {
        return false;
    };
    let local = served.remove("backend").and_then(|b| b.get("name").cloned());
    built.remove("backend");
    local.as_ref().and_then(serde_yaml::Value::as_str) == Some("proxy") && served == built
}

/// What the server serves that differs from `fresh` (a build from nothing), and the files of
/// `gone` it still serves.
fn served_differences(port: u16, fresh: &BTreeMap<String, Vec<u8>>, gone: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in fresh {
        let (status, body) = fetch(port, path);
        let body = if path.ends_with(".html") { without_reload_script(body) } else { body };
        let same = match path.as_str() {
            "admin/config.yml" => same_but_the_backend(&body, bytes),
            _ => &body == bytes,
        };
        if status != 200 || !same {
            out.push(format!("{path} ({status})"));
        }
    }
    for path in gone {
        let (status, _) = fetch(port, path);
        if status == 200 && !path.ends_with("404.html") {
            out.push(format!("{path} is still served"));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn serve_after_any_edit_sequence_shows_the_build_from_nothing(edits in proptest::collection::vec(edit(), 1..5)) {
        let (dir, root, mut state, mut files) = new_site();
        let root_arg = root.to_string_lossy().into_owned();
        let server = serve(&root);
        let mut previous: Vec<String> = Vec::new();
        for (step, edit) in edits.iter().enumerate() {
            state.apply(edit, &root);
            let new_files = state.files();
            write(&root, &new_files, &files);
            files = new_files;
            let fresh_dir = dir.path().join(format!("fresh-{step}"));
            let fresh_arg = fresh_dir.to_string_lossy().into_owned();
            let fresh = crate::common::imrf(&["build", "--root", &root_arg, "--no-cache", "--output", &fresh_arg], &root);
            if fresh.code != 0 {
                continue;
            }
            let want = snapshot(&fresh_dir);
            let gone: Vec<String> = previous.iter().filter(|p| !want.contains_key(*p)).cloned().collect();
            let started = std::time::Instant::now();
            let mut differ = served_differences(server.port, &want, &gone);
            while !differ.is_empty() && started.elapsed() < std::time::Duration::from_secs(15) {
                std::thread::sleep(std::time::Duration::from_millis(300));
                differ = served_differences(server.port, &want, &gone);
            }
            prop_assert!(differ.is_empty(), "after step {} ({:?}) of {:?}, serve differs from a build from nothing in {:?}", step, edit, edits, differ);
            previous = want.keys().cloned().collect();
        }
    }
}

#[test]
fn two_builds_into_one_folder_at_once_never_mix_two_sites() {
    let (dir, root, state, files) = new_site();
    let root_arg = root.to_string_lossy().into_owned();
    assert_eq!(crate::common::imrf(&["build", "--root", &root_arg], &root).code, 0);
    // Two builds at once, of two states of the site (the second after an edit).
    let mut edited = state.clone();
    edited.apply(&crate::common::edits::Edit::Title(0, 9), &root);
    write(&root, &edited.files(), &files);
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_imrf"))
            .args(["build", "--no-cache", "--root", &root_arg])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let results = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    for r in &results {
        let stderr = String::from_utf8_lossy(&r.stderr);
        let code = r.status.code();
        assert!(
            code == Some(0) || code == Some(1) && stderr.contains("another imrf build is writing into"),
            "{code:?}: {stderr}"
        );
    }
    assert!(results.iter().any(|r| r.status.success()));
    let fresh = dir.path().join("fresh");
    let fresh_arg = fresh.to_string_lossy().into_owned();
    assert_eq!(
        crate::common::imrf(&["build", "--root", &root_arg, "--no-cache", "--output", &fresh_arg], &root).code,
        0
    );
    let (got, want) = (snapshot(&root.join("public")), snapshot(&fresh));
    assert!(got.keys().all(|p| !p.ends_with(".imrf-tmp")), "no temporary file is left");
    assert_eq!(differences(&got, &want), Vec::<String>::new());
}
