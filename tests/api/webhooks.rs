use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
};

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

/// A receiver that accepts connections and never answers (a hung process behind a live
/// port); counts the connections it holds.
struct Stalled {
    url: String,
    accepted: Arc<AtomicUsize>,
}

impl Stalled {
    fn start() -> Stalled {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().map_while(Result::ok) {
                counter.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
        Stalled { url: format!("http://127.0.0.1:{port}/hooks"), accepted }
    }
}

/// Sets a webhook's stored URL behind the API's back: a row written before the URL rules,
/// or a name whose DNS answer changed after it was checked.
async fn store_url(app: &TestApp, hook: &Value, url: &str) {
    use diesel::{Connection, RunQueryDsl};
    // A connection of its own: the server holds the SQLite file's process lock, which a
    // second `Db` would (rightly) be refused.
    let sql = format!(
        "UPDATE webhooks SET url = '{}' WHERE id = '{}'",
        url.replace('\'', "''"),
        hook["id"].as_str().unwrap()
    );
    let updated = if app._db.is_postgres() {
        diesel::sql_query(sql).execute(&mut diesel::PgConnection::establish(&app._db.url).unwrap())
    } else {
        let path = app._db.url.trim_start_matches("sqlite://");
        diesel::sql_query(sql).execute(&mut diesel::SqliteConnection::establish(path).unwrap())
    };
    assert_eq!(updated.unwrap(), 1);
}

/// A webhook's URL as stored, read past the API.
fn stored_url(app: &TestApp, hook: &Value) -> String {
    use diesel::{Connection, QueryDsl, RunQueryDsl};
    use switchboard::db::schema::webhooks;
    let q = webhooks::table.find(hook["id"].as_str().unwrap().to_owned()).select(webhooks::url);
    if app._db.is_postgres() {
        q.first(&mut diesel::PgConnection::establish(&app._db.url).unwrap()).unwrap()
    } else {
        let path = app._db.url.trim_start_matches("sqlite://");
        q.first(&mut diesel::SqliteConnection::establish(path).unwrap()).unwrap()
    }
}

/// What the receiver was sent.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: String,
}

/// A real HTTP receiver on a free local port that records every request; it answers 500
/// to the next `fail` requests, then 200 — or, while `redirect` holds a URL, 302 to it.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
    fail: Arc<AtomicUsize>,
    redirect: Arc<Mutex<Option<String>>>,
}

