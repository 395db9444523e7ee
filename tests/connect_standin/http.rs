//! HTTP/1.1 on a std `TcpStream`, just enough for the SDK's client: one request read at a time
//! (`Content-Length` or chunked body, `Expect: 100-continue`), one response written at a time,
//! whole or cut off halfway.

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

/// The largest body the stand-in accepts (flows are a few hundred kilobytes at most).
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// A request as it came off the wire.
pub struct RawRequest {
    pub method: String,
    /// The request target as sent: path and, after `?`, the query, both still percent-encoded.
    pub target: String,
    /// Header names lowercased, in the order received; values trimmed.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The first value of a header (name in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The path part of the target, still percent-encoded.
    pub fn raw_path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(path, _)| path)
    }

    /// The query part of the target (without `?`), still percent-encoded.
    pub fn raw_query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    /// Whether the client asked to close the connection after this exchange.
    pub fn wants_close(&self) -> bool {
        self.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

/// A response to write.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// How a response goes out, if at all.
pub enum Delivery {
    /// Whole.
    Full(Response),
    /// The head with the whole body's `Content-Length`, half the body, then the connection
    /// closed.
    Cut(Response),
    /// Never: the connection is held without a byte sent, then closed.
    Withheld,
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// One line without its CRLF; `None` at end of stream.
fn read_line(reader: &mut BufReader<TcpStream>) -> io::Result<Option<String>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let trimmed = line.trim_end_matches(['\r', '\n']).len();
    line.truncate(trimmed);
    Ok(Some(line))
}

/// Reads the next request; `Ok(None)` when the client closed the connection between requests.
/// `writer` is the same connection, for the interim `100 Continue`, sent only if `may_continue`
/// says so once the headers are in (a silent stand-in sends nothing at all).
pub fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
    may_continue: impl FnOnce() -> bool,
) -> io::Result<Option<RawRequest>> {
    let Some(request_line) = read_line(reader)? else { return Ok(None) };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid("malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(invalid("not HTTP/1.x"));
    }
    let mut request =
        RawRequest { method: method.to_owned(), target: target.to_owned(), headers: Vec::new(), body: Vec::new() };
    loop {
        let Some(line) = read_line(reader)? else { return Err(invalid("end of stream inside headers")) };
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else { return Err(invalid("malformed header")) };
        request.headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    if request.header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) && may_continue() {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let chunked = request.header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    request.body = if chunked {
        read_chunked(reader)?
    } else {
        let length = match request.header("content-length") {
            Some(value) => value.parse::<usize>().map_err(|_| invalid("bad content-length"))?,
            None => 0,
        };
        if length > MAX_BODY_BYTES {
            return Err(invalid("body too large"));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    };
    Ok(Some(request))
}

/// A chunked body, chunk extensions and trailers dropped.
fn read_chunked(reader: &mut BufReader<TcpStream>) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let Some(size_line) = read_line(reader)? else { return Err(invalid("end of stream inside chunks")) };
        let size_text = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| invalid("bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            while read_line(reader)?.is_some_and(|line| !line.is_empty()) {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY_BYTES {
            return Err(invalid("body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf)?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Internal Server Error",
    }
}

/// The status line and headers, `Content-Length` the whole body's.
fn head(response: &Response, close: bool) -> String {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
    for (name, value) in &response.headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    let _ = write!(head, "Content-Length: {}\r\n", response.body.len());
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    head
}

/// Writes one response with a `Content-Length` body.
pub fn write_response(writer: &mut TcpStream, response: &Response, close: bool) -> io::Result<()> {
    writer.write_all(head(response, close).as_bytes())?;
    writer.write_all(response.body.as_bytes())?;
    writer.flush()
}

/// Writes the head of `response` and only the first half of its body; the caller then closes
/// the connection.
pub fn write_cut_response(writer: &mut TcpStream, response: &Response) -> io::Result<()> {
    let body = response.body.as_bytes();
    writer.write_all(head(response, false).as_bytes())?;
    writer.write_all(body.get(..body.len() / 2).unwrap_or_default())?;
    writer.flush()
}
