//! Benchmarks the request paths and the sweeper at two database sizes, in one run, and
//! prints the figures and their ratios (large / small). Ratios near 1 mean the cost does
//! not grow with the number of tickets: the queries ride on indexes.
//!
//!     cargo run --release -p switchboard --example bench
//!     BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!         cargo run --release -p switchboard --example bench
//!
//! Options: `--small N` (default 1000), `--large N` (default 100000). The seeded tickets
//! spread over a year: the last 40 hours still open, the rest closed.

#![expect(clippy::unwrap_used, reason = "a benchmark that cannot set up should stop")]

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::TimeDelta;
use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::{json, Value};
use switchboard::{
    clock::{self, OffsetClock},
    configuration::Config,
    db::{self, tickets::TicketRow},
    live::Hub,
    startup::Application,
    sweeper,
};

const PASSWORD: &str = "bench-password-1";

struct Figures {
    intake: Stats,
    intake_concurrent_per_sec: f64,
    queue_first_page: Stats,
    queue_breached: Stats,
    queue_department: Stats,
    queue_search: Stats,
    queue_search_miss: Stats,
    ticket_detail: Stats,
    report_summary: Stats,
    report_department: Stats,
    report_year: Stats,
    sweep_pass: Stats,
}

#[derive(Clone, Copy)]
struct Stats {
    median_ms: f64,
    p95_ms: f64,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0;
    Stats { median_ms: at(0.5), p95_ms: at(0.95) }
}

struct Bench {
    base: String,
    client: reqwest::Client,
    token: String,
}

impl Bench {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.client.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {body}");
        body
    }

    async fn time(&self, path: &str, times: usize) -> Stats {
        let mut samples = Vec::with_capacity(times);
        for _ in 0..times {
            let start = Instant::now();
            self.call(reqwest::Method::GET, path, None).await;
            samples.push(start.elapsed());
        }
        stats(samples)
    }
}

fn intake_body(i: usize) -> Value {
    json!({ "channel": "phone", "kind": "complaint", "subject": format!("Bench call {i}"),
            "description": "Water leaking from the ceiling", "customer": { "name": "Bench", "phone": format!("139{i:08}") } })
}