impl Receiver {
    async fn start() -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let fail = Arc::new(AtomicUsize::new(0));
        let redirect = Arc::new(Mutex::new(None::<String>));
        let (g, f, r) = (got.clone(), fail.clone(), redirect.clone());
        let server = actix_web::HttpServer::new(move || {
            let (g, f, r) = (g.clone(), f.clone(), r.clone());
            actix_web::App::new().default_service(web::to(move |req: HttpRequest, body: String| {
                let (g, f, r) = (g.clone(), f.clone(), r.clone());
                async move {
                    let headers = req
                        .headers()
                        .iter()
                        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
                        .collect();
                    g.lock().unwrap().push(Received { headers, body });
                    if let Some(to) = r.lock().unwrap().clone() {
                        return HttpResponse::Found().insert_header(("Location", to)).finish();
                    }
                    if f.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok() {
                        HttpResponse::InternalServerError().finish()
                    } else {
                        HttpResponse::Ok().finish()
                    }
                }
            }))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Receiver { url: format!("http://127.0.0.1:{port}/hooks/switchboard"), got, fail, redirect }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

async fn create(app: &TestApp, url: &str, events: Value) -> Value {
    app.post("/api/v1/webhooks", &app.admin, json!({ "name": "CRM", "url": url, "events": events })).await.expect(201)
}

async fn deliveries(app: &TestApp, hook: &Value) -> Vec<Value> {
    let path = format!("/api/v1/webhooks/{}/deliveries", hook["id"].as_str().unwrap());
    app.get(&path, &app.admin).await.expect(200)["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn subscribed_events_are_posted_signed_and_others_are_not() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let hook = create(&app, &receiver.url, json!(["created", "escalated", "created"])).await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    assert_eq!(hook["events"], json!(["created", "escalated"]));

    let t = app.intake(&c.agent, "13200000001").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    assert_eq!(receiver.received().len(), 1, "the intake is delivered");
    let first = &receiver.received()[0];
    assert_eq!(first.headers["x-switchboard-event"], "created");
    assert_eq!(first.headers["content-type"], "application/json");
    let timestamp: i64 = first.headers["x-switchboard-timestamp"].parse().unwrap();
    assert_eq!(
        first.headers["x-switchboard-signature"],
        switchboard::domain::webhook::signature(&secret, timestamp, &first.body),
        "signed with the webhook's secret"
    );
    assert_ne!(
        first.headers["x-switchboard-signature"],
        switchboard::domain::webhook::signature("another secret", timestamp, &first.body)
    );
    let body: Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(body["event"]["kind"], "created");
    assert_eq!(body["ticket"]["id"], t["id"]);
    assert_eq!(body["ticket"]["number"], t["number"]);
    assert_eq!(body["delivery_id"].as_str(), Some(first.headers["x-switchboard-delivery"].as_str()));
    assert!(!first.body.contains("13200000001"), "no phone numbers leave: {}", first.body);

    // A dispatch is not subscribed; the escalation it leads to is.
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    assert_eq!(app.deliver_webhooks().await, 0, "a dispatch is not subscribed");
    app.advance(TimeDelta::minutes(16));
    assert_eq!(app.sweep().await.escalated, 1);
    assert_eq!(app.deliver_webhooks().await, 1);
    assert_eq!(receiver.received().len(), 2, "the escalation is delivered");
    let second: Value = serde_json::from_str(&receiver.received()[1].body).unwrap();
    assert_eq!(second["event"]["kind"], "escalated");
    assert_eq!(second["event"]["data"]["clock"], "response");
    assert_eq!(second["event"]["department_id"], c.dept.as_str());
    assert_eq!(second["ticket"]["escalation_level"], 1);
    app.advance(TimeDelta::hours(1));
    assert_eq!(app.deliver_webhooks().await, 0);
    assert_eq!(receiver.received().len(), 2, "nothing else was sent");

    let sent = deliveries(&app, &hook).await;
    assert_eq!(sent.len(), 2);
    for d in &sent {
        assert_eq!((d["attempts"].as_i64(), d["last_status"].as_i64()), (Some(1), Some(200)), "{d}");
        assert!(!d["delivered_at"].is_null() && d["next_attempt_at"].is_null());
    }
    assert_eq!(sent[0]["event_kind"], "escalated", "newest first");
}

#[tokio::test]
async fn a_failed_delivery_is_retried_with_back_off_until_it_is_taken() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    receiver.fail.store(2, Ordering::SeqCst);
    let hook = create(&app, &receiver.url, json!(["created"])).await;

    app.intake(&c.agent, "13200000002").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    assert_eq!(receiver.received().len(), 1, "the first attempt");
    let d = &deliveries(&app, &hook).await[0];
    assert_eq!(d["last_status"], 500, "the failure is recorded: {d}");
    assert_eq!(d["attempts"], 1);
    assert!(d["delivered_at"].is_null());
    let wait = time(&d["next_attempt_at"]) - app.now();
    assert!(wait > TimeDelta::seconds(50) && wait <= TimeDelta::minutes(1), "{wait}");
    app.advance(TimeDelta::seconds(45));
    assert_eq!(app.deliver_webhooks().await, 0);
    assert_eq!(receiver.received().len(), 1, "not before the back-off");

    app.advance(TimeDelta::seconds(16));
    assert_eq!(app.deliver_webhooks().await, 1);
    assert_eq!(receiver.received().len(), 2, "the second attempt");
    let d = &deliveries(&app, &hook).await[0];
    assert!(d["attempts"] == 2 && !d["next_attempt_at"].is_null(), "tried again later: {d}");
    let wait = time(&d["next_attempt_at"]) - app.now();
    assert!(wait > TimeDelta::minutes(4) && wait <= TimeDelta::minutes(5), "it waits five minutes now: {wait}");
    app.advance(TimeDelta::minutes(5));
    assert_eq!(app.deliver_webhooks().await, 1);
    let d = &deliveries(&app, &hook).await[0];
    assert!(!d["delivered_at"].is_null(), "the third attempt is taken: {d}");
    assert_eq!((d["attempts"].as_i64(), d["last_status"].as_i64()), (Some(3), Some(200)));
    let ids: Vec<String> = receiver.received().iter().map(|r| r.headers["x-switchboard-delivery"].clone()).collect();
    assert!(ids.iter().all(|id| id == &ids[0]), "every attempt carries the same delivery id");
    app.advance(TimeDelta::hours(1));
    assert_eq!(app.deliver_webhooks().await, 0);
    assert_eq!(receiver.received().len(), 3, "a delivered event is not sent again");
}

#[tokio::test]
async fn webhooks_are_for_admins_checked_and_can_be_paused() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let body = json!({ "name": "CRM", "url": receiver.url, "events": ["created"] });
    app.post("/api/v1/webhooks", &c.supervisor, body.clone()).await.problem(403);
    app.get("/api/v1/webhooks", &c.supervisor).await.problem(403);
    for (field, value) in [
        ("url", json!("ftp://127.0.0.1/x")),
        ("url", json!("not a url")),
        ("events", json!([])),
        ("events", json!(["no_such_event"])),
        ("name", json!(" ")),
    ] {
        let mut bad = body.clone();
        bad[field] = value;
        let problem = app.post("/api/v1/webhooks", &app.admin, bad).await.problem(422);
        let fields: Vec<&String> = problem["errors"].as_object().unwrap().keys().collect();
        assert!(fields.iter().any(|f| f.starts_with(field)), "{field}: {problem}");
    }
    let hook = create(&app, &receiver.url, json!(["created"])).await;
    let listed = app.get("/api/v1/webhooks", &app.admin).await.expect(200);
    assert_eq!(listed["items"][0]["id"], hook["id"]);
    assert!(listed["items"][0].get("secret").is_none(), "the secret is shown once");

    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    let paused = app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "active": false }))).await.expect(200);
    assert_eq!(paused["active"], false);
    app.intake(&c.agent, "13200000003").await;
    assert_eq!(app.deliver_webhooks().await, 0);
    assert!(receiver.received().is_empty(), "a paused webhook is sent nothing");
    assert!(deliveries(&app, &hook).await.is_empty());

    app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "active": true }))).await.expect(200);
    app.intake(&c.agent, "13200000004").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    assert_eq!(receiver.received().len(), 1, "sent again once resumed");
    let missing = format!("/api/v1/webhooks/{}/deliveries", uuid::Uuid::new_v4());
    app.get(&missing, &app.admin).await.problem(404);
}

