//! The dev server's HTTP/1.1: one thread waits on every connection at once (`mio`: epoll,
//! kqueue), so no client, however slow, holds a thread, and the number of threads never
//! depends on the number of connections.
//!
//! Each connection sends one `GET` or `HEAD` and gets one reply, then `Connection: close`,
//! except the live-reload event streams, which stay open and get each new build's number.
//! Limits keep a flood from taking the server down:
//! - a request must arrive within [`REQUEST_TIMEOUT`] and a reply be taken within
//!   [`REPLY_TIMEOUT`], or the connection is closed (a client that opens and sends nothing,
//!   "slowloris", is dropped);
//! - at most [`MAX_CONNECTIONS`] connections wait for their request or reply: a new one closes
//!   the one that has waited longest for its request, so a fresh request is always read;
//! - at most [`MAX_EVENT_STREAMS`] pages get reload events: a new one closes the oldest.
//!
//! Replies share the site's bytes ([`Slice`]) instead of copying them for each connection.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

/// How long a client may take to send its request line and headers.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to receive a reply.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(60);
/// The most connections waiting for their request or reply (event streams not counted).
pub const MAX_CONNECTIONS: usize = 256;
/// The most open live-reload event streams (one per open page).
pub const MAX_EVENT_STREAMS: usize = 64;
/// The most a request line and its headers may take.
const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// How often an event stream gets a comment, so that a closed page is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long accepting waits when the process is out of file descriptors.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);

/// Bytes to send: part of a shared buffer (a site file), never a copy of it.
#[derive(Debug, Clone)]
pub struct Slice {
    bytes: Arc<[u8]>,
    range: Range<usize>,
}

impl Slice {
    /// All of `bytes`.
    pub fn whole(bytes: &Arc<[u8]>) -> Slice {
        Slice::part(bytes, 0..bytes.len())
    }

    /// `range` of `bytes`.
    pub fn part(bytes: &Arc<[u8]>, range: Range<usize>) -> Slice {
        Slice {
            bytes: Arc::clone(bytes),
            range,
        }
    }

    /// The bytes to send.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.range.clone()]
    }
}

impl From<Vec<u8>> for Slice {
    fn from(bytes: Vec<u8>) -> Slice {
        Slice::whole(&Arc::from(bytes))
    }
}

/// A reply: status, content type, where a redirect goes, and the body.
pub struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: &'static str,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
    /// The body, sent piece after piece.
    pub body: Vec<Slice>,
}

impl Reply {
    /// A reply with a body.
    pub fn new(status: u16, content_type: &'static str, body: Vec<Slice>) -> Reply {
        Reply {
            status,
            content_type,
            location: None,
            body,
        }
    }

    /// A plain-text reply.
    pub fn text(status: u16, text: &str) -> Reply {
        let body = vec![Slice::from(text.as_bytes().to_vec())];
        Reply::new(status, "text/plain; charset=utf-8", body)
    }

    /// A permanent redirect to `location` (a path on this host).
    pub fn redirect(location: String) -> Reply {
        Reply {
            location: Some(location),
            ..Reply::new(301, "text/html; charset=utf-8", Vec::new())
        }
    }

    /// The status line and headers, then the body (left out for `HEAD`).
    fn into_slices(self, head_only: bool) -> Vec<Slice> {
        let length: usize = self.body.iter().map(|s| s.as_bytes().len()).sum();
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {length}\r\nCache-Control: no-store\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
        );
        if let Some(location) = &self.location {
            head.push_str(&format!("Location: {location}\r\n"));
        }
        head.push_str("\r\n");
        let mut slices = vec![Slice::from(head.into_bytes())];
        if !head_only {
            slices.extend(self.body);
        }
        slices
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// How the server answers a `GET` (or `HEAD`) of a URL.
pub enum Answer {
    /// One reply, then the connection closes.
    Reply(Reply),
    /// The live-reload event stream: the current build's number now, each new one later.
    Events,
}

/// What is served: the server asks it for answers and for the current build's number.
pub trait Handler {
    /// The answer to `GET url` (`url` as the request line has it: path and query).
    fn answer(&self, url: &str) -> Answer;
    /// The number of the current build, sent on the event streams.
    fn generation(&self) -> u64;
}

/// Tells a running [`Server`] that a new build is ready, from any thread.
#[derive(Clone)]
pub struct Reloader(Arc<Waker>);

impl Reloader {
    /// Makes the server send the new build's number to every open page.
    pub fn announce(&self) {
        // Only fails if the server is gone: then no page is open either.
        let _ = self.0.wake();
    }
}

/// The HTTP server: a listening socket and every open connection.
pub struct Server {
    poll: Poll,
    listener: TcpListener,
    waker: Arc<Waker>,
    connections: HashMap<Token, Connection>,
    next_token: usize,
    next_keep_alive: Instant,
    /// Set when accepting failed for want of file descriptors: try again then.
    accept_again: Option<Instant>,
}

impl Server {
    /// A server on `listener` (not yet answering: see [`Server::run`]).
    pub fn new(listener: std::net::TcpListener) -> io::Result<Server> {
        listener.set_nonblocking(true)?;
        let mut listener = TcpListener::from_std(listener);
        let poll = Poll::new()?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        Ok(Server {
            poll,
            listener,
            waker,
            connections: HashMap::new(),
            next_token: WAKER.0 + 1,
            next_keep_alive: Instant::now() + KEEP_ALIVE,
            accept_again: None,
        })
    }

