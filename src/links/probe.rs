//! Asking links: a blocking HTTP client (ureq, with rustls and the Mozilla root certificates
//! compiled in, so no system store is needed and no async runtime is pulled in) on a few
//! threads, at most [`PER_HOST`] requests at a time to one host, so that a page of fifty links
//! to one UN server does not look like an attack.
//!
//! Redirects are followed here, not by the client, so that one rule judges every address a
//! server sends: a `Location` must be an `http:` or `https:` address (relative ones are resolved
//! against the address asked); a `file:`, `javascript:` or malformed one, or none at all, makes
//! the link doubtful, never a panic and never "working". A panic of the client on one address
//! (its last line of defence) becomes a doubtful finding for that address alone.

use super::Outcome;
use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Threads asking at once.
const THREADS: usize = 8;
/// Requests at once to one host.
const PER_HOST: usize = 2;
/// Redirects followed before giving up.
const REDIRECTS: u32 = 10;

/// What the threads share: the addresses left to ask and the requests under way per host.
struct Queue {
    left: Vec<usize>,
    busy: HashMap<String, usize>,
}

/// Asks every address; the outcomes in the same order.
pub fn probe_all(addresses: &[&str], timeout: Duration) -> Vec<Outcome> {
    let agent = ureq::AgentBuilder::new()
        .timeout(timeout)
        .redirects(0)
        .user_agent(concat!("imrf-link-checker/", env!("CARGO_PKG_VERSION")))
        .build();
    let hosts: Vec<String> = addresses.iter().map(|a| super::host_of(a).unwrap_or_default()).collect();
    // Reversed, so that `pop` asks them in order.
    let queue = Mutex::new(Queue { left: (0..addresses.len()).rev().collect(), busy: HashMap::new() });
    let turn = Condvar::new();
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; addresses.len()]);
    std::thread::scope(|scope| {
        for _ in 0..THREADS.min(addresses.len()) {
            scope.spawn(|| {
                while let Some(i) = next(&queue, &turn, &hosts) {
                    let outcome = probe(&agent, addresses[i]);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(n) = q.busy.get_mut(&hosts[i]) {
                        *n -= 1;
                    }
                    turn.notify_all();
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.into_iter().map(|r| r.unwrap_or(Outcome::Doubtful("not asked".to_string()))).collect()
}

/// The next address whose host has a free place; `None` when every address is taken.
fn next(queue: &Mutex<Queue>, turn: &Condvar, hosts: &[String]) -> Option<usize> {
    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if q.left.is_empty() {
            return None;
        }
        let free = q.left.iter().rposition(|&i| q.busy.get(&hosts[i]).copied().unwrap_or(0) < PER_HOST);
        if let Some(at) = free {
            let i = q.left.remove(at);
            *q.busy.entry(hosts[i].clone()).or_default() += 1;
            return Some(i);
        }
        q = turn.wait(q).unwrap_or_else(|e| e.into_inner());
    }
}

/// Asks one address, following its redirects; a panic of the client is a doubtful outcome.
fn probe(agent: &ureq::Agent, address: &str) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| follow(agent, address)))
        .unwrap_or_else(|_| Outcome::Doubtful("the HTTP client failed on this address".to_string()))
}

/// Asks `address`, then each address it redirects to (at most [`REDIRECTS`]).
fn follow(agent: &ureq::Agent, address: &str) -> Outcome {
    let Ok(mut at) = url::Url::parse(address) else {
        return Outcome::Broken("it is not a valid address".to_string());
    };
    for _ in 0..=REDIRECTS {
        let response = match ask(agent, at.as_str()) {
            Ok(r) => r,
            Err(outcome) => return outcome,
        };
        if !(300..400).contains(&response.status()) || response.status() == 304 {
            let asked = url::Url::parse(address).map(|u| u.to_string()).unwrap_or_else(|_| address.to_string());
            return if at.as_str() == asked { Outcome::Ok } else { Outcome::Redirected(at.to_string()) };
        }
        at = match redirect_target(&at, response.header("location")) {
            Ok(next) => next,
            Err(why) => return Outcome::Doubtful(format!("{} {why}", response.status())),
        };
    }
    Outcome::Doubtful(format!("more than {REDIRECTS} redirects"))
}

/// Where a redirect from `from` leads: only to an `http:` or `https:` address.
fn redirect_target(from: &url::Url, location: Option<&str>) -> Result<url::Url, String> {
    let Some(location) = location.map(str::trim).filter(|l| !l.is_empty()) else {
        return Err("redirects without saying where (no Location)".to_string());
    };
    let shown = crate::urls::shorten(location);
    let next = from.join(location).map_err(|_| format!("redirects to `{shown}`, which is not an address"))?;
    if !matches!(next.scheme(), "http" | "https") || next.host_str().is_none_or(str::is_empty) {
        return Err(format!("redirects to `{shown}`, which is not a web address"));
    }
    Ok(next)
}

/// One request: `HEAD`, then `GET` when `HEAD` is refused. A 2xx or 3xx answer is returned; any
/// other ends the probe with its outcome.
fn ask(agent: &ureq::Agent, address: &str) -> Result<ureq::Response, Outcome> {
    let answer = match agent.head(address).call() {
        Err(ureq::Error::Status(405 | 501, _)) => agent.get(address).call(),
        other => other,
    };
    match answer {
        Ok(response) => Ok(response),
        Err(ureq::Error::Status(code, response)) => {
            let status = format!("{code} {}", response.status_text()).trim().to_string();
            Err(match code {
                404 | 410 => Outcome::Broken(status),
                500..=599 => Outcome::Doubtful(format!("{status} (a server error: it may pass next time)")),
                _ => Outcome::Doubtful(status),
            })
        }
        Err(ureq::Error::Transport(t)) => Err(transport(&t)),
    }
}

/// A failure before any answer.
fn transport(t: &ureq::Transport) -> Outcome {
    use std::error::Error;
    let io_kind = {
        let mut source: Option<&(dyn Error + 'static)> = t.source();
        let mut kind = None;
        while let Some(e) = source {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                kind = Some(io.kind());
            }
            source = e.source();
        }
        kind
    };
    let detail = t.message().map(|m| format!(" ({m})")).unwrap_or_default();
    match (t.kind(), io_kind) {
        (_, Some(std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock)) => {
            Outcome::Doubtful("no answer in time (--timeout)".to_string())
        }
        (ureq::ErrorKind::Dns, _) => Outcome::Broken(format!("its host was not found (DNS){detail}")),
        (ureq::ErrorKind::ConnectionFailed, Some(std::io::ErrorKind::ConnectionRefused)) => {
            Outcome::Broken("the connection was refused".to_string())
        }
        (ureq::ErrorKind::ConnectionFailed, _) => Outcome::Broken(format!("no connection{detail}")),
        (kind, _) => Outcome::Doubtful(format!("{kind}{detail}")),
    }
}
