//! The one set of counters every adapter records into — answers, model fallbacks, re-indexes,
//! HTTP requests, chat events — kept in memory and printed in the Prometheus text format.
//! Every label value comes from a fixed set or from a route the adapter matched.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Default)]
struct Histogram {
    /// Cumulative counts, one per bucket.
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    /// Requests by (route, method, status).
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// Latency by route.
    latency: Mutex<BTreeMap<String, Histogram>>,
    answered: AtomicU64,
    abstained: AtomicU64,
    llm_fallbacks: AtomicU64,
    reindex_ok: AtomicU64,
    reindex_failed: AtomicU64,
    chat_events: [AtomicU64; ChatEvent::ALL.len()],
}

/// What a chat adapter did besides answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatEvent {
    /// A source was shown (a command or a button).
    SourceShown,
    /// A user or chat not on the allow-list was refused.
    Refused,
    /// A question over the rate limit was dropped.
    RateLimited,
    /// Handling a message failed.
    Failed,
}

impl ChatEvent {
    pub const ALL: [ChatEvent; 4] = [
        ChatEvent::SourceShown,
        ChatEvent::Refused,
        ChatEvent::RateLimited,
        ChatEvent::Failed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChatEvent::SourceShown => "source_shown",
            ChatEvent::Refused => "refused",
            ChatEvent::RateLimited => "rate_limited",
            ChatEvent::Failed => "failed",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Counts read back, for a status command.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub answered: u64,
    pub abstained: u64,
    pub llm_fallbacks: u64,
    pub sources_shown: u64,
    pub refused: u64,
    pub rate_limited: u64,
    pub failed: u64,
}

/// What the index looks like at scrape time.
pub struct IndexGauges {
    pub passages: u64,
    pub indexed_at: u64,
}

impl Metrics {
    pub fn record_request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        if let Ok(mut requests) = self.requests.lock() {
            *requests
                .entry((route.to_string(), method.to_string(), status))
                .or_default() += 1;
        }
        if let Ok(mut latency) = self.latency.lock() {
            let h = latency.entry(route.to_string()).or_default();
            h.count += 1;
            h.sum += secs;
            for (bound, count) in BUCKETS.iter().zip(h.counts.iter_mut()) {
                if secs <= *bound {
                    *count += 1;
                }
            }
        }
    }

    pub fn record_answer(&self, abstained: bool) {
        let counter = if abstained {
            &self.abstained
        } else {
            &self.answered
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn record_llm_fallback(&self) {
        self.llm_fallbacks.fetch_add(1, Ordering::Relaxed);
    }

    pub fn record_chat(&self, event: ChatEvent) {
        self.chat_events[event.index()].fetch_add(1, Ordering::Relaxed);
    }

    pub fn counts(&self) -> Counts {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let chat = |e: ChatEvent| load(&self.chat_events[e.index()]);
        Counts {
            answered: load(&self.answered),
            abstained: load(&self.abstained),
            llm_fallbacks: load(&self.llm_fallbacks),
            sources_shown: chat(ChatEvent::SourceShown),
            refused: chat(ChatEvent::Refused),
            rate_limited: chat(ChatEvent::RateLimited),
            failed: chat(ChatEvent::Failed),
        }
    }

    pub fn record_reindex(&self, ok: bool) {
        let counter = if ok {
            &self.reindex_ok
        } else {
            &self.reindex_failed
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(&self, index: &IndexGauges) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str("# HELP dealdesk_http_requests_total HTTP requests by route, method and status.\n# TYPE dealdesk_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((route, method, status), n) in requests.iter() {
                let _ = writeln!(
                    out,
                    "dealdesk_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                    escape(route),
                    escape(method)
                );
            }
        }
        out.push_str("# HELP dealdesk_http_request_duration_seconds Time to answer an HTTP request.\n# TYPE dealdesk_http_request_duration_seconds histogram\n");
        if let Ok(latency) = self.latency.lock() {
            for (route, h) in latency.iter() {
                let route = escape(route);
                for (bound, count) in BUCKETS.iter().zip(h.counts.iter()) {
                    let _ = writeln!(
                        out,
                        "dealdesk_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                    );
                }
                let _ = writeln!(
                    out,
                    "dealdesk_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\ndealdesk_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\ndealdesk_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count, h.sum, h.count
                );
            }
        }
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let _ = write!(
            out,
            "# HELP dealdesk_answers_total Questions answered with citations, or abstained on.\n# TYPE dealdesk_answers_total counter\n\
             dealdesk_answers_total{{outcome=\"answered\"}} {}\n\
             dealdesk_answers_total{{outcome=\"abstained\"}} {}\n\
             # HELP dealdesk_llm_fallbacks_total Questions asked in llm or auto mode and answered extractively.\n# TYPE dealdesk_llm_fallbacks_total counter\n\
             dealdesk_llm_fallbacks_total {}\n\
             # HELP dealdesk_reindex_total Live re-index attempts by result.\n# TYPE dealdesk_reindex_total counter\n\
             dealdesk_reindex_total{{result=\"ok\"}} {}\n\
             dealdesk_reindex_total{{result=\"error\"}} {}\n\
             # HELP dealdesk_index_passages Passages in the serving index.\n# TYPE dealdesk_index_passages gauge\n\
             dealdesk_index_passages {}\n\
             # HELP dealdesk_index_last_reindex_timestamp_seconds When the serving index was last updated (Unix time).\n# TYPE dealdesk_index_last_reindex_timestamp_seconds gauge\n\
             dealdesk_index_last_reindex_timestamp_seconds {}\n",
            load(&self.answered),
            load(&self.abstained),
            load(&self.llm_fallbacks),
            load(&self.reindex_ok),
            load(&self.reindex_failed),
            index.passages,
            index.indexed_at,
        );
        out.push_str("# HELP dealdesk_chat_events_total What chat adapters did besides answering.\n# TYPE dealdesk_chat_events_total counter\n");
        for e in ChatEvent::ALL {
            let _ = writeln!(
                out,
                "dealdesk_chat_events_total{{event=\"{}\"}} {}",
                e.code(),
                load(&self.chat_events[e.index()])
            );
        }
        out
    }
}

/// Label values escape backslash, quote and newline.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