    /// A handle that tells this server a new build is ready.
    pub fn reloader(&self) -> Reloader {
        Reloader(Arc::clone(&self.waker))
    }

    /// Answers connections with `handler` until the process stops.
    pub fn run(mut self, handler: &dyn Handler) -> io::Result<()> {
        let mut events = Events::with_capacity(256);
        loop {
            let timeout = self
                .next_deadline()
                .map(|at| at.saturating_duration_since(Instant::now()));
            match self.poll.poll(&mut events, timeout) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            }
            for event in &events {
                match event.token() {
                    LISTENER => self.accept_all(),
                    WAKER => self.send_to_streams(&format!("data: {}\n\n", handler.generation())),
                    token => self.advance(token, handler),
                }
            }
            self.on_time();
        }
    }

    /// The next moment something is due: a connection's deadline, a keep-alive, a retry.
    fn next_deadline(&self) -> Option<Instant> {
        let streams = self.connections.values().any(Connection::is_stream);
        let keep_alive = streams.then_some(self.next_keep_alive);
        self.connections
            .values()
            .filter_map(|c| c.deadline)
            .chain(keep_alive)
            .chain(self.accept_again)
            .min()
    }

    /// Closes connections past their deadline, sends keep-alives and retries accepting.
    fn on_time(&mut self) {
        let now = Instant::now();
        let expired: Vec<Token> = self
            .connections
            .iter()
            .filter(|(_, c)| c.deadline.is_some_and(|d| d <= now))
            .map(|(t, _)| *t)
            .collect();
        for token in expired {
            self.close(token);
        }
        if now >= self.next_keep_alive {
            self.send_to_streams(": keep-alive\n\n");
            self.next_keep_alive = now + KEEP_ALIVE;
        }
        if self.accept_again.is_some_and(|at| at <= now) {
            self.accept_all();
        }
    }

