//! `dealdesk probe`: exits 0 when a running server's `/healthz` answers 200. For container
//! healthchecks in an image with no shell or curl.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::config::Config;

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// `http://HOST:PORT/PATH` to check [default: /healthz on server.addr].
    #[arg(long)]
    url: Option<String>,
}

pub fn run(config: &Config, args: &ProbeArgs) -> Result<ExitCode> {
    let url = match &args.url {
        Some(u) => u.clone(),
        None => {
            // A server listening on every interface is reached through loopback.
            let addr = config
                .server
                .addr
                .replace("0.0.0.0", "127.0.0.1")
                .replace("[::]", "[::1]");
            format!("http://{addr}/healthz")
        }
    };
    let Some(rest) = url.strip_prefix("http://") else {
        bail!("{url}: only http:// URLs can be probed");
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let timeout = Duration::from_secs(3);
    let addr = host
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve {host}"))?
        .next()
        .with_context(|| format!("{host} has no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .with_context(|| format!("cannot reach {url}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut head = [0u8; 32];
    let n = stream.read(&mut head).context("no response")?;
    let status_line = String::from_utf8_lossy(&head[..n]);
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    if status == "200" {
        out!("{url}: ok")?;
        Ok(ExitCode::SUCCESS)
    } else {
        bail!("{url}: status {status}")
    }
}
