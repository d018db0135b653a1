//! Link rot (issue #16): `imrf check --external` against a small HTTP server this test starts on
//! 127.0.0.1 (and no other host: the one other host named, example.org, is skipped by
//! site.toml). The server answers 200, 301 → 200, 404, 500, 405 to HEAD (200 to GET), and one
//! address answers after 3 seconds, beyond `--timeout 1`.

use crate::common::Fixture;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Requests the server answered: (method, path) → how many.
type Asked = Arc<Mutex<HashMap<(String, String), usize>>>;

/// Starts the server; it stops by itself after a minute.
fn serve() -> (u16, Asked) {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    let asked: Asked = Arc::default();
    let until = Instant::now() + Duration::from_secs(60);
    for _ in 0..4 {
        let (server, asked) = (server.clone(), asked.clone());
        std::thread::spawn(move || {
            while Instant::now() < until {
                let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(200)) else {
                    continue;
                };
                let method = request.method().to_string();
                let path = request.url().to_string();
                *asked.lock().unwrap().entry((method.clone(), path.clone())).or_default() += 1;
                let response = |code: u16| tiny_http::Response::from_string("x").with_status_code(code);
                let _ = match (method.as_str(), path.as_str()) {
                    (_, "/ok") => request.respond(response(200)),
                    (_, "/moved") => {
                        let to = format!("http://127.0.0.1:{port}/ok");
                        let header = tiny_http::Header::from_bytes("Location", to.as_bytes()).unwrap();
                        request.respond(response(301).with_header(header))
                    }
                    (_, "/gone") => request.respond(response(404)),
                    (_, p) if p.starts_with("/redirect-to/") => {
                        // The rest of the path, percent-decoded, is the Location sent.
                        let to = percent_decode(&p["/redirect-to/".len()..]);
                        let header = tiny_http::Header::from_bytes("Location", to.as_bytes()).unwrap();
                        request.respond(response(302).with_header(header))
                    }
                    (_, "/no-location") => request.respond(response(302)),
                    (_, "/loop") => {
                        let header = tiny_http::Header::from_bytes("Location", "/loop").unwrap();
                        request.respond(response(307).with_header(header))
                    }
                    (_, "/broken") => request.respond(response(500)),
                    ("HEAD", "/no-head") => request.respond(response(405)),
                    ("GET", "/no-head") => request.respond(response(200)),
                    (_, "/slow") => {
                        std::thread::sleep(Duration::from_secs(3));
                        request.respond(response(200))
                    }
                    _ => request.respond(response(404)),
                };
            }
        });
    }
    (port, asked)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A port of 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn site(port: u16, refused: u16) -> Fixture {
    let toml = format!("{}\n[links]\nskip_hosts = [\"example.org\"]\n", crate::common::SITE_TOML);
    let page = format!(
        "---\ntitle: A\n---\n[ok](http://127.0.0.1:{port}/ok) and [moved](http://127.0.0.1:{port}/moved#part)\n\n\
         [gone](http://127.0.0.1:{port}/gone)\n\n[broken](http://127.0.0.1:{port}/broken)\n\n\
         [slow](http://127.0.0.1:{port}/slow) [no head](http://127.0.0.1:{port}/no-head)\n\n\
         [refused](http://127.0.0.1:{refused}/x) [skipped](https://www.example.org/x)\n\n\
         {{{{ recording(url=\"http://127.0.0.1:{port}/gone\") }}}}\n"
    );
    let note = format!(
        "---\ntitle: N\ndate: 2022-03-16\nissued_by: UN\nkind: concept-note\nsource: http://127.0.0.1:{port}/ok\n---\nN.\n"
    );
    let data = format!("- name: A\n  url: \"http://127.0.0.1:{port}/gone\"\n- name: B\n  url: https://example.org/y\n");
    Fixture::new(&[
        ("site.toml", &toml),
        ("content/a.md", &page),
        ("content/notes/_index.md", "---\ntitle: Notes\ntype: notes\n---\n"),
        ("content/notes/n.md", &note),
        ("content/links.yaml", &data),
    ])
}