#[tokio::test]
async fn internal_targets_are_refused_in_every_spelling() {
    let app = spawn_app_with(|c| c.webhook_allow_private = false).await;
    for (url, reason) in [
        ("http://127.0.0.1:8080/hooks", "loopback"),
        ("http://localhost:5432/", "loopback"),
        ("http://0x7f.1/", "loopback"),
        ("http://2130706433/", "loopback"),
        ("http://017700000001/", "loopback"),
        ("http://127.1:22/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::ffff:a9fe:a9fe]/", "link-local"),
        ("http://0xa9fea9fe/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fd00:ec2::254]/", "private"),
        ("http://10.0.0.8/", "private"),
        ("http://172.16.5.4/", "private"),
        ("https://192.168.0.1/", "private"),
        ("http://100.64.0.1/", "CGNAT"),
        ("http://100.100.100.200/", "CGNAT"),
        ("http://0.0.0.0:8080/", "unspecified"),
        ("http://255.255.255.255/", "broadcast"),
        ("http://224.0.0.1/", "multicast"),
        ("http://192.0.2.1/", "documentation"),
        ("http://240.0.0.1/", "reserved"),
        ("http://168.63.129.16/", "metadata"),
        ("http://crm:s3cret@93.184.215.14/hooks", "password"),
        ("gopher://93.184.215.14/", "http"),
    ] {
        let body = json!({ "name": "CRM", "url": url, "events": ["created"] });
        let problem = app.post("/api/v1/webhooks", &app.admin, body).await.problem(422);
        let message = problem["errors"]["url"][0].as_str().unwrap_or_default();
        assert!(message.contains(reason), "{url}: {problem}");
        assert!(!problem.to_string().contains("s3cret"), "credentials are not echoed: {problem}");
    }

    // Public addresses are fine; changing one to an internal address is refused too.
    let hook = create(&app, "http://93.184.215.14/hooks", json!(["created"])).await;
    create(&app, "https://[2606:4700::1111]/hooks", json!(["created"])).await;
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    let problem = app
        .send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "url": "http://[::1]:8080/" })))
        .await
        .problem(422);
    assert!(problem["errors"]["url"][0].as_str().unwrap().contains("loopback"), "{problem}");
    let listed = app.get("/api/v1/webhooks", &app.admin).await.expect(200);
    assert_eq!(listed["items"][0]["url"], "http://93.184.215.14/hooks", "unchanged");
}

