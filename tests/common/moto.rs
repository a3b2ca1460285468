//! A moto server (a real AWS API emulator) on a free 127.0.0.1 port, one per test for
//! isolation, stopped when dropped. `.ci/run` installs moto into `.venv-moto`; the path can be
//! overridden with BASELINE_MOTO_SERVER.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    /// Starts moto and waits until it accepts connections.
    pub fn start() -> Moto {
        let bin = std::env::var_os("BASELINE_MOTO_SERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv-moto/bin/moto_server"));
        assert!(bin.exists(), "moto_server not found at {}; run `bash .ci/run` once to install it", bin.display());
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let child = Command::new(&bin)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start moto_server");
            let mut m = Moto { child, port };
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(30) {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return m;
                }
                if let Ok(Some(_)) = m.child.try_wait() {
                    break; // port taken meanwhile: try another
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = m.child.kill();
        }
        panic!("moto_server did not start");
    }

    /// The endpoint URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Environment for baseline and SDK clients: fake credentials, this endpoint, nothing else.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_ENDPOINT_URL", self.url()),
            ("AWS_CONFIG_FILE", "/nonexistent".into()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ]
    }

    /// Forgets everything the server holds (moto's `POST /moto-api/reset`), as a fresh server.
    pub fn reset(&self) -> Result<(), String> {
        let (status, body) = self.http("POST", "/moto-api/reset")?;
        if status != 200 {
            return Err(format!("moto reset: HTTP {status}: {body}"));
        }
        Ok(())
    }

    /// One HTTP/1.0 request without a body; the status code and the body.
    fn http(&self, method: &str, path: &str) -> Result<(u16, String), String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| format!("connect to moto: {e}"))?;
        s.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
        let req = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
        s.write_all(req.as_bytes()).map_err(|e| format!("write to moto: {e}"))?;
        let mut out = Vec::new();
        s.read_to_end(&mut out).map_err(|e| format!("read from moto: {e}"))?;
        let text = String::from_utf8_lossy(&out);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).ok_or("moto sent no status line")?;
        Ok((status, body.to_string()))
    }

    /// An SDK config pointing at this server, for independent checks.
    pub async fn sdk_config(&self, region: &str) -> aws_config::SdkConfig {
        let creds = aws_credential_types::Credentials::new("testing", "testing", None, None, "moto");
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_string()))
            .credentials_provider(creds)
            .endpoint_url(self.url())
            .load()
            .await
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
