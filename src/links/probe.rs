//! Asking links: a blocking HTTP client (ureq, with rustls and the Mozilla root certificates
//! compiled in, so no system store is needed and no async runtime is pulled in) on a few
//! threads, at most [`PER_HOST`] requests at a time to one host, so that a page of fifty links
//! to one UN server does not look like an attack.

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
        .redirects(REDIRECTS)
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

/// Asks one address: `HEAD`, then `GET` when `HEAD` is refused.
fn probe(agent: &ureq::Agent, address: &str) -> Outcome {
    let answer = match agent.head(address).call() {
        Err(ureq::Error::Status(405 | 501, _)) => agent.get(address).call(),
        other => other,
    };
    match answer {
        Ok(response) => {
            let asked = url::Url::parse(address).map(|u| u.to_string()).unwrap_or_else(|_| address.to_string());
            if response.get_url() == asked {
                Outcome::Ok
            } else {
                Outcome::Redirected(response.get_url().to_string())
            }
        }
        Err(ureq::Error::Status(code, response)) => {
            let status = format!("{code} {}", response.status_text()).trim().to_string();
            match code {
                404 | 410 => Outcome::Broken(status),
                500..=599 => Outcome::Doubtful(format!("{status} (a server error: it may pass next time)")),
                _ => Outcome::Doubtful(status),
            }
        }
        Err(ureq::Error::Transport(t)) => transport(&t),
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