#[tokio::test]
async fn each_attempt_connects_only_to_allowed_addresses() {
    // Rows that point inside now — written before the rules, or a name whose DNS answer
    // changed after the check — are refused when sent, by address and by name.
    let app = spawn_app_with(|c| c.webhook_allow_private = false).await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let port = receiver.url.split(':').nth(2).unwrap().split('/').next().unwrap().to_owned();
    let by_address = create(&app, "http://93.184.215.14/hooks", json!(["created"])).await;
    let by_name = create(&app, "http://93.184.215.14/other", json!(["created"])).await;
    store_url(&app, &by_address, &receiver.url).await;
    store_url(&app, &by_name, &format!("http://localhost:{port}/hooks/switchboard")).await;

    app.intake(&c.agent, "13200000011").await;
    assert_eq!(app.deliver_webhooks().await, 2);
    for hook in [&by_address, &by_name] {
        let d = &deliveries(&app, hook).await[0];
        assert!(d["attempts"] == 1 && !d["last_error"].is_null(), "the attempt is recorded as failed: {d}");
        let error = d["last_error"].as_str().unwrap();
        assert!(error.contains("loopback") && error.contains("public addresses"), "{error}");
        assert!(d["delivered_at"].is_null() && d["last_status"].is_null() && !d["next_attempt_at"].is_null(), "{d}");
    }
    assert!(receiver.received().is_empty(), "nothing reached the internal receiver");
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_counts_as_a_failed_attempt() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let internal = Receiver::start().await;
    let admin_path = internal.url.replace("/hooks/switchboard", "/admin/drop-everything");
    *receiver.redirect.lock().unwrap() = Some(admin_path);
    let hook = create(&app, &receiver.url, json!(["created"])).await;

    app.intake(&c.agent, "13200000012").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    let d = &deliveries(&app, &hook).await[0];
    assert_eq!(d["last_status"], 302, "the attempt is recorded: {d}");
    assert_eq!(d["attempts"], 1);
    assert!(d["delivered_at"].is_null() && !d["next_attempt_at"].is_null(), "tried again later: {d}");
    assert!(d["last_error"].as_str().unwrap().contains("redirects are not followed"), "{d}");
    assert_eq!(app.deliver_webhooks().await, 0, "not again before its back-off");
    assert_eq!(receiver.received().len(), 1);
    assert!(internal.received().is_empty(), "the redirect's target got nothing");
}

