//! `xtask serve DIR [HOST [PORT]]`: a small static file server for the demo
//! page (scripts/serve.sh), on a loopback address only, with the standard
//! library alone.
//!
//! HTTP/1.1 GET and HEAD, one request per connection (`Connection: close`),
//! one thread per connection with read and write timeouts. `/` and every
//! folder serve their index.html; the path is percent-decoded, `..` is
//! refused (403), and so is anything that resolves outside DIR through a
//! symbolic link. Every response says `Cache-Control: no-cache`, so a rebuilt
//! www/pkg is picked up on reload.

use super::{die, usage_error, Res};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const USAGE: &str = "usage: serve DIR [HOST [PORT]] (HOST: a loopback address, \
                         default 127.0.0.1; PORT default 8080, 0 for any free port)";

/// How long a client may take to send its request, and to take the response.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// The most a request line and headers may take together.
const MAX_HEAD: u64 = 16 * 1024;

/// The command: binds, prints `serving DIR at http://HOST:PORT/` and serves
/// until killed.
pub fn command(args: &[String]) -> Res<()> {
    let (dir, host, port) = match args {
        [dir] => (dir, "127.0.0.1", "8080"),
        [dir, host] => (dir, host.as_str(), "8080"),
        [dir, host, port] => (dir, host.as_str(), port.as_str()),
        _ => return usage_error(USAGE),
    };
    let Ok(port) = port.parse::<u16>() else {
        return usage_error(&format!("serve: not a port number: {port}"));
    };
    let root = Path::new(dir);
    if !root.is_dir() {
        return die(format!("serve: {dir} is not a folder"));
    }
    let listener = bind(host, port)?;
    let port = listener
        .local_addr()
        .or_else(|e| die(format!("serve: {e}")))?
        .port();
    let shown_host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    say(&format!("serving {dir} at http://{shown_host}:{port}/"));
    serve(listener, root.to_path_buf(), say)
}

/// One line on stdout; a closed stdout is not a reason to stop serving.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// A listener on HOST:PORT, refusing any address that is not loopback.
pub fn bind(host: &str, port: u16) -> Res<TcpListener> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = (bare, port)
        .to_socket_addrs()
        .or_else(|e| die(format!("serve: cannot resolve {host}: {e}")))?
        .collect();
    if addrs.is_empty() || !addrs.iter().all(|a| a.ip().is_loopback()) {
        return die(format!(
            "serve: {host} is not a loopback address (this server is for local use: \
             127.0.0.1, ::1 or localhost)"
        ));
    }
    TcpListener::bind(&addrs[..]).or_else(|e| die(format!("serve: cannot bind {host}:{port}: {e}")))
}

/// Accepts connections forever, each on its own thread; `log` gets one line
/// per request.
pub fn serve(listener: TcpListener, root: PathBuf, log: fn(&str)) -> Res<()> {
    let root = std::sync::Arc::new(root);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = std::sync::Arc::clone(&root);
        std::thread::spawn(move || {
            if let Some(line) = handle(stream, &root) {
                log(&line);
            }
        });
    }
    Ok(())
}

/// What a request path names.
#[derive(Debug, PartialEq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: where to go instead.
    Redirect(String),
    Forbidden,
    NotFound,
    BadRequest,
}

/// Maps a request target (`/pkg/parsi_bg.wasm?v=1`) to a file under `root`.
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target.split_once('#').map_or(target, |(p, _)| p), None),
    };
    if !path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let Some(bytes) = percent_decode(path) else {
        return Resolved::BadRequest;
    };
    let Ok(decoded) = String::from_utf8(bytes) else {
        return Resolved::NotFound;
    };
    if decoded.contains('\0') {
        return Resolved::BadRequest;
    }
    let mut file = root.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            p if p.contains('\\') || (cfg!(windows) && p.contains(':')) => {
                return Resolved::Forbidden
            }
            p => file.push(p),
        }
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            let mut to = format!("{path}/");
            if let Some(q) = query {
                to.push('?');
                to.push_str(q);
            }
            return Resolved::Redirect(to);
        }
        file.push("index.html");
    }
    // Symbolic links may point anywhere: the real path must stay inside root.
    let (Ok(real_root), Ok(real)) = (root.canonicalize(), file.canonicalize()) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&real_root) {
        return Resolved::Forbidden;
    }
    if !real.is_file() {
        return Resolved::NotFound;
    }
    Resolved::File(file)
}

/// `%XX` escapes decoded; None for a malformed escape. `+` stays `+` (a
/// path, not a form).
pub fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The Content-Type for a file name, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" | "cjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        // .d.ts among them: TypeScript has no registered type; show it as text.
        "txt" | "ts" | "md" | "conllu" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

