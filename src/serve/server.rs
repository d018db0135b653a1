//! The dev server's HTTP/1.1 connection handling, and every limit on what a client may send.
//!
//! imrf reads requests itself rather than through tiny_http: tiny_http 0.12.0 (the latest) drops
//! the unread rest of a request body by allocating all of it at once (`EqualReader::drop`), so a
//! single `Content-Length: 99999999999` aborted the whole server. The rules, all in this file:
//!
//! - a request head (request line and headers) is at most [`MAX_HEAD`] bytes and must arrive
//!   within [`READ_TIMEOUT`]; a longer one gets `431`, a malformed one `400`, and the connection
//!   is closed;
//! - a body is read only where the site takes one (the CMS's local backend: [`BodyLimit`]), up to
//!   that limit; any other declared `Content-Length` up to [`MAX_DRAINED_BODY`] is read and
//!   thrown away in small pieces; anything larger, or any `Transfer-Encoding`, gets `413` and the
//!   connection is closed (the body is never read, whatever length it claims);
//! - at most [`MAX_CONNECTIONS`] connections are served at once; the next gets `503`;
//! - a connection is kept alive between requests (HTTP/1.1), but never past [`READ_TIMEOUT`] of
//!   silence.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The longest request head accepted (request line and headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// The largest body read (and ignored) instead of refused.
pub const MAX_DRAINED_BODY: u64 = 64 * 1024;
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 512;
/// The longest silence of a client, while it sends a request or between two requests.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest a client may take to accept a response.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// A request as the site sees it: the method, the target (path and query), the headers (names in
/// lowercase) and the body, when the site takes one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The value of a header (the first, if it is repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// How many bytes of body the site takes with a request (its head known): 0 for none.
pub type BodyLimit = fn(&Request) -> u64;

/// A response: status, headers (besides the `Content-Length` and `Connection` added here) and body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    fn text(status: u16, text: &str) -> Response {
        Response::new(status, format!("{text}\n")).header("Content-Type", "text/plain; charset=utf-8")
    }
}

/// Why a request head was not taken.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The connection ended or went silent: nothing to answer.
    Gone,
    TooLarge,
    Malformed,
}

/// What a request head says: the request, and what follows it on the connection.
#[derive(Debug, PartialEq, Eq)]
struct Head {
    request: Request,
    body: Body,
    keep_alive: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Body {
    None,
    Length(u64),
    /// A `Transfer-Encoding`, or a `Content-Length` that is not one number.
    Refused,
}

/// Accepts connections for ever, each on a thread of its own, answering with `handle`.
pub fn run(listener: TcpListener, handle: Arc<dyn Fn(&Request) -> Response + Send + Sync>, takes: BodyLimit) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let mut stream = stream;
            let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
            let _ = write_response(&mut stream, &Response::text(503, "too many connections"), false, false);
            continue;
        }
        let handle = Arc::clone(&handle);
        let open = Arc::clone(&open);
        std::thread::spawn(move || {
            connection(stream, handle.as_ref(), takes);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Serves the requests of one connection until it closes, goes silent or breaks a limit.
fn connection(stream: TcpStream, handle: &(dyn Fn(&Request) -> Response + Send + Sync), takes: BodyLimit) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    loop {
        let mut head = match read_head(&mut reader) {
            Ok(head) => head,
            Err(HeadError::Gone) => return,
            Err(HeadError::TooLarge) => return refuse(&mut writer, 431, "request head too large"),
            Err(HeadError::Malformed) => return refuse(&mut writer, 400, "bad request"),
        };
        let limit = takes(&head.request);
        match head.body {
            Body::None => {}
            Body::Length(n) if n <= limit => {
                let mut body = Vec::with_capacity(n as usize);
                match (&mut reader).take(n).read_to_end(&mut body) {
                    Ok(read) if read as u64 == n => head.request.body = body,
                    _ => return,
                }
            }
            Body::Length(n) if n <= MAX_DRAINED_BODY => {
                if !drain(&mut reader, n) {
                    return;
                }
            }
            Body::Length(_) | Body::Refused => return refuse(&mut writer, 413, "request body not accepted"),
        }
        let response = handle(&head.request);
        let head_only = head.request.method == "HEAD";
        if write_response(&mut writer, &response, head_only, head.keep_alive).is_err() || !head.keep_alive {
            let _ = writer.shutdown(Shutdown::Both);
            return;
        }
    }
}

/// Answers `status` and closes the connection without reading what the client still sends.
fn refuse(writer: &mut TcpStream, status: u16, text: &str) {
    let _ = write_response(writer, &Response::text(status, text), false, false);
    let _ = writer.shutdown(Shutdown::Both);
}

/// Reads and throws away `n` bytes of body; false when the client stopped first.
fn drain(reader: &mut impl Read, n: u64) -> bool {
    std::io::copy(&mut reader.take(n), &mut std::io::sink()).is_ok_and(|copied| copied == n)
}

/// Reads one request head (at most [`MAX_HEAD`] bytes) and parses it.
fn read_head(reader: &mut impl BufRead) -> Result<Head, HeadError> {
    let mut raw = Vec::new();
    // Empty lines before a request line are allowed (RFC 9112, 2.2).
    loop {
        let line = read_line(reader, &mut raw)?;
        if !line.is_empty() {
            break;
        }
        raw.clear();
    }
    while !read_line(reader, &mut raw)?.is_empty() {}
    parse_head(&raw)
}

/// Appends one line (with its end) to `raw`; returns the line without its end.
fn read_line<'a>(reader: &mut impl BufRead, raw: &'a mut Vec<u8>) -> Result<&'a [u8], HeadError> {
    let start = raw.len();
    let limit = (MAX_HEAD + 1).saturating_sub(start) as u64;
    let read = reader.take(limit).read_until(b'\n', raw).map_err(|_| HeadError::Gone)?;
    if read == 0 {
        return Err(HeadError::Gone);
    }
    if raw.len() > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    if raw.last() != Some(&b'\n') {
        return Err(HeadError::Gone);
    }
    let mut line = &raw[start..raw.len() - 1];
    if line.last() == Some(&b'\r') {
        line = &line[..line.len() - 1];
    }
    Ok(line)
}