#[tokio::test]
async fn credentials_in_a_webhook_url_are_never_shown() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let body = json!({ "name": "CRM", "url": "http://crm:s3cret@127.0.0.1:9/hooks", "events": ["created"] });
    let problem = app.post("/api/v1/webhooks", &app.admin, body).await.problem(422);
    assert!(problem["errors"]["url"][0].as_str().unwrap().contains("password"), "{problem}");
    assert!(!problem.to_string().contains("s3cret"));

    // A row from before the rule keeps working, but its password is never shown.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let hook = create(&app, &format!("http://127.0.0.1:{port}/hooks"), json!(["created"])).await;
    store_url(&app, &hook, &format!("http://crm:s3cret@127.0.0.1:{port}/hooks")).await;
    app.intake(&c.agent, "13200000013").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    assert!(!deliveries(&app, &hook).await[0]["last_error"].is_null(), "the failed attempt is recorded");

    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
    let shown = format!("http://crm:***@127.0.0.1:{port}/hooks");
    // The console sends the URL back as shown: unchanged, the stored one is kept.
    let edit = json!({ "name": "CRM 2", "url": shown });
    let renamed = app.send(Method::PATCH, &path, Some(&app.admin), Some(edit)).await.expect(200);
    let listed = app.get("/api/v1/webhooks", &app.admin).await.expect(200);
    let sent = deliveries(&app, &hook).await;
    assert_eq!((renamed["name"].as_str(), renamed["url"].as_str()), (Some("CRM 2"), Some(shown.as_str())));
    assert_eq!(listed["items"][0]["url"], renamed["url"]);
    for text in [renamed.to_string(), listed.to_string(), json!(sent).to_string()] {
        assert!(!text.contains("s3cret"), "{text}");
    }
    let stored = stored_url(&app, &hook);
    assert!(stored.contains("crm:s3cret@"), "the password is kept, only hidden: {stored}");
    assert!(sent[0]["last_error"].as_str().unwrap().contains("connect"), "{}", sent[0]);
}

#[tokio::test]
async fn a_receiver_that_never_answers_does_not_hold_back_the_others() {
    // The dispatcher's own loop, on purpose: what is tested is that it keeps sending to the
    // others while attempts hang (it refills places as attempts end and on every tick),
    // which a pass asked for by the test, waiting for its attempts (10 s here), cannot show.
    // The wait below is for a positive condition, with a deadline.
    let app = spawn_app_with(|c| c.webhook_interval = Some(std::time::Duration::from_millis(50))).await;
    let c = cast(&app).await;
    let stalled = Stalled::start();
    let live = Receiver::start().await;
    // The stalled webhook first: its deliveries are the oldest of every pass.
    create(&app, &stalled.url, json!(["created"])).await;
    create(&app, &live.url, json!(["created"])).await;

    let started = std::time::Instant::now();
    for i in 0..6 {
        app.intake(&c.agent, &format!("1320000002{i}")).await;
    }
    let waited = until_received(&live, 6, started).await;
    eprintln!("the live receiver had its 6 events {} ms after the first intake", waited.as_millis());
    // An attempt on the stalled one waits 10 s for an answer; sent one at a time, the live
    // receiver had nothing within 9 s.
    assert!(waited < std::time::Duration::from_secs(5), "took {waited:?}");
    let held = stalled.accepted.load(Ordering::SeqCst);
    assert!((1..=4).contains(&held), "the stalled receiver holds a few attempts at once, not all: {held}");
}