    /// Accepts every waiting connection (the poll reports a change, not each connection).
    fn accept_all(&mut self) {
        self.accept_again = None;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => self.add(stream),
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) if is_out_of_descriptors(&err) => {
                    // Make room, or try again shortly instead of spinning on the error.
                    if !self.close_longest_waiting() {
                        self.accept_again = Some(Instant::now() + ACCEPT_PAUSE);
                        return;
                    }
                }
                // An error of one connection (it was reset before it was accepted).
                Err(_) => {}
            }
        }
    }

    /// Registers a new connection, first closing the longest-waiting one if at the limit.
    fn add(&mut self, mut stream: TcpStream) {
        let waiting = self.connections.values().filter(|c| !c.is_stream()).count();
        if waiting >= MAX_CONNECTIONS && !self.close_longest_waiting() {
            return; // every slot is sending a reply: this connection closes unanswered
        }
        let token = Token(self.next_token);
        self.next_token += 1;
        let interest = Interest::READABLE | Interest::WRITABLE;
        if self
            .poll
            .registry()
            .register(&mut stream, token, interest)
            .is_ok()
        {
            self.connections.insert(token, Connection::new(stream));
        }
    }

    /// Closes the connection that has waited longest for its request; false if none waits.
    fn close_longest_waiting(&mut self) -> bool {
        let oldest = self
            .connections
            .iter()
            .filter(|(_, c)| matches!(c.phase, Phase::Reading(_)))
            .min_by_key(|(_, c)| c.since)
            .map(|(t, _)| *t);
        oldest.map(|token| self.close(token)).is_some()
    }

    /// Moves a connection on after the poll said it is ready.
    fn advance(&mut self, token: Token, handler: &dyn Handler) {
        let Some(connection) = self.connections.get_mut(&token) else {
            return;
        };
        match connection.advance(handler) {
            Step::Wait => {}
            Step::Close => self.close(token),
            Step::Stream => self.limit_streams(),
        }
    }

    /// Closes the oldest event streams past [`MAX_EVENT_STREAMS`].
    fn limit_streams(&mut self) {
        let mut streams: Vec<(Instant, Token)> = self
            .connections
            .iter()
            .filter(|(_, c)| c.is_stream())
            .map(|(t, c)| (c.since, *t))
            .collect();
        if streams.len() <= MAX_EVENT_STREAMS {
            return;
        }
        streams.sort();
        let excess = streams.len() - MAX_EVENT_STREAMS;
        for (_, token) in streams.into_iter().take(excess) {
            self.close(token);
        }
    }

    /// Sends `message` on every event stream; a page that does not take it is closed (it
    /// reconnects by itself if it is still open).
    fn send_to_streams(&mut self, message: &str) {
        let failed: Vec<Token> = self
            .connections
            .iter()
            .filter(|(_, c)| c.is_stream() && !c.send_all(message.as_bytes()))
            .map(|(t, _)| *t)
            .collect();
        for token in failed {
            self.close(token);
        }
    }

    fn close(&mut self, token: Token) {
        if let Some(mut connection) = self.connections.remove(&token) {
            let _ = self.poll.registry().deregister(&mut connection.stream);
        }
    }
}

/// `accept` failed because the process or the system has no file descriptor left.
fn is_out_of_descriptors(err: &io::Error) -> bool {
    // EMFILE and ENFILE on Linux and the BSDs.
    matches!(err.raw_os_error(), Some(23 | 24))
}

/// One client's connection.
struct Connection {
    stream: TcpStream,
    phase: Phase,
    /// When it was accepted (or became an event stream).
    since: Instant,
    /// When it is closed if it is not done by then (never for an event stream).
    deadline: Option<Instant>,
}

enum Phase {
    /// Reading the request line and headers, kept here until they are whole.
    Reading(Vec<u8>),
    /// Sending a reply, then closing.
    Writing(Outgoing),
    /// An open page's live-reload stream.
    Stream,
}

/// What a connection asks of the server after a step.
enum Step {
    Wait,
    Close,
    /// It became an event stream (the server keeps their number in bounds).
    Stream,
}

impl Connection {
    fn new(stream: TcpStream) -> Connection {
        let now = Instant::now();
        Connection {
            stream,
            phase: Phase::Reading(Vec::new()),
            since: now,
            deadline: Some(now + REQUEST_TIMEOUT),
        }
    }

    fn is_stream(&self) -> bool {
        matches!(self.phase, Phase::Stream)
    }

    /// Sends a few bytes at once, without waiting: an event stream's client that does not
    /// take them (its socket full) is not reading and is given up.
    fn send_all(&self, bytes: &[u8]) -> bool {
        matches!((&self.stream).write(bytes), Ok(n) if n == bytes.len())
    }

    /// Does what can be done without waiting: read the request, answer it, send the reply.
    fn advance(&mut self, handler: &dyn Handler) -> Step {
        match self.phase {
            Phase::Reading(_) => self.advance_reading(handler),
            Phase::Writing(_) => self.advance_writing(),
            Phase::Stream => match drain(&mut self.stream) {
                true => Step::Wait,
                false => Step::Close,
            },
        }
    }

    /// Reads what has arrived of the request, and answers it once it is whole.
    fn advance_reading(&mut self, handler: &dyn Handler) -> Step {
        let Phase::Reading(head) = &mut self.phase else {
            return Step::Wait;
        };
        match read_head(&mut self.stream, head) {
            Head::Incomplete => Step::Wait,
            Head::Closed => Step::Close,
            Head::TooLarge => self.reply(Reply::text(431, "request too large"), false),
            Head::Complete => {
                let head = std::mem::take(head);
                self.answer(&head, handler)
            }
        }
    }

    /// Sends what the socket takes of the reply; closes when it is all sent.
    fn advance_writing(&mut self) -> Step {
        let Phase::Writing(out) = &mut self.phase else {
            return Step::Wait;
        };
        match out.send(&mut self.stream) {
            Ok(true) => {
                let _ = self.stream.shutdown(Shutdown::Write);
                Step::Close
            }
            Ok(false) => Step::Wait,
            Err(_) => Step::Close,
        }
    }

