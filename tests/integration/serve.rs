//! `imrf serve`: the real server on a free port, driven over raw HTTP.

use crate::common::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn serve(site: &Fixture) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imrf"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.trim_end_matches(|c: char| !c.is_ascii_digit()).split('/').next().unwrap().parse().unwrap();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

fn request(port: u16, method: &str, path: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, headers: head.to_lowercase(), body: body.to_string() }
}

fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path)
}

/// Polls `check` until it holds (at most 10 s).
pub(crate) fn eventually(what: &str, check: impl Fn() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}

fn site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        ("content/guides/_index.md", "---\ntitle: Guides\n---\n"),
        ("content/guides/data.md", "---\ntitle: Data matters\nobjectives: [1]\n---\nFirst version.\n"),
    ])
}

#[test]
fn pages_are_served_from_memory_with_the_reload_script() {
    let site = site();
    let server = serve(&site);
    let r = get(server.port, "/en/guides/data/");
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("content-type: text/html; charset=utf-8"));
    assert!(r.body.contains("First version.") && r.body.contains("/__imrf/poll"));
    let css = get(server.port, "/style.css");
    assert!(css.headers.contains("content-type: text/css"));
    assert!(!site.public().exists(), "serve never writes public/");
    let moved = get(server.port, "/en/guides");
    assert_eq!(moved.status, 301);
    assert!(moved.headers.contains("location: /en/guides/"));
    let missing = get(server.port, "/fr/nothing/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("lang=\"fr\""), "the French 404 page");
    let head = request(server.port, "HEAD", "/en/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn an_edit_is_served_and_an_index_follows_a_change_of_objectives() {
    let site = site();
    let server = serve(&site);
    site.write("content/guides/data.md", "---\ntitle: Data matters\nobjectives: [2]\n---\nSecond version.\n");
    eventually("the edit", || get(server.port, "/en/guides/data/").body.contains("Second version."));
    eventually("objective 2 lists the page", || {
        get(server.port, "/en/objectives/2/").body.contains("/en/guides/data/")
    });
    assert!(!get(server.port, "/en/objectives/1/").body.contains("/en/guides/data/"));
    // The French fallback follows too.
    assert!(get(server.port, "/fr/guides/data/").body.contains("Second version."));
    // A new page appears, and a template change re-renders everything.
    site.write("content/guides/new.md", "---\ntitle: New guide\n---\n");
    eventually("the new page", || get(server.port, "/en/guides/new/").status == 200);
    // A site.toml change reloads the whole site.
    site.write("site.toml", &crate::common::SITE_TOML.replace("title = \"Test site\"", "title = \"Renamed site\""));
    eventually("the new site title", || get(server.port, "/fr/guides/data/").body.contains("Renamed site"));
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>Gone fishing</p>{% endblock main %}",
    );
    eventually("the new 404 template", || get(server.port, "/en/none/").body.contains("Gone fishing"));
}

#[test]
fn a_page_made_a_milestone_joins_the_road_to_the_forum_on_the_home_page() {
    let site = site();
    let server = serve(&site);
    assert!(!get(server.port, "/en/").body.contains("class=\"timeline\""));
    // Only `extra` changes: the home page's time line follows all the same.
    site.write(
        "content/guides/data.md",
        "---\ntitle: Data matters\nobjectives: [1]\nextra: {milestone: {date: 2022-01-24}}\n---\nFirst version.\n",
    );
    eventually("the milestone on the home page", || {
        get(server.port, "/en/").body.contains("<a href=\"/en/guides/data/\" class=\"milestone\">")
    });
}

#[test]
fn a_broken_file_keeps_the_last_good_site_and_reports_the_error_until_fixed() {
    let site = site();
    let server = serve(&site);
    let gen0: serde_json::Value = serde_json::from_str(&get(server.port, "/__imrf/poll?since=0").body).unwrap();
    let g = gen0["generation"].as_u64().unwrap();
    site.write("content/guides/data.md", "---\ntitle: Data matters\nobjectives: [99]\n---\nBroken version.\n");
    let reply: serde_json::Value =
        serde_json::from_str(&get(server.port, &format!("/__imrf/poll?since={g}")).body).unwrap();
    assert_eq!(reply["errors"][0], "content/guides/data.md:3: error: `99` is not a GCM objective number (1-23)");
    let page = get(server.port, "/en/guides/data/");
    assert!(page.body.contains("First version."), "the last good build is still served");
    let g2 = reply["generation"].as_u64().unwrap();
    site.write("content/guides/data.md", "---\ntitle: Data matters\nobjectives: [1]\n---\nFixed version.\n");
    let fixed: serde_json::Value =
        serde_json::from_str(&get(server.port, &format!("/__imrf/poll?since={g2}")).body).unwrap();
    assert_eq!(fixed["errors"].as_array().unwrap().len(), 0);
    assert!(get(server.port, "/en/guides/data/").body.contains("Fixed version."));
}

