//! The real binary: durability across `kill -9`, several processes on one database, and a
//! database that goes away and comes back.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use serde_json::{json, Value};
use switchboard::{clock::OffsetClock, startup::Application};

use crate::helpers::*;

const ONE_SECOND_P1: &str = r#"{ "response": { "P1": "PT1S", "P2": "PT30M", "P3": "PT1H", "P4": "PT2H" },
    "resolution": "PT48H", "onsite": "PT2H", "auto_close_after": "P7D" }"#;

fn escalated(events: &[Value]) -> usize {
    events.iter().filter(|e| e["kind"] == "escalated").count()
}

#[tokio::test]
async fn an_acknowledged_ticket_and_its_clocks_survive_kill_9() {
    let db = Arc::new(TestDatabase::new());
    let first = spawn_process(&db).await;
    let app = &first.app;
    let c = cast(app).await;
    app.put_policy(serde_json::from_str(ONE_SECOND_P1).unwrap()).await;
    let t = app.intake(&c.agent, "13000000001").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    drop(first); // SIGKILL, right after the 200s

    // Down while the window passes (these processes run on the system clock, so time has to
    // pass for real); the sweeper of the next process escalates (a positive wait, below).
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let second = spawn_process(&db).await;
    let app = &second.app;
    let agent = c.agent.clone(); // tokens stay valid across restarts (same key)
    let back = app.ticket(&t["id"], &agent).await;
    assert_eq!(back["number"], t["number"]);
    assert_eq!(back["status"], "dispatched");
    app.eventually("the breach is escalated after the restart", || async {
        escalated(&app.events(&t["id"], &agent).await) == 1
    })
    .await;
}

#[tokio::test]
async fn three_processes_on_one_database_escalate_each_breach_once() {
    let db = Arc::new(TestDatabase::new());
    if !db.is_postgres() {
        // SQLite serves one process: the second is refused (see below).
        eprintln!("several processes share a database only on PostgreSQL; set TEST_DATABASE_URL (skipped on SQLite)");
        return;
    }
    let a = spawn_process(&db).await;
    let b = spawn_process(&db).await;
    let third = spawn_process(&db).await;
    let c = cast(&a.app).await;
    a.app.put_policy(serde_json::from_str(ONE_SECOND_P1).unwrap()).await;
    let mut tickets = Vec::new();
    for i in 0..21 {
        // The processes take the calls in turn.
        let app = [&a.app, &b.app, &third.app][i % 3];
        let t = app.intake(&c.agent, &format!("1300000{i:04}")).await;
        app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
        tickets.push(t);
    }
    for t in &tickets {
        a.app
            .eventually("every breach is escalated", || async {
                escalated(&a.app.events(&t["id"], &c.agent).await) >= 1
            })
            .await;
    }
    // Every process sweeps again after the last breach was escalated: none escalates again.
    for p in [&a, &b, &third] {
        p.another_whole_pass("switchboard_sweep_duration_seconds_count").await;
    }
    for t in &tickets {
        let events = b.app.events(&t["id"], &c.agent).await;
        assert_eq!(escalated(&events), 1, "ticket {}: {events:?}", t["number"]);
        assert_eq!(b.app.ticket(&t["id"], &c.agent).await["escalation_level"], 1);
    }
}

#[tokio::test]
async fn a_second_process_on_one_sqlite_file_is_refused_at_start() {
    let db = Arc::new(TestDatabase::new());
    if db.is_postgres() {
        return; // several processes on PostgreSQL: see the test above
    }
    let first = spawn_process(&db).await;
    let second = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .env("DATABASE_URL", &db.url)
        .env("SWITCHBOARD_BIND", "127.0.0.1:0")
        .env("SWITCHBOARD_JWT_SECRET", JWT_SECRET)
        .env("SWITCHBOARD_DATA_DIR", db.dir().join("data"))
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs");
    assert!(!second.status.success(), "the second process must not start");
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(said.contains("another Switchboard process is using this SQLite database"), "{said}");
    assert!(said.contains("PostgreSQL"), "it says how to run several: {said}");
    // The first one serves on, untouched.
    first.app.get("/api/v1/auth/me", &first.app.admin).await.expect(200);
}