    /// Answers a whole request head.
    fn answer(&mut self, head: &[u8], handler: &dyn Handler) -> Step {
        let Some((method, url)) = request_line(head) else {
            return self.reply(Reply::text(400, "bad request"), false);
        };
        let head_only = method == "HEAD";
        if method != "GET" && !head_only {
            return self.reply(Reply::text(405, "method not allowed"), head_only);
        }
        match handler.answer(&url) {
            Answer::Reply(reply) => self.reply(reply, head_only),
            Answer::Events => self.start_stream(handler.generation()),
        }
    }

    /// Starts sending `reply`.
    fn reply(&mut self, reply: Reply, head_only: bool) -> Step {
        self.phase = Phase::Writing(Outgoing::new(reply.into_slices(head_only)));
        self.deadline = Some(Instant::now() + REPLY_TIMEOUT);
        self.advance_writing()
    }

    /// Turns the connection into an event stream that starts with build `generation`.
    fn start_stream(&mut self, generation: u64) -> Step {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 500\n\ndata: {generation}\n\n"
        );
        if !self.send_all(head.as_bytes()) {
            return Step::Close;
        }
        self.phase = Phase::Stream;
        self.since = Instant::now();
        self.deadline = None;
        Step::Stream
    }
}

/// The state of a request head after reading what has arrived.
enum Head {
    Incomplete,
    Complete,
    TooLarge,
    Closed,
}

/// Reads what has arrived into `head` and says whether the headers are whole.
fn read_head(stream: &mut TcpStream, head: &mut Vec<u8>) -> Head {
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return Head::Closed,
            Ok(n) => {
                // Look for the blank line only in what is new (and the 3 bytes before it).
                let from = head.len().saturating_sub(3);
                head.extend_from_slice(&chunk[..n]);
                if ends_head(&head[from..]) {
                    return Head::Complete;
                }
                if head.len() > MAX_REQUEST_BYTES {
                    return Head::TooLarge;
                }
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Head::Incomplete,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Head::Closed,
        }
    }
}

/// Whether `bytes` hold the blank line that ends a request's headers.
fn ends_head(bytes: &[u8]) -> bool {
    bytes.windows(4).any(|w| w == b"\r\n\r\n") || bytes.windows(2).any(|w| w == b"\n\n")
}

/// The method and target of a request head's first line.
fn request_line(head: &[u8]) -> Option<(String, String)> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split_whitespace();
    Some((parts.next()?.to_string(), parts.next()?.to_string()))
}

/// Reads and drops what an event stream's client sends; false once it has gone.
fn drain(stream: &mut TcpStream) -> bool {
    let mut chunk = [0u8; 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => return true,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// A reply being sent: its slices and how far it has got.
struct Outgoing {
    slices: Vec<Slice>,
    /// The slice being sent and the bytes of it sent so far.
    at: (usize, usize),
}

impl Outgoing {
    fn new(slices: Vec<Slice>) -> Outgoing {
        Outgoing { slices, at: (0, 0) }
    }

    /// Sends what the socket takes now; true when all is sent.
    fn send(&mut self, stream: &mut TcpStream) -> io::Result<bool> {
        while let Some(slice) = self.slices.get(self.at.0) {
            let rest = &slice.as_bytes()[self.at.1..];
            if rest.is_empty() {
                self.at = (self.at.0 + 1, 0);
                continue;
            }
            match stream.write(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => self.at.1 += n,
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_end_of_request_heads() {
        assert!(ends_head(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assert!(ends_head(b"GET / HTTP/1.0\n\n"));
        assert!(!ends_head(b"GET / HTTP/1.1\r\nHost: a\r\n"));
    }

    #[test]
    fn reads_method_and_target() {
        let line = request_line(b"GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(line, Some(("GET".into(), "/a?b=1".into())));
        assert_eq!(request_line(b"GARBAGE\r\n\r\n"), None);
    }

    #[test]
    fn head_replies_keep_the_length_and_drop_the_body() {
        let reply = || Reply::text(200, "hello");
        let head = reply().into_slices(true);
        assert_eq!(head.len(), 1);
        let text = String::from_utf8(head[0].as_bytes().to_vec()).unwrap();
        assert!(text.contains("Content-Length: 5\r\n"), "{text}");
        assert_eq!(reply().into_slices(false).len(), 2);
    }
}