#[tokio::test]
async fn a_backlog_for_a_dead_receiver_does_not_hold_back_the_others() {
    // The dispatcher's own loop, on purpose, as in the test above.
    let app = spawn_app_with(|c| c.webhook_interval = Some(std::time::Duration::from_millis(50))).await;
    let c = cast(&app).await;
    let stalled = Stalled::start();
    let live = Receiver::start().await;
    create(&app, &stalled.url, json!(["created"])).await;
    // More due deliveries for the stalled receiver than a pass reads: every pass must pass
    // over them to find the others.
    for i in 0..40 {
        app.intake(&c.agent, &format!("1320001{i:04}")).await;
    }
    create(&app, &live.url, json!(["created"])).await;

    let started = std::time::Instant::now();
    for i in 0..3 {
        app.intake(&c.agent, &format!("1320002{i:04}")).await;
    }
    let waited = until_received(&live, 3, started).await;
    eprintln!(
        "beside a backlog of 40, the live receiver had its 3 events {} ms after the first intake",
        waited.as_millis()
    );
    assert!(waited < std::time::Duration::from_secs(5), "took {waited:?}");
    assert!(stalled.accepted.load(Ordering::SeqCst) <= 4, "a few attempts at once to the stalled receiver");
}

/// Waits (up to 9 s) until `receiver` has `n` requests; how long after `started` that was.
async fn until_received(receiver: &Receiver, n: usize, started: std::time::Instant) -> std::time::Duration {
    while receiver.received().len() < n && started.elapsed() < std::time::Duration::from_secs(9) {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let waited = started.elapsed();
    assert_eq!(receiver.received().len(), n, "every event reached the live receiver (after {waited:?})");
    waited
}

#[tokio::test]
async fn two_processes_send_each_delivery_once() {
    let db = Arc::new(TestDatabase::new());
    if !db.is_postgres() {
        eprintln!("two processes share a database only on PostgreSQL; set TEST_DATABASE_URL (skipped on SQLite)");
        return;
    }
    let a = spawn_process(&db).await;
    let b = spawn_process(&db).await;
    let c = cast(&a.app).await;
    let receiver = Receiver::start().await;
    let hook = create(&a.app, &receiver.url, json!(["created"])).await;
    for i in 0..20 {
        let app = if i % 2 == 0 { &a.app } else { &b.app };
        app.intake(&c.agent, &format!("1320000{i:04}")).await;
    }
    a.app.eventually("every event is delivered", || async { receiver.received().len() >= 20 }).await;
    // Both dispatchers pass again after the last delivery: neither sends anything twice.
    for p in [&a, &b] {
        p.another_whole_pass("switchboard_webhook_pass_duration_seconds_count").await;
    }
    let mut ids: Vec<String> =
        receiver.received().iter().map(|r| r.headers["x-switchboard-delivery"].clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((ids.len(), receiver.received().len()), (20, 20), "each delivery sent by one process, once");
    let path = format!("/api/v1/webhooks/{}/deliveries?limit=50", hook["id"].as_str().unwrap());
    let sent = b.app.get(&path, &b.app.admin).await.expect(200)["items"].as_array().unwrap().clone();
    assert!(sent.iter().all(|d| d["attempts"] == 1 && !d["delivered_at"].is_null()), "{sent:?}");
}

/// The `/api/v1/webhooks/{id}…` path of a webhook.
fn hook_path(hook: &Value, rest: &str) -> String {
    format!("/api/v1/webhooks/{}{rest}", hook["id"].as_str().unwrap())
}

#[tokio::test]
async fn a_ping_is_a_signed_delivery_like_any_other() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let hook = create(&app, &receiver.url, json!(["created"])).await;
    app.post(&hook_path(&hook, "/ping"), &c.supervisor, json!({})).await.problem(403);
    let queued = app.post(&hook_path(&hook, "/ping"), &app.admin, json!({})).await.expect(202);
    assert_eq!((queued["event_kind"].as_str(), queued["status"].as_str()), (Some("ping"), Some("pending")));
    assert_eq!(app.deliver_webhooks().await, 1);
    let got = &receiver.received()[0];
    assert_eq!(got.headers["x-switchboard-event"], "ping");
    assert_eq!(got.headers["x-switchboard-delivery"], queued["id"].as_str().unwrap());
    let timestamp: i64 = got.headers["x-switchboard-timestamp"].parse().unwrap();
    let secret = hook["secret"].as_str().unwrap();
    assert_eq!(
        got.headers["x-switchboard-signature"],
        switchboard::domain::webhook::signature(secret, timestamp, &got.body)
    );
    let body: Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(body["event"]["kind"], "ping");
    assert_eq!(body["webhook"]["id"], hook["id"]);
    let logged = &deliveries(&app, &hook).await[0];
    assert_eq!((logged["event_kind"].as_str(), logged["status"].as_str()), (Some("ping"), Some("delivered")));

    let path = hook_path(&hook, "");
    app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "active": false }))).await.expect(200);
    app.post(&hook_path(&hook, "/ping"), &app.admin, json!({})).await.problem(409);
    app.post("/api/v1/webhooks/00000000-0000-0000-0000-000000000000/ping", &app.admin, json!({})).await.problem(404);
}