#[test]
fn traversal_is_refused_and_only_get_and_head_are_allowed() {
    let site = site();
    site.write("secret.txt", "do not serve");
    let server = serve(&site);
    for path in [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/en%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%00",
    ] {
        let r = get(server.port, path);
        assert_eq!(r.status, 400, "{path}");
        assert!(!r.body.contains("do not serve"));
    }
    assert_eq!(get(server.port, "/secret.txt").status, 404);
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = request(server.port, method, "/en/");
        assert_eq!(r.status, 405, "{method}");
        assert!(r.headers.contains("allow: get, head"));
    }
}

#[test]
fn many_concurrent_clients_are_served() {
    let site = site();
    let server = serve(&site);
    let port = server.port;
    // A pending live-reload poll must not hold anyone up.
    let poller = std::thread::spawn(move || get(port, "/__imrf/poll?since=999999"));
    let workers: Vec<_> = (0..32)
        .map(|_| std::thread::spawn(move || (0..20).filter(|_| get(port, "/en/guides/data/").status == 200).count()))
        .collect();
    let served: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(served, 32 * 20);
    drop(server);
    let _ = poller.join();
}

#[test]
fn a_site_that_never_built_shows_its_errors_and_recovers() {
    let site = Fixture::new(&[("content/x.md", "---\ntitle: [broken\n---\n")]);
    let server = serve(&site);
    let page = get(server.port, "/en/x/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("/__imrf/poll"), "the page carries the reload script");
    let poll: serde_json::Value = serde_json::from_str(&get(server.port, "/__imrf/poll?since=0").body).unwrap();
    assert!(poll["errors"][0].as_str().unwrap().starts_with("content/x.md:"), "{poll}");
    site.write("content/x.md", "---\ntitle: Fixed\n---\n");
    eventually("the fixed site", || get(server.port, "/en/x/").status == 200);
}

/// An editor's autosave: a save every 100 ms. Every page ends up showing the last save, the
/// section list included (its re-rendering waits while saves keep coming, then catches up).
#[test]
fn under_autosave_the_last_save_is_what_every_page_shows() {
    let site = site();
    let server = serve(&site);
    for i in 1..=20 {
        site.write("content/guides/data.md", &format!("---\ntitle: Save {i}\nobjectives: [1]\n---\nVersion {i}.\n"));
        std::thread::sleep(Duration::from_millis(100));
    }
    eventually("the last save on its page", || get(server.port, "/en/guides/data/").body.contains("Version 20."));
    eventually("the last title in the section's list", || get(server.port, "/en/guides/").body.contains("Save 20"));
    eventually("the last title on the objective's index", || {
        get(server.port, "/fr/objectives/1/").body.contains("Save 20")
    });
    assert!(!get(server.port, "/en/guides/").body.contains("Save 19<"));
}

/// After body edits, the server's search indexes and feeds (made again only for the edited
/// page's entries and sections) are byte for byte those of a build from nothing.
#[test]
fn the_search_indexes_and_feeds_kept_up_to_date_are_those_of_a_fresh_build() {
    let page = |i: usize, text: &str| {
        format!("---\ntitle: Note {i}\ndate: 2022-05-{:02}\n---\n{text}\n\n## Part\n\nMore words.\n", i + 1)
    };
    let mut files: Vec<(String, String)> = vec![
        ("content/_index.md".into(), "---\ntitle: Home\n---\nWelcome.\n".into()),
        ("content/news/_index.md".into(), "---\ntitle: News\n---\n".into()),
        ("content/news/n0.fr.md".into(), "---\ntitle: Note zéro\ndate: 2022-05-01\n---\nTexte français.\n".into()),
    ];
    files.extend((0..8).map(|i| (format!("content/news/n{i}.md"), page(i, &format!("Migration pathways, note {i}.")))));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Fixture::new(&borrowed);
    let server = serve(&site);
    for i in 1..=6 {
        site.write("content/news/n3.md", &page(3, &format!("Edited body, save number {i}, remittances.")));
        std::thread::sleep(Duration::from_millis(if i % 2 == 0 { 400 } else { 60 }));
    }
    site.write("content/news/n0.md", &page(0, "Zero edited: cooperation."));
    let fresh = site.root().join("fresh");
    let run = site.run(&["build", "--no-cache", "--output", fresh.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let compared: Vec<String> = walkdir::WalkDir::new(&fresh)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&fresh).unwrap().to_string_lossy().replace('\\', "/"))
        .filter(|p| p.contains("/search/") && p.ends_with(".json") || p.ends_with("atom.xml"))
        .collect();
    assert!(compared.len() > 10, "{compared:?}");
    for rel in &compared {
        let want = std::fs::read_to_string(fresh.join(rel)).unwrap();
        eventually(&format!("{rel} as a fresh build makes it"), || get(server.port, &format!("/{rel}")).body == want);
    }
}

#[test]
fn a_picture_added_while_serving_is_served_with_its_copies() {
    let site = site();
    let server = serve(&site);
    let mut png = Vec::new();
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::new(600, 300));
    picture.write_with_encoder(image::codecs::png::PngEncoder::new(&mut png)).unwrap();
    std::fs::write(site.root().join("content/guides/chart.png"), png).unwrap();
    site.write("content/guides/data.md", "---\ntitle: Data matters\nobjectives: [1]\n---\n![A chart](chart.png)\n");
    eventually("the page shows the picture", || {
        get(server.port, "/en/guides/data/").body.contains("/guides/chart.png")
    });
    let page = get(server.port, "/fr/guides/data/").body;
    assert!(page.contains("width=\"600\" height=\"300\""), "{page}");
    let copy = get(server.port, "/guides/chart-480w.png");
    assert_eq!(copy.status, 200);
    assert!(copy.headers.contains("content-type: image/png"), "{}", copy.headers);
}