/// One intake with an idempotency key: `Some(ticket id)` when acknowledged (201 or 200).
async fn keyed_intake(app: &TestApp, token: &str, key: &str) -> Result<Option<String>, String> {
    let n: u32 = key.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let resp = app
        .client
        .post(app.url("/api/v1/tickets"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({ "channel": "phone", "kind": "inquiry", "subject": format!("call {key}"),
                       "customer": { "name": "Load", "phone": format!("1880{:07}", n % 50) } }))
        .timeout(Duration::from_secs(20))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    match status {
        200 | 201 => Ok(Some(body["id"].as_str().unwrap().to_owned())),
        _ => Err(format!("{status}: {body}")),
    }
}

#[tokio::test]
async fn kill_9_under_load_loses_no_acknowledged_intake_and_a_replay_duplicates_none() {
    let db = Arc::new(TestDatabase::new());
    let first = spawn_process(&db).await;
    let c = cast(&first.app).await;
    let (_, other_agent) = first.app.user("agent", None).await;
    // (key, token, the ticket id of its acknowledgement if one came)
    type Sent = Vec<(String, String, Option<String>)>;
    let sent: Arc<Mutex<Sent>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let app = Arc::new(first);
    let mut workers = Vec::new();
    for w in 0..8 {
        let (app, sent, stop) = (app.clone(), sent.clone(), stop.clone());
        let token = if w % 2 == 0 { c.agent.clone() } else { other_agent.clone() };
        workers.push(tokio::spawn(async move {
            for i in 0.. {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let key = format!("crash-{w}-{i}");
                let outcome = keyed_intake(&app.app, &token, &key).await;
                let failed = outcome.is_err();
                sent.lock().unwrap().push((key, token.clone(), outcome.ok().flatten()));
                if failed {
                    break; // the server is gone
                }
            }
        }));
    }
    // Kill it in the middle of the load, once a good number were acknowledged.
    for _ in 0..200 {
        if sent.lock().unwrap().iter().filter(|s| s.2.is_some()).count() >= 150 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let pid = app.child.id();
    std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().expect("kill -9");
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.unwrap();
    }
    drop(app);

    let second = spawn_process(&db).await;
    let sent = sent.lock().unwrap().clone();
    let acknowledged = sent.iter().filter(|s| s.2.is_some()).count();
    assert!(acknowledged >= 50, "the load ran: {acknowledged} acknowledged");
    // Every request again, by its key: the acknowledged ones answer with their ticket, the
    // others are taken now, once.
    let mut ids = std::collections::BTreeSet::new();
    for (key, token, first_id) in &sent {
        let again = keyed_intake(&second.app, token, key).await.expect("a replay is accepted").unwrap();
        if let Some(id) = first_id {
            assert_eq!(&again, id, "{key}: an acknowledged intake survives kill -9 as it was");
        }
        assert!(ids.insert(again), "{key}: two keys, one ticket?");
    }
    let mut stored = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/tickets?limit=200&cursor={c}"),
            None => "/api/v1/tickets?limit=200".to_owned(),
        };
        let page = second.app.get(&path, &c.agent).await.expect(200);
        stored += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(stored, sent.len(), "one ticket per key: nothing lost, nothing twice");
}

/// A TCP relay in front of PostgreSQL that can be cut (every connection dropped, new ones
/// refused) and restored: a database outage without touching the shared server.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    cut: Arc<tokio::sync::Notify>,
}

impl Relay {
    async fn start(target: String) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let cut = Arc::new(tokio::sync::Notify::new());
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !up2.load(Ordering::SeqCst) {
                    continue; // dropped: refused
                }
                let (target, cut) = (target.clone(), cut2.clone());
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.notified() => {}
                    }
                });
            }
        });
        Relay { port, up, cut }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.notify_waiters();
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_database_outage_is_503_with_retry_after_and_loses_nothing() {
    let db = Arc::new(TestDatabase::new());
    if !db.is_postgres() {
        eprintln!("the outage trial needs a database server; set TEST_DATABASE_URL (skipped on SQLite)");
        return;
    }
    let url = reqwest::Url::parse(&db.url).unwrap();
    let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let relay = Relay::start(target).await;
    let mut relayed = url.clone();
    relayed.set_host(Some("127.0.0.1")).unwrap();
    relayed.set_port(Some(relay.port)).unwrap();

    let clock = Arc::new(OffsetClock::default());
    let mut config = test_config(&db);
    config.database_url = relayed.to_string();
    let built = Application::build(config, clock.clone()).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", built.port());
    tokio::spawn(built.run_until_stopped());
    let app = TestApp::at(address, clock, db.clone()).await;
    let c = cast(&app).await;
    let before = app.intake(&c.agent, "13600000001").await;

    relay.down();
    let ready = app.send(reqwest::Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status.as_u16(), 503, "{}", ready.body);
    for phone in ["13600000002", "13600000003"] {
        let resp = app
            .client
            .post(app.url("/api/v1/tickets"))
            .bearer_auth(&c.agent)
            .json(&json!({ "channel": "phone", "kind": "inquiry", "subject": "during the outage",
                           "customer": { "name": "Outage", "phone": phone } }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 503, "a request during the outage");
        assert!(resp.headers().contains_key("retry-after"));
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["code"], "service_unavailable", "{body}");
        let detail = body["detail"].as_str().unwrap().to_lowercase();
        assert!(detail.contains("database") && !detail.contains("url"), "a clear reason: {detail}");
    }

    relay.restore();
    app.eventually("the database is back", || async {
        app.send(reqwest::Method::GET, "/readyz", None, None).await.status.as_u16() == 200
    })
    .await;
    let after = app.intake(&c.agent, "13600000004").await;
    let list = app.get("/api/v1/tickets", &c.agent).await.expect(200);
    let ids: Vec<&Value> = list["items"].as_array().unwrap().iter().map(|t| &t["id"]).collect();
    assert_eq!(ids.len(), 2, "the ticket from before and the one after; nothing half-written: {list}");
    assert!(ids.contains(&&before["id"]) && ids.contains(&&after["id"]));
}