#[tokio::test]
async fn a_settled_delivery_can_be_sent_again_with_its_id() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let hook = create(&app, &receiver.url, json!(["created"])).await;
    receiver.fail.store(1, Ordering::SeqCst);
    app.intake(&c.agent, "13200000011").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    let d = deliveries(&app, &hook).await[0].clone();
    let again = hook_path(&hook, &format!("/deliveries/{}/redeliver", d["id"].as_str().unwrap()));
    let problem = app.post(&again, &app.admin, json!({})).await.problem(409);
    assert!(problem["detail"].as_str().unwrap().contains("pending"), "{problem}");

    app.advance(TimeDelta::minutes(1));
    assert_eq!(app.deliver_webhooks().await, 1);
    assert_eq!(deliveries(&app, &hook).await[0]["status"], "delivered");
    app.post(&again, &c.supervisor, json!({})).await.problem(403);
    let queued = app.post(&again, &app.admin, json!({})).await.expect(202);
    assert_eq!((queued["id"].clone(), queued["status"].as_str()), (d["id"].clone(), Some("pending")));
    assert_eq!(app.deliver_webhooks().await, 1, "a new attempt now");
    let got = receiver.received();
    assert_eq!(got.len(), 3);
    assert_eq!(got[2].headers["x-switchboard-delivery"], d["id"].as_str().unwrap(), "the same delivery id");
    assert_eq!(got[2].body, got[0].body, "the same body");
    let logged = &deliveries(&app, &hook).await[0];
    assert_eq!((logged["attempts"].as_i64(), logged["last_status"].as_i64()), (Some(3), Some(200)), "{logged}");
    assert_eq!(logged["status"], "delivered");

    // Another webhook's delivery, or none, is not found under this one.
    let other = create(&app, &receiver.url, json!(["created"])).await;
    let elsewhere = hook_path(&other, &format!("/deliveries/{}/redeliver", d["id"].as_str().unwrap()));
    app.post(&elsewhere, &app.admin, json!({})).await.problem(404);
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_new_one_for_the_overlap() {
    use switchboard::domain::webhook::signature;
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let hook = create(&app, &receiver.url, json!(["created"])).await;
    let old = hook["secret"].as_str().unwrap().to_owned();
    app.post(&hook_path(&hook, "/rotate-secret"), &c.supervisor, json!({})).await.problem(403);
    let rotated = app.post(&hook_path(&hook, "/rotate-secret"), &app.admin, json!({})).await.expect(200);
    let new = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    let overlap = time(&rotated["previous_secret_until"]) - app.now();
    assert!(
        overlap > TimeDelta::hours(24) - TimeDelta::minutes(1) && overlap <= TimeDelta::hours(24),
        "24 hours by default: {overlap}"
    );
    let listed = app.get("/api/v1/webhooks", &app.admin).await.expect(200);
    assert!(listed["items"][0].get("secret").is_none(), "shown once");

    app.intake(&c.agent, "13200000012").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    let got = &receiver.received()[0];
    let ts: i64 = got.headers["x-switchboard-timestamp"].parse().unwrap();
    assert_eq!(
        got.headers["x-switchboard-signature"],
        format!("{},{}", signature(&new, ts, &got.body), signature(&old, ts, &got.body)),
        "both, the new one first"
    );

    app.advance(TimeDelta::hours(24));
    app.intake(&c.agent, "13200000013").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    let got = &receiver.received()[1];
    let ts: i64 = got.headers["x-switchboard-timestamp"].parse().unwrap();
    assert_eq!(got.headers["x-switchboard-signature"], signature(&new, ts, &got.body), "the old one no longer");

    // No overlap: the old secret ends at once.
    let path = format!("{}?overlap_hours=0", hook_path(&hook, "/rotate-secret"));
    let newest = app.post(&path, &app.admin, json!({})).await.expect(200);
    assert!(newest["previous_secret_until"].is_null());
    app.intake(&c.agent, "13200000014").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    let got = &receiver.received()[2];
    let ts: i64 = got.headers["x-switchboard-timestamp"].parse().unwrap();
    let secret = newest["secret"].as_str().unwrap();
    assert_eq!(got.headers["x-switchboard-signature"], signature(secret, ts, &got.body));
    let path = format!("{}?overlap_hours=169", hook_path(&hook, "/rotate-secret"));
    app.post(&path, &app.admin, json!({})).await.problem(422);
}

