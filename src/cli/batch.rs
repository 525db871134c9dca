//! `--batch` input: one question a line, read as a stream so input of any size runs in bounded
//! memory. A line that is not UTF-8 or is too long is an error of that line alone, with its
//! number; the other lines are still answered.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use dealdesk_core::eval::percentile;
use dealdesk_core::retrieve::MAX_QUERY_CHARS;

/// Bytes kept of a line: enough for the longest question in any script (4 bytes a char).
const MAX_LINE_BYTES: usize = MAX_QUERY_CHARS * 4;

/// How long each line of a batch took, from its text to its JSON line: what `--latency`
/// reports, without the process start and the freshness check that the batch's mean hides.
#[derive(Default)]
pub struct Latencies(Vec<Duration>);

impl Latencies {
    /// Runs `line`, timing it.
    pub fn time<T>(&mut self, line: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = line();
        self.0.push(started.elapsed());
        out
    }

    /// One line for standard error: the count, p50, p99, mean and max, in milliseconds.
    pub fn summary(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let total: Duration = self.0.iter().sum();
        let mean = total / u32::try_from(self.0.len().max(1)).unwrap_or(u32::MAX);
        let max = self.0.iter().max().copied().unwrap_or_default();
        format!(
            "latency: {} lines, p50 {:.3} ms, p99 {:.3} ms, mean {:.3} ms, max {:.3} ms",
            self.0.len(),
            ms(percentile(&self.0, 0.5)),
            ms(percentile(&self.0, 0.99)),
            ms(mean),
            ms(max)
        )
    }
}

/// One line of a batch: its number (from 1) and its text, or why it cannot be a question.
pub struct Line {
    pub n: usize,
    pub text: Result<String, String>,
}

/// The JSON line that reports why line `n` (`question`) got no answer.
pub fn error_line(n: usize, question: String, error: String) -> serde_json::Result<String> {
    serde_json::to_string(&dealdesk_core::wire::BatchErrorJson {
        line: n,
        question,
        error,
    })
}

/// The lines of `source` (a file, or standard input for `-`), read one at a time.
pub fn lines(source: &Path) -> Result<impl Iterator<Item = Result<Line>>> {
    let reader: Box<dyn Read> = if source == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(source)
                .with_context(|| format!("cannot read batch file {}", source.display()))?,
        )
    };
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let mut n = 0;
    Ok(std::iter::from_fn(move || {
        let mut kept: Vec<u8> = Vec::new();
        let mut too_long = 0usize;
        let mut seen_any = false;
        loop {
            let buf = match reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(anyhow::Error::new(e).context("cannot read the batch"))),
            };
            if buf.is_empty() {
                if !seen_any {
                    return None;
                }
                break;
            }
            seen_any = true;
            let (chunk, end) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            let room = MAX_LINE_BYTES.saturating_sub(kept.len());
            if chunk.len() <= room {
                kept.extend_from_slice(chunk);
            } else {
                kept.extend_from_slice(&chunk[..room]);
                too_long += chunk.len() - room;
            }
            let used = end.unwrap_or(chunk.len());
            reader.consume(used);
            if end.is_some() {
                break;
            }
        }
        n += 1;
        if kept.last() == Some(&b'\r') {
            kept.pop();
        }
        let text = if too_long > 0 {
            Err(format!(
                "the line is over {MAX_LINE_BYTES} bytes: a question has at most {MAX_QUERY_CHARS} characters"
            ))
        } else {
            String::from_utf8(kept).map_err(|_| {
                "the line is not valid UTF-8: save the batch file as UTF-8".to_string()
            })
        };
        Some(Ok(Line { n, text }))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<(usize, Result<String, String>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batch.txt");
        std::fs::write(&path, bytes).unwrap();
        lines(&path)
            .unwrap()
            .map(|l| l.map(|l| (l.n, l.text)).unwrap())
            .collect()
    }

    #[test]
    fn each_line_is_read_alone_with_its_number() {
        let long = "x".repeat(MAX_LINE_BYTES + 10);
        let input = [
            b"first\r\n".as_slice(),
            b"bad \xff byte\n",
            long.as_bytes(),
            b"\n\nlast",
        ]
        .concat();
        let got = read(&input);
        assert_eq!(got.len(), 5);
        assert_eq!(got[0], (1, Ok("first".to_string())));
        assert!(got[1].1.as_ref().unwrap_err().contains("not valid UTF-8"));
        assert_eq!(got[1].0, 2);
        assert!(got[2].1.as_ref().unwrap_err().contains("over"));
        assert_eq!(got[3], (4, Ok(String::new())));
        assert_eq!(got[4], (5, Ok("last".to_string())));
        assert!(read(b"").is_empty());
        assert_eq!(read(b"one\n").len(), 1);
    }
}
