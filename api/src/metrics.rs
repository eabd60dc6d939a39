//! Prometheus metrics, served as text at `/metrics`.

use std::sync::LazyLock;

use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, Opts, Registry, TextEncoder};

pub struct Metrics {
    registry: Registry,
    /// Requests by method, route pattern and status.
    pub http_requests: IntCounterVec,
    /// Request latency by route pattern.
    pub http_seconds: HistogramVec,
    pub tickets_created: IntCounter,
    /// Escalations by clock.
    pub escalations: IntCounterVec,
    pub sweep_seconds: HistogramVec,
    /// One pass of the webhook dispatcher: claiming what is due and starting the attempts.
    pub webhook_pass_seconds: HistogramVec,
}

fn build() -> Result<Metrics, prometheus::Error> {
    let registry = Registry::new_custom(Some("switchboard".into()), None)?;
    let http_requests = IntCounterVec::new(
        Opts::new("http_requests_total", "HTTP requests by method, route and status"),
        &["method", "route", "status"],
    )?;
    let http_seconds = HistogramVec::new(
        HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route")
            .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5]),
        &["route"],
    )?;
    let tickets_created = IntCounter::new("tickets_created_total", "Tickets taken in")?;
    let escalations =
        IntCounterVec::new(Opts::new("escalations_total", "Clocks escalated by the sweeper"), &["clock"])?;
    let sweep_seconds = HistogramVec::new(
        HistogramOpts::new("sweep_duration_seconds", "Duration of one SLA sweeper pass")
            .buckets(vec![0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0]),
        &[],
    )?;
    let webhook_pass_seconds = HistogramVec::new(
        HistogramOpts::new("webhook_pass_duration_seconds", "Duration of one webhook dispatcher pass")
            .buckets(vec![0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0]),
        &[],
    )?;
    registry.register(Box::new(http_requests.clone()))?;
    registry.register(Box::new(http_seconds.clone()))?;
    registry.register(Box::new(tickets_created.clone()))?;
    registry.register(Box::new(escalations.clone()))?;
    registry.register(Box::new(sweep_seconds.clone()))?;
    registry.register(Box::new(webhook_pass_seconds.clone()))?;
    Ok(Metrics {
        registry,
        http_requests,
        http_seconds,
        tickets_created,
        escalations,
        sweep_seconds,
        webhook_pass_seconds,
    })
}

/// The process's metrics. Names and labels are fixed, so building them cannot fail at run
/// time; a failure here is a programming error caught by the first test.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(|| match build() {
    Ok(m) => m,
    Err(e) => panic!("metric definitions are invalid: {e}"),
});

/// The Prometheus text exposition of every metric.
pub fn render() -> String {
    let mut out = Vec::new();
    let _ = TextEncoder::new().encode(&METRICS.registry.gather(), &mut out);
    String::from_utf8(out).unwrap_or_default()
}