#[tokio::test]
async fn a_deleted_webhook_is_sent_nothing_more() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let hook = create(&app, &receiver.url, json!(["created"])).await;
    receiver.fail.store(1, Ordering::SeqCst);
    app.intake(&c.agent, "13200000015").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    assert_eq!(deliveries(&app, &hook).await[0]["status"], "pending", "to be tried again");

    let path = hook_path(&hook, "");
    app.send(Method::DELETE, &path, Some(&c.supervisor), None).await.problem(403);
    let gone = app.send(Method::DELETE, &path, Some(&app.admin), None).await;
    assert_eq!(gone.status, 204);
    app.advance(TimeDelta::hours(1));
    assert_eq!(app.deliver_webhooks().await, 0, "its pending delivery was dropped");
    app.intake(&c.agent, "13200000016").await;
    assert_eq!(app.deliver_webhooks().await, 0, "new events are not queued for it");
    assert_eq!(receiver.received().len(), 1);
    app.get(&hook_path(&hook, "/deliveries"), &app.admin).await.problem(404);
    assert!(app.get("/api/v1/webhooks", &app.admin).await.expect(200)["items"].as_array().unwrap().is_empty());
    app.send(Method::DELETE, &path, Some(&app.admin), None).await.problem(404);
}

#[tokio::test]
async fn the_delivery_log_is_filtered_by_status() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let receiver = Receiver::start().await;
    let hook = create(&app, &receiver.url, json!(["created"])).await;
    let by = |status: &'static str| {
        let path = hook_path(&hook, &format!("/deliveries?status={status}"));
        let app = &app;
        async move {
            let page = app.get(&path, &app.admin).await.expect(200);
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["status"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    app.intake(&c.agent, "13200000017").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    receiver.fail.store(1, Ordering::SeqCst);
    app.intake(&c.agent, "13200000018").await;
    assert_eq!(app.deliver_webhooks().await, 1);
    app.intake(&c.agent, "13200000019").await;
    assert_eq!(by("delivered").await, ["delivered"]);
    assert_eq!(by("pending").await, ["pending", "pending"], "one to try again, one not tried yet");
    assert!(by("failed").await.is_empty());

    // Paused, its pending deliveries are given up at their next attempt.
    let path = hook_path(&hook, "");
    app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "active": false }))).await.expect(200);
    app.advance(TimeDelta::minutes(2));
    assert_eq!(app.deliver_webhooks().await, 2);
    assert_eq!(by("failed").await, ["failed", "failed"]);
    assert!(by("pending").await.is_empty());
    assert_eq!(deliveries(&app, &hook).await.len(), 3, "unfiltered, all");
    app.get(&hook_path(&hook, "/deliveries?status=lost"), &app.admin).await.problem(400);
}