/// Sends `raw` as it is and returns what the server answered before closing (or `""`).
fn raw_exchange(port: u16, raw: &[u8], then_close: bool) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = stream.write_all(raw);
    if then_close {
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn a_declared_body_of_any_size_or_encoding_leaves_the_server_answering() {
    let site = site();
    let server = serve(&site);
    let cases: Vec<(Vec<u8>, bool, &str)> = vec![
        (b"GET /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc".to_vec(), true, "413"),
        (b"GET /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551615\r\n\r\nabc".to_vec(), false, "413"),
        (b"GET /en/ HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n".to_vec(), true, "413"),
        (b"POST /en/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nab".to_vec(), true, "413"),
        (b"GET /en/ HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n".to_vec(), true, "413"),
        (b"GET /en/ HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n".to_vec(), true, "413"),
        (b"GET /en/ HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello".to_vec(), true, "413"),
        (b"GET /en/ HTTP/1.1\r\nContent-Length: -1\r\n\r\n".to_vec(), true, "413"),
        // A small body is read and ignored: the page is served.
        (b"GET /en/ HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello".to_vec(), true, "200"),
        // A small body that never fully arrives.
        (b"GET /en/ HTTP/1.1\r\nContent-Length: 500\r\n\r\nabc".to_vec(), true, ""),
        (format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(100_000)).into_bytes(), true, "431"),
        (b"GARBAGE\r\n\r\n".to_vec(), true, "400"),
        (b"GET / HTTP/9.9\r\n\r\n".to_vec(), true, "400"),
        (vec![0xff; 64], true, ""),
    ];
    for (raw, close, status) in cases {
        let answer = raw_exchange(server.port, &raw, close);
        let shown = String::from_utf8_lossy(&raw[..raw.len().min(60)]).into_owned();
        if status.is_empty() {
            assert_eq!(answer, "", "{shown:?}: the client stopped mid-request, nothing to answer");
        } else {
            assert!(answer.starts_with(&format!("HTTP/1.1 {status} ")), "{shown:?} answered {answer:?}");
        }
        // The server still answers a plain request after each.
        assert_eq!(get(server.port, "/en/guides/data/").status, 200, "after {shown:?}");
    }
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let site = site();
    let server = serve(&site);
    let raw = b"GET /en/guides/data/ HTTP/1.1\r\nHost: x\r\n\r\nHEAD /en/guides/data/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let answer = raw_exchange(server.port, raw, false);
    assert_eq!(answer.matches("HTTP/1.1 200 OK").count(), 2, "{answer}");
    // The first answer keeps the connection open, the second (asked to) closes it.
    assert_eq!(answer.matches("Connection: keep-alive").count(), 1, "{answer}");
    assert!(answer.contains("Connection: close"), "{answer}");
}

/// The status of one request without a body.
pub(crate) fn request_status(port: u16, method: &str, path: &str) -> u16 {
    request(port, method, path).status
}

/// The body of a `GET`.
pub(crate) fn get_body(port: u16, path: &str) -> String {
    get(port, path).body
}

#[test]
fn the_poll_tells_an_open_page_to_reload_only_when_its_own_file_changed() {
    let site = site();
    site.write("content/guides/other.md", "---\ntitle: Other\n---\nUnrelated.\n");
    let server = serve(&site);
    let poll = |since: u64, seen: u64, path: &str| -> serde_json::Value {
        let path: String = path.bytes().map(|b| format!("%{b:02X}")).collect();
        serde_json::from_str(&get(server.port, &format!("/__imrf/poll?since={since}&seen={seen}&path={path}")).body)
            .unwrap()
    };
    let seen = poll(0, 0, "/en/guides/other/")["generation"].as_u64().unwrap();
    // An edit of the data page changes its page and the section listing it, not the other page.
    site.write("content/guides/data.md", "---\ntitle: Data matters, edited\nobjectives: [1]\n---\nFirst version.\n");
    eventually("the section lists the new title", || {
        get(server.port, "/en/guides/").body.contains("Data matters, edited")
    });
    let now = poll(0, seen, "/en/guides/");
    assert!(now["generation"].as_u64().unwrap() > seen);
    assert_eq!(now["reload"], true, "the section shows the new title");
    assert_eq!(poll(0, seen, "/en/guides/data/")["reload"], true);
    assert_eq!(poll(0, seen, "/en/guides/other/")["reload"], false, "the other page did not change");
    // A page that was a 404 reloads on any rebuild after it.
    assert_eq!(poll(0, seen, "/en/guides/nothing/")["reload"], true);
}
