//! A real SMTP server for tests: `python3 -m aiosmtpd` writing each message to a Maildir.
//! Used by this crate's tests and the server's; never by the product.

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A running aiosmtpd, killed on drop.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
    /// Messages already decoded, by file (a delivered message's file never changes): each
    /// decoding starts a Python process.
    decoded: Mutex<HashMap<PathBuf, ReceivedMail>>,
}

/// One received message, decoded by Python's `email` package.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(2525)
}

impl SmtpSink {
    /// Starts the sink on `port` (or a free one). Fails when aiosmtpd is not installed
    /// (`pip install aiosmtpd`): tests must use a real SMTP server.
    pub fn start_on(port: Option<u16>) -> Result<SmtpSink, String> {
        let port = port.unwrap_or_else(free_port);
        let dir = std::env::temp_dir().join(format!("realis-smtp-{}-{port}", std::process::id()));
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(dir.join(sub)).map_err(|e| e.to_string())?;
        }
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start python3 -m aiosmtpd: {e}"))?;
        let mut sink = SmtpSink {
            child,
            port,
            dir,
            decoded: Mutex::new(HashMap::new()),
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = sink.child.try_wait() {
                return Err(format!(
                    "aiosmtpd exited ({status}); install it with `pip install aiosmtpd`"
                ));
            }
            if Instant::now() > deadline {
                return Err("aiosmtpd did not start listening within 15 s".to_owned());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(sink)
    }

    pub fn start() -> Result<SmtpSink, String> {
        Self::start_on(None)
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, decoded, in the order of their files' names.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("new")) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let Ok(mut decoded) = self.decoded.lock() else {
            return paths.iter().filter_map(decode).collect();
        };
        paths
            .into_iter()
            .filter_map(|p| match decoded.get(&p) {
                Some(m) => Some(m.clone()),
                None => {
                    let m = decode(&p)?;
                    decoded.insert(p, m.clone());
                    Some(m)
                }
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived (up to 15 s).
    pub fn wait_for(&self, n: usize) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let m = self.messages();
            if m.len() >= n || Instant::now() > deadline {
                return m;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

const DECODE: &str = r#"
import email, sys, json
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
def part(kind):
    b = m.get_body((kind,))
    return b.get_content() if b is not None else ''
print(json.dumps({'to': str(m['To']), 'subject': str(m['Subject']), 'text': part('plain'), 'html': part('html')}))
"#;

fn decode(path: &PathBuf) -> Option<ReceivedMail> {
    let out = Command::new("python3")
        .args(["-c", DECODE])
        .arg(path)
        .output()
        .ok()?;
    let s = String::from_utf8(out.stdout).ok()?;
    // Tiny JSON reading without a dependency: Python escapes with json.dumps; use its own format.
    let field = |name: &str| -> String {
        let key = format!("\"{name}\": \"");
        let Some(start) = s.find(&key) else {
            return String::new();
        };
        let rest = &s[start + key.len()..];
        let mut out = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('r') => {}
                    Some('t') => out.push('\t'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        if let Some(ch) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            out.push(ch);
                        }
                    }
                    Some(other) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        out
    };
    Some(ReceivedMail {
        to: field("to"),
        subject: field("subject"),
        text: field("text"),
        html: field("html"),
    })
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