async fn run(url: &str, dir: &std::path::Path, tickets: usize) -> Figures {
    let clock = Arc::new(OffsetClock::default());
    let config = Config {
        database_url: url.to_owned(),
        bind: "127.0.0.1:0".into(),
        jwt_secret: Some("bench-secret-bench-secret-bench-secret".into()),
        admin_password: Some(PASSWORD.into()),
        sweep_interval: None, // passes are timed by hand below
        web_dir: dir.join("web"),
        data_dir: dir.join("data"),
        ..Config::default()
    };
    let app = Application::build(config, clock.clone()).await.expect("app");
    let db = app.db.clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let login = |u: &str, p: &str| {
        let client = client.clone();
        let url = format!("{base}/api/v1/auth/login");
        let body = json!({ "username": u, "password": p });
        async move {
            let v: Value = client.post(url).json(&body).send().await.unwrap().json().await.unwrap();
            v["access_token"].as_str().unwrap().to_owned()
        }
    };
    let admin = Bench { base: base.clone(), client: client.clone(), token: login("admin", PASSWORD).await };
    let dept = admin.call(reqwest::Method::POST, "/api/v1/departments", Some(json!({ "name": "Repairs" }))).await;
    let dept_id = dept["id"].as_str().unwrap().to_owned();
    let agent = admin
        .call(
            reqwest::Method::POST,
            "/api/v1/users",
            Some(json!({ "username": "agent", "display_name": "Agent", "role": "agent", "password": PASSWORD })),
        )
        .await;
    let agent_id = agent["id"].as_str().unwrap().to_owned();
    let bench = Bench { base: base.clone(), client: client.clone(), token: login("agent", PASSWORD).await };

    // Seed: one real ticket gives a customer; then `tickets` rows straight into the table,
    // spread over statuses and deadlines, none of them overdue.
    let seed = bench.call(reqwest::Method::POST, "/api/v1/tickets", Some(intake_body(0))).await;
    let customer_id = seed["customer"]["id"].as_str().unwrap().to_owned();
    let now = clock::now(clock.as_ref());
    let rows: Vec<TicketRow> = (0..tickets)
        .map(|i| {
            // A year of intake, spread evenly; what came in over the last 40 hours is still
            // being worked (its deadlines ahead), everything older is closed.
            let created = now - TimeDelta::seconds(i as i64 * 365 * 86_400 / tickets as i64);
            let open = now - created < TimeDelta::hours(40);
            let status = if open { ["new", "dispatched", "in_progress", "dispatched"][i % 4] } else { "closed" };
            let dispatched = status != "new";
            let response_due =
                if open { now + TimeDelta::minutes(10 + (i % 600) as i64) } else { created + TimeDelta::hours(2) };
            let resolution_due = created + TimeDelta::hours(48);
            let queue_due = match status {
                "dispatched" => response_due,
                "closed" => switchboard::domain::sla::no_deadline(),
                _ => resolution_due,
            };
            TicketRow {
                id: db::new_id(),
                number: format!("19700101-{i:07}"),
                status: status.into(),
                kind: "complaint".into(),
                channel: "phone".into(),
                subject: format!("Seeded ticket {i}"),
                description: "Seeded for the benchmark".into(),
                customer_id: customer_id.clone(),
                owner_id: agent_id.clone(),
                department_id: dispatched.then(|| dept_id.clone()),
                urgency: dispatched.then(|| "P4".into()),
                created_at: db::to_db(created),
                updated_at: db::to_db(created),
                dispatched_at: dispatched.then(|| db::to_db(created)),
                accepted_at: None,
                response_due_at: dispatched.then(|| db::to_db(response_due)),
                responded_at: (status == "in_progress" || status == "closed")
                    .then(|| db::to_db(created + TimeDelta::minutes(30))),
                response_escalated_at: None,
                resolution_due_at: db::to_db(resolution_due),
                resolution_original_due_at: db::to_db(resolution_due),
                // One in ten resolved late (after 48 hours).
                resolved_at: (status == "closed")
                    .then(|| db::to_db(created + TimeDelta::hours(if i % 10 == 0 { 60 } else { 20 }))),
                resolution_escalated_at: None,
                closed_at: (status == "closed").then(|| db::to_db(created + TimeDelta::hours(72))),
                escalation_level: 0,
                resolution: None,
                root_cause: None,
                duplicate_of: None,
                complainant_count: 1,
                contact_count: 1,
                queue_due_at: db::to_db(queue_due),
                version: 1,
                sweep_due_at: (status != "closed").then(|| db::to_db(queue_due)),
                callback_attempts: 0,
                risk_at: Some(db::to_db(queue_due)),
                response_risk_noted_at: None,
                resolution_risk_noted_at: None,
                auto_close_at: None,
                onsite_started_at: None,
                onsite_due_at: None,
                onsite_at: None,
                onsite_escalated_at: None,
                onsite_risk_noted_at: None,
                hot_at: None,
                hot_report_due_at: None,
                hot_reported_at: None,
                hot_report_escalated_at: None,
                hot_report_risk_noted_at: None,
                root_cause_id: None,
                supervised_at: None,
                supervision_due_at: None,
                supervision_escalated_at: None,
                supervision_risk_noted_at: None,
                urge_count: 0,
                urged_at: None,
                returned_by_department_id: None,
                return_reason: None,
            }
        })
        .collect();
    db.write(move |c| db::tickets::insert_many(c, &rows)).await.expect("seed");
    if db.is_postgres() {
        db.write(|c| {
            diesel::sql_query("ANALYZE").execute(c)?;
            Ok(())
        })
        .await
        .expect("analyze");
    }

    // Warm up, then measure.
    bench.time("/api/v1/tickets?limit=50", 20).await;
    let queue_first_page = bench.time("/api/v1/tickets?limit=50", 200).await;
    let queue_breached = bench.time("/api/v1/tickets?limit=50&breached=true", 200).await;
    let queue_department =
        bench.time(&format!("/api/v1/tickets?limit=50&status=dispatched&department_id={dept_id}"), 200).await;
    let queue_search = bench.time("/api/v1/tickets?limit=50&q=139000000", 50).await;
    let queue_search_miss = bench.time("/api/v1/tickets?limit=50&q=no-such-words", 20).await;
    let ticket_detail = bench.time(&format!("/api/v1/tickets/{}", seed["id"].as_str().unwrap()), 200).await;
    // The supervisor's summaries: last 7 days (1/52 of the tickets), and the whole year.
    let report = Bench { base: base.clone(), client: client.clone(), token: admin.token.clone() };
    let report_summary = report.time("/api/v1/reports/summary", 10).await;
    let report_department = report.time(&format!("/api/v1/reports/summary?department_id={dept_id}"), 10).await;
    let year_from = (now - TimeDelta::days(365) - TimeDelta::hours(1)).to_rfc3339().replace('+', "%2B");
    let report_year = report.time(&format!("/api/v1/reports/summary?from={year_from}"), 3).await;

    let mut samples = Vec::new();
    for i in 1..=300 {
        let start = Instant::now();
        bench.call(reqwest::Method::POST, "/api/v1/tickets", Some(intake_body(i))).await;
        samples.push(start.elapsed());
    }
    let intake = stats(samples);
    let start = Instant::now();
    let workers = (0..8).map(|w| {
        let (base, client, token) = (base.clone(), client.clone(), bench.token.clone());
        tokio::spawn(async move {
            for i in 0..50 {
                let resp = client
                    .post(format!("{base}/api/v1/tickets"))
                    .bearer_auth(&token)
                    .json(&intake_body(10_000 + w * 100 + i))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(resp.status(), 201);
            }
        })
    });
    for w in workers.collect::<Vec<_>>() {
        w.await.unwrap();
    }
    let intake_concurrent_per_sec = 400.0 / start.elapsed().as_secs_f64();

    // The sweeper with nothing due: the cost of looking, which must not grow with tickets.
    let hub = Hub::default();
    let mut samples = Vec::new();
    for _ in 0..100 {
        let start = Instant::now();
        let swept = sweeper::sweep_once(&db, clock.as_ref(), &hub).await.expect("sweep");
        assert_eq!(swept.recorded(), 0);
        samples.push(start.elapsed());
    }
    let sweep_pass = stats(samples);
    Figures {
        intake,
        intake_concurrent_per_sec,
        queue_first_page,
        queue_breached,
        queue_department,
        queue_search,
        queue_search_miss,
        ticket_detail,
        report_summary,
        report_department,
        report_year,
        sweep_pass,
    }
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let sizes = [arg("--small", 1_000), arg("--large", 100_000)];
    let pg = std::env::var("BENCH_DATABASE_URL").ok().filter(|u| !u.is_empty());
    let mut results = Vec::new();
    for &n in &sizes {
        let dir = std::env::temp_dir().join(format!("switchboard-bench-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let (url, cleanup) = match &pg {
            Some(admin) => {
                let name = format!("sb_bench_{}", uuid::Uuid::new_v4().simple());
                let mut c = PgConnection::establish(admin).expect("BENCH_DATABASE_URL");
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut c).unwrap();
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin);
                (format!("{base}/{name}"), Some((admin.clone(), name)))
            }
            None => (format!("sqlite://{}", dir.join("bench.db").display()), None),
        };
        eprintln!("seeding {n} tickets on {} …", if pg.is_some() { "PostgreSQL" } else { "SQLite" });
        results.push(run(&url, &dir, n).await);
        if let Some((admin, name)) = cleanup {
            if let Ok(mut c) = PgConnection::establish(&admin) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut c);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (s, l) = (&results[0], &results[1]);
    println!("backend: {}", if pg.is_some() { "PostgreSQL" } else { "SQLite" });
    println!(
        "| measure | {} tickets: median / p95 ms | {} tickets: median / p95 ms | ratio of medians |",
        sizes[0], sizes[1]
    );
    println!("|---|---|---|---|");
    let row = |name: &str, a: Stats, b: Stats| {
        println!(
            "| {name} | {:.2} / {:.2} | {:.2} / {:.2} | {:.2} |",
            a.median_ms,
            a.p95_ms,
            b.median_ms,
            b.p95_ms,
            b.median_ms / a.median_ms
        );
    };
    row("intake `POST /tickets` (sequential)", s.intake, l.intake);
    row("queue, first page of 50", s.queue_first_page, l.queue_first_page);
    row("queue, `breached=true`", s.queue_breached, l.queue_breached);
    row("queue, one department's dispatched", s.queue_department, l.queue_department);
    row("queue, search by phone digits (many matches)", s.queue_search, l.queue_search);
    row("queue, search text matching nothing (a scan)", s.queue_search_miss, l.queue_search_miss);
    row("one ticket `GET /tickets/{id}`", s.ticket_detail, l.ticket_detail);
    row("sweeper pass, nothing due", s.sweep_pass, l.sweep_pass);
    row("report summary, last 7 days", s.report_summary, l.report_summary);
    row("report summary, last 7 days, one department", s.report_department, l.report_department);
    row("report summary, the whole year (every ticket)", s.report_year, l.report_year);
    println!(
        "| intake, 8 concurrent clients | {:.0} tickets/s | {:.0} tickets/s | {:.2} |",
        s.intake_concurrent_per_sec,
        l.intake_concurrent_per_sec,
        l.intake_concurrent_per_sec / s.intake_concurrent_per_sec
    );
}