/// Parses a request head: `METHOD TARGET HTTP/1.x`, then `Name: value` lines.
fn parse_head(raw: &[u8]) -> Result<Head, HeadError> {
    let text = std::str::from_utf8(raw).map_err(|_| HeadError::Malformed)?;
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r')).filter(|l| !l.is_empty());
    let request_line = lines.next().ok_or(HeadError::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    let token =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token(method) || target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(HeadError::Malformed);
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(HeadError::Malformed),
    };
    let mut keep_alive = http11;
    let mut headers = Vec::new();
    let mut length: Option<u64> = None;
    let mut refused = false;
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
        if !token(name) {
            return Err(HeadError::Malformed);
        }
        let value = value.trim();
        headers.push((name.to_ascii_lowercase(), value.to_string()));
        if name.eq_ignore_ascii_case("content-length") {
            match (value.parse::<u64>(), length) {
                (Ok(n), None) if value.bytes().all(|b| b.is_ascii_digit()) => length = Some(n),
                (Ok(n), Some(m)) if n == m => {}
                _ => refused = true,
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            refused = true;
        } else if name.eq_ignore_ascii_case("connection") {
            let tokens = value.split(',').map(|t| t.trim().to_ascii_lowercase());
            for t in tokens {
                match t.as_str() {
                    "close" => keep_alive = false,
                    "keep-alive" => keep_alive = true,
                    _ => {}
                }
            }
        }
    }
    let body = match (refused, length) {
        (true, _) => Body::Refused,
        (false, None | Some(0)) => Body::None,
        (false, Some(n)) => Body::Length(n),
    };
    let request = Request { method: method.to_string(), target: target.to_string(), headers, body: Vec::new() };
    Ok(Head { request, body, keep_alive })
}

/// Writes a response; the body is left out for `HEAD` (its length is still given).
fn write_response(out: &mut impl Write, r: &Response, head_only: bool, keep_alive: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        // Header values come from the site (a redirect's path): no line breaks can pass.
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    head.push_str(if keep_alive { "Connection: keep-alive\r\n\r\n" } else { "Connection: close\r\n\r\n" });
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(&r.body)?;
    }
    out.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(raw: &str) -> Result<Head, HeadError> {
        read_head(&mut std::io::Cursor::new(raw.as_bytes().to_vec()))
    }

    #[test]
    fn bodies_are_told_from_their_headers() {
        let h = head("GET /en/ HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\nabc").unwrap();
        assert_eq!(h.body, Body::Length(99_999_999_999));
        assert_eq!(
            head("GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n").unwrap().body,
            Body::Refused
        );
        assert_eq!(head("GET / HTTP/1.1\r\nContent-Length: +5\r\n\r\n").unwrap().body, Body::Refused);
        assert_eq!(
            head("GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").unwrap().body,
            Body::Refused
        );
        assert_eq!(head("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap().body, Body::Refused);
        assert_eq!(head("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").unwrap().body, Body::None);
    }

    #[test]
    fn heads_are_limited_and_checked() {
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(head(&long), Err(HeadError::TooLarge));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(MAX_HEAD / 8));
        assert_eq!(head(&many), Err(HeadError::TooLarge));
        assert_eq!(head("GET / HTTP/2\r\n\r\n"), Err(HeadError::Malformed));
        assert_eq!(head("GET  / HTTP/1.1\r\n\r\n"), Err(HeadError::Malformed));
        assert_eq!(head("GET / HTTP/1.1\r\nno colon\r\n\r\n"), Err(HeadError::Malformed));
        assert_eq!(head("GET / HTTP/1.1\r\nHost: x"), Err(HeadError::Gone));
        assert_eq!(head(""), Err(HeadError::Gone));
        let h = head("\r\nGET /a?b HTTP/1.0\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(h.request.method, "GET");
        assert_eq!(h.request.target, "/a?b");
        assert_eq!(h.request.header("HOST"), Some("x"));
        assert!(!h.keep_alive);
    }

    #[test]
    fn header_values_cannot_break_lines() {
        let mut out = Vec::new();
        let r = Response::new(301, "").header("Location", "/a\r\nSet-Cookie: x");
        write_response(&mut out, &r, false, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Location: /aSet-Cookie: x\r\n"));
        assert_eq!(text.matches("\r\n").count(), 5);
    }
}