#[test]
fn broken_links_are_errors_and_doubtful_ones_warnings() {
    let (port, asked) = serve();
    let refused = closed_port();
    let site = site(port, refused);
    let run = site.run(&["check", "--external", "--timeout", "1", "--format", "short"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let base = format!("http://127.0.0.1:{port}");
    let expected = [
        format!("content/a.md:4: warning: link `{base}/moved#part` redirects to `{base}/ok`: link to where it leads"),
        format!("content/a.md:6: error: link `{base}/gone` is broken: 404 Not Found"),
        format!(
            "content/a.md:8: warning: link `{base}/broken` could not be confirmed: 500 Internal Server Error \
             (a server error: it may pass next time)"
        ),
        format!("content/a.md:10: warning: link `{base}/slow` could not be confirmed: no answer in time (--timeout)"),
        format!("content/a.md:12: error: link `http://127.0.0.1:{refused}/x` is broken: the connection was refused"),
        format!("content/a.md:14: error: link `{base}/gone` is broken: 404 Not Found"),
        format!("content/links.yaml:2: error: link `{base}/gone` is broken: 404 Not Found"),
    ];
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), expected, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "external links: 7 address(es) checked (7 asked, 0 trusted from the cache), 2 link(s) to skipped hosts"
        ),
        "{}",
        run.stderr
    );
    let count = |m: &str, p: &str| asked.lock().unwrap().get(&(m.to_string(), p.to_string())).copied().unwrap_or(0);
    // HEAD first; GET where HEAD is refused; one address asked once, however often it is written.
    assert_eq!((count("HEAD", "/gone"), count("GET", "/gone")), (1, 0));
    assert_eq!((count("HEAD", "/no-head"), count("GET", "/no-head")), (1, 1));
    // A re-run trusts what worked (the cache), and asks the others again.
    let cache = site.root().join(".imrf-cache/links.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    let cached: Vec<&String> = json["links"].as_object().unwrap().keys().collect();
    assert_eq!(cached, [&format!("{base}/moved"), &format!("{base}/no-head"), &format!("{base}/ok")]);
    // (`/ok` was asked twice: itself, and where `/moved` leads.)
    let ok = count("HEAD", "/ok");
    let again = site.run(&["check", "--external", "--timeout", "1", "--format", "json"]);
    assert_eq!(again.code, 1);
    assert_eq!((count("HEAD", "/ok"), count("HEAD", "/gone")), (ok, 2));
    let findings: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    let gone = findings.as_array().unwrap().iter().find(|f| f["path"] == "content/links.yaml").unwrap();
    assert_eq!((gone["line"].as_u64(), gone["severity"].as_str()), (Some(2), Some("error")));
    assert!(again.stdout.contains("redirects to"), "the redirect is still reported from the cache");
    // --cache-ttl 0 asks everything again.
    site.run(&["check", "--external", "--timeout", "1", "--cache-ttl", "0"]);
    assert_eq!(count("HEAD", "/ok"), ok + 2);
}

#[test]
fn a_site_whose_links_all_work_passes() {
    let (port, _) = serve();
    let site = Fixture::new(&[("content/a.md", &format!("---\ntitle: A\n---\n[ok](http://127.0.0.1:{port}/ok)\n"))]);
    let run = site.run(&["check", "--external", "--format", "short"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    // Without --external, nothing is asked and no cache of links is written.
    let plain = Fixture::new(&[("content/a.md", "---\ntitle: A\n---\n[gone](http://127.0.0.1:9/gone)\n")]);
    assert_eq!(plain.run(&["check"]).code, 0);
    assert!(!plain.root().join(".imrf-cache/links.json").exists());
}

#[test]
fn redirects_to_anything_but_a_web_address_are_doubtful_never_a_panic() {
    let (port, _) = serve();
    let base = format!("http://127.0.0.1:{port}");
    let locations = [
        "file:///etc/passwd",
        "file:%2F%2F%2Fetc%2Fpasswd",
        "javascript:alert(1)",
        "http://",
        "gopher://example.org/",
        "http://[::1",
        "data:text/html,x",
        "ftp://example.org/x",
        "mailto:a@b.c",
        "%20",
    ];
    let mut page = String::from("---\ntitle: A\n---\n");
    for location in locations {
        let encoded: String = location.bytes().map(|b| format!("%{b:02X}")).collect();
        page.push_str(&format!("[r]({base}/redirect-to/{encoded})\n\n"));
    }
    page.push_str(&format!("[none]({base}/no-location)\n\n[loop]({base}/loop)\n\n[ok]({base}/ok)\n"));
    let site = Fixture::new(&[("content/a.md", &page)]);
    let run = site.run(&["check", "--external", "--timeout", "2", "--format", "short"]);
    // Doubtful links are warnings: the check itself succeeds, and reports every one of them.
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), locations.len() + 2, "{}", run.stdout);
    assert!(lines.iter().all(|l| l.contains(": warning: ") && l.contains("could not be confirmed")), "{}", run.stdout);
    assert!(run.stdout.contains("redirects without saying where (no Location)"), "{}", run.stdout);
    assert!(run.stdout.contains("more than 10 redirects"), "{}", run.stdout);
    assert!(run.stdout.contains("which is not a web address"), "{}", run.stdout);
    // Nothing doubtful is trusted from the cache next time: only `/ok` is kept.
    let cache = site.root().join(".imrf-cache/links.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    let cached: Vec<&String> = json["links"].as_object().unwrap().keys().collect();
    assert_eq!(cached, [&format!("{base}/ok")]);
}