/// Serves one connection; returns the log line for its request (none when
/// the client sent nothing usable in time).
fn handle(stream: TcpStream, root: &Path) -> Option<String> {
    let peer = stream
        .peer_addr()
        .map_or_else(|_| "-".to_string(), |a| a.ip().to_string());
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT)).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?).take(MAX_HEAD);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    if request_line.is_empty() {
        return None; // closed without a word
    }
    let request_line = request_line.trim_end().to_string();
    // The headers: read to the blank line, use none of them.
    let mut complete = false;
    let mut header = String::new();
    loop {
        header.clear();
        match reader.read_line(&mut header) {
            Ok(0) => break,
            Ok(_) if header.trim_end().is_empty() => {
                complete = true;
                break;
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    let mut out = stream;
    let parts: Vec<&str> = request_line.split(' ').collect();
    let (status, sent) = match parts[..] {
        _ if !complete && reader.limit() == 0 => respond_error(&mut out, 431, false),
        [method, target, version] if version.starts_with("HTTP/1.") && complete => {
            let head = method == "HEAD";
            if method != "GET" && !head {
                respond_error(&mut out, 405, head)
            } else {
                match resolve(root, target) {
                    Resolved::File(path) => respond_file(&mut out, &path, head),
                    Resolved::Redirect(to) => {
                        respond(&mut out, 301, &[("Location", &to)], b"", head)
                    }
                    Resolved::Forbidden => respond_error(&mut out, 403, head),
                    Resolved::NotFound => respond_error(&mut out, 404, head),
                    Resolved::BadRequest => respond_error(&mut out, 400, head),
                }
            }
        }
        _ => respond_error(&mut out, 400, false),
    };
    let _ = out.flush();
    let _ = out.shutdown(std::net::Shutdown::Write);
    let shown: String = request_line.chars().take(200).collect();
    Some(format!(
        "{peer} \"{}\" {status} {}",
        shown.escape_debug(),
        sent
    ))
}

/// Writes a status line, the common headers, `extra` and the body (none for
/// HEAD); returns the status and the body's length.
fn respond(
    out: &mut TcpStream,
    status: u16,
    extra: &[(&str, &str)],
    body: &[u8],
    head: bool,
) -> (u16, u64) {
    let mut h = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in extra {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    if !extra.iter().any(|(k, _)| *k == "Content-Type") {
        h.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    }
    h.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let _ = out.write_all(h.as_bytes());
    if !head {
        let _ = out.write_all(body);
    }
    (status, body.len() as u64)
}

fn respond_error(out: &mut TcpStream, status: u16, head: bool) -> (u16, u64) {
    let body = format!("{status} {}\n", reason(status));
    let extra: &[(&str, &str)] = if status == 405 {
        &[("Allow", "GET, HEAD")]
    } else {
        &[]
    };
    respond(out, status, extra, body.as_bytes(), head)
}

fn respond_file(out: &mut TcpStream, path: &Path, head: bool) -> (u16, u64) {
    let Ok(mut file) = std::fs::File::open(path) else {
        return respond_error(out, 404, head);
    };
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return respond_error(out, 500, head);
    };
    let h = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {len}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        content_type(path)
    );
    if out.write_all(h.as_bytes()).is_err() || head {
        return (200, if head { 0 } else { len });
    }
    let sent = std::io::copy(&mut (&mut file).take(len), out).unwrap_or(0);
    (200, sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A fresh folder: www/ with index.html, pkg/x.wasm, a sub/ folder and a
    /// secret.txt beside www/ (outside the served root).
    fn site(name: &str) -> PathBuf {
        let base = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let www = base.join("www");
        fs::create_dir_all(www.join("pkg")).unwrap();
        fs::create_dir_all(www.join("sub")).unwrap();
        fs::create_dir_all(www.join("a b")).unwrap();
        fs::write(www.join("index.html"), "<!doctype html><p>hi</p>\n").unwrap();
        fs::write(www.join("sub/index.html"), "sub\n").unwrap();
        fs::write(www.join("a b/c.txt"), "spaced\n").unwrap();
        fs::write(www.join("pkg/x_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        fs::write(base.join("secret.txt"), "outside\n").unwrap();
        www
    }

    #[test]
    fn resolves_index_and_percent_escapes() {
        let www = site("resolve");
        assert_eq!(resolve(&www, "/"), Resolved::File(www.join("index.html")));
        assert_eq!(
            resolve(&www, "/?x=1#y"),
            Resolved::File(www.join("index.html"))
        );
        assert_eq!(
            resolve(&www, "/index.html"),
            Resolved::File(www.join("index.html"))
        );
        assert_eq!(
            resolve(&www, "/sub/"),
            Resolved::File(www.join("sub/index.html"))
        );
        assert_eq!(
            resolve(&www, "/sub?q"),
            Resolved::Redirect("/sub/?q".into())
        );
        assert_eq!(
            resolve(&www, "/a%20b/c.txt"),
            Resolved::File(www.join("a b/c.txt"))
        );
        assert_eq!(
            resolve(&www, "/pkg/x%5Fbg.wasm"),
            Resolved::File(www.join("pkg/x_bg.wasm"))
        );
        assert_eq!(
            resolve(&www, "//pkg/./x_bg.wasm"),
            Resolved::File(www.join("pkg/x_bg.wasm"))
        );
        assert_eq!(resolve(&www, "/missing.js"), Resolved::NotFound);
        assert_eq!(resolve(&www, "/pkg/"), Resolved::NotFound); // no index.html there
        assert_eq!(resolve(&www, "/%zz"), Resolved::BadRequest);
        assert_eq!(resolve(&www, "/%4"), Resolved::BadRequest);
        assert_eq!(resolve(&www, "/a%00"), Resolved::BadRequest);
        assert_eq!(resolve(&www, "index.html"), Resolved::BadRequest);
        assert_eq!(resolve(&www, "http://x/index.html"), Resolved::BadRequest);
        assert_eq!(
            percent_decode("/a%2Fb+c%e2%9c%93").unwrap(),
            "/a/b+c✓".as_bytes()
        );
    }

    #[test]
    fn refuses_traversal() {
        let www = site("traversal");
        for target in [
            "/../secret.txt",
            "/pkg/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/sub/..",
            "/..\\secret.txt",
        ] {
            assert_eq!(resolve(&www, target), Resolved::Forbidden, "{target}");
        }
        // A symbolic link out of the root is refused too.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(www.join("../secret.txt"), www.join("link.txt")).unwrap();
            assert_eq!(resolve(&www, "/link.txt"), Resolved::Forbidden);
        }
    }

    #[test]
    fn content_types_by_extension() {
        let ct = |name: &str| content_type(Path::new(name));
        assert_eq!(ct("pkg/parsi_bg.wasm"), "application/wasm");
        assert_eq!(ct("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(ct("pkg/worker.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(ct("index.html"), "text/html; charset=utf-8");
        assert_eq!(ct("INDEX.HTM"), "text/html; charset=utf-8");
        assert_eq!(ct("style.css"), "text/css; charset=utf-8");
        assert_eq!(ct("package.json"), "application/json; charset=utf-8");
        assert_eq!(ct("parsi.js.map"), "application/json; charset=utf-8");
        assert_eq!(ct("parsi.d.ts"), "text/plain; charset=utf-8");
        assert_eq!(ct("notes.txt"), "text/plain; charset=utf-8");
        assert_eq!(ct("logo.svg"), "image/svg+xml");
        assert_eq!(ct("logo.png"), "image/png");
        assert_eq!(ct("model.bin"), "application/octet-stream");
        assert_eq!(ct("Makefile"), "application/octet-stream");
    }

    #[test]
    fn only_loopback() {
        assert!(bind("0.0.0.0", 0)
            .unwrap_err()
            .msg
            .contains("not a loopback address"));
        assert!(bind("127.0.0.1", 0).is_ok());
    }

    /// Sends one raw request; returns the response's head and body.
    fn get(addr: SocketAddr, request: &str) -> (String, Vec<u8>) {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut raw = vec![];
        s.read_to_end(&mut raw).unwrap();
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head")
            + 4;
        (
            String::from_utf8(raw[..end].to_vec()).unwrap(),
            raw[end..].to_vec(),
        )
    }

    #[test]
    fn serves_over_tcp() {
        let www = site("tcp");
        let listener = bind("127.0.0.1", 0).unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener, www, |_| {}));

        let (head, body) = get(addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(
            head.contains("Content-Type: text/html; charset=utf-8\r\n"),
            "{head}"
        );
        assert!(head.contains("Cache-Control: no-cache\r\n"), "{head}");
        assert_eq!(body, b"<!doctype html><p>hi</p>\n");

        let (head, body) = get(addr, "GET /pkg/x_bg.wasm HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(
            head.contains("Content-Type: application/wasm\r\n"),
            "{head}"
        );
        assert!(head.contains("Content-Length: 8\r\n"), "{head}");
        assert_eq!(body, b"\0asm\x01\0\0\0");

        let (head, body) = get(addr, "HEAD /pkg/x_bg.wasm HTTP/1.1\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("Content-Length: 8\r\n"), "{head}");
        assert!(body.is_empty());

        let (head, _) = get(addr, "GET /missing.js HTTP/1.1\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 404 Not Found\r\n"), "{head}");
        let (head, _) = get(addr, "GET /../secret.txt HTTP/1.1\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{head}");
        let (head, _) = get(addr, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert!(
            head.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
            "{head}"
        );
        assert!(head.contains("Allow: GET, HEAD\r\n"), "{head}");
        let (head, _) = get(addr, "GET /sub HTTP/1.1\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 301 "), "{head}");
        assert!(head.contains("Location: /sub/\r\n"), "{head}");
        let (head, _) = get(addr, "nonsense\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
    }
}
