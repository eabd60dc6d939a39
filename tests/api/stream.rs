use std::time::Duration;

use chrono::TimeDelta;
use serde_json::{json, Value};

use crate::helpers::*;

/// An open event stream, read frame by frame.
struct Stream {
    resp: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(app: &TestApp, token: &str) -> Stream {
        let resp = app.client.get(app.url("/api/v1/stream")).bearer_auth(token).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["content-type"], "text/event-stream");
        Stream { resp, buffer: String::new() }
    }

    /// Whether the server ends the stream within `limit` (events before that are skipped).
    async fn ends_within(&mut self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline, self.resp.chunk()).await {
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None) | Err(_)) => return true,
                Err(_) => return false,
            }
        }
    }

    /// The next event (skipping keep-alive comments), as (type, data); None after 3 s.
    async fn next(&mut self) -> Option<(String, Value)> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                let mut kind = None;
                let mut data = None;
                for line in frame.lines() {
                    if let Some(k) = line.strip_prefix("event: ") {
                        kind = Some(k.to_owned());
                    } else if let Some(d) = line.strip_prefix("data: ") {
                        data = serde_json::from_str(d).ok();
                    }
                }
                if let (Some(k), Some(d)) = (kind, data) {
                    return Some((k, d));
                }
                continue;
            }
            match tokio::time::timeout(Duration::from_secs(3), self.resp.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }
}

#[tokio::test]
async fn the_stream_pushes_intake_changes_and_escalations() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let mut agent_stream = Stream::open(&app, &c.supervisor).await;

    let t = app.intake(&c.agent, "12800000001").await;
    let (kind, data) = agent_stream.next().await.expect("an event");
    assert_eq!(kind, "ticket.created");
    assert_eq!(data["ticket_id"], t["id"]);
    assert_eq!(data["number"], t["number"]);

    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    let (kind, data) = agent_stream.next().await.expect("an event");
    assert_eq!((kind.as_str(), data["status"].as_str()), ("ticket.changed", Some("dispatched")));

    app.advance(TimeDelta::minutes(16));
    assert_eq!(app.sweep().await.escalated, 1);
    let (kind, data) = agent_stream.next().await.expect("an escalation");
    assert_eq!(kind, "ticket.escalated");
    assert_eq!(data["clock"], "response");
    assert_eq!(data["ticket_id"], t["id"]);
}

#[tokio::test]
async fn department_staff_are_streamed_only_their_departments_tickets() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let other = app.department("Security").await;
    let mut staff_stream = Stream::open(&app, &c.staff).await;

    let theirs = app.intake(&c.agent, "12800000002").await;
    app.act(&theirs, "dispatch", &c.agent, json!({ "department_id": other, "urgency": "P2" })).await.expect(200);
    let mine = app.intake(&c.agent, "12800000003").await;
    app.act(&mine, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.expect(200);

    let (kind, data) = staff_stream.next().await.expect("an event");
    assert_eq!(kind, "ticket.changed");
    assert_eq!(data["ticket_id"], mine["id"], "the other department's ticket and the intakes were not sent");
    assert!(staff_stream.next().await.is_none());

    app.send(reqwest::Method::GET, "/api/v1/stream", None, None).await.problem(401);
}

#[tokio::test]
async fn on_postgresql_a_stream_sees_what_another_process_did_once() {
    let db = std::sync::Arc::new(TestDatabase::new());
    if !db.is_postgres() {
        eprintln!("processes share live events only on PostgreSQL; set TEST_DATABASE_URL (skipped on SQLite)");
        return;
    }
    let a = spawn_process(&db).await;
    let b = spawn_process(&db).await;
    let c = cast(&a.app).await;
    let mut on_a = Stream::open(&a.app, &c.supervisor).await;
    let mut on_b = Stream::open(&b.app, &c.supervisor).await;

    // A change made through B reaches a console connected to A.
    let t = b.app.intake(&c.agent, "12800000301").await;
    let (kind, data) = on_a.next().await.expect("B's intake relayed to A");
    assert_eq!((kind.as_str(), &data["ticket_id"]), ("ticket.created", &t["id"]));
    b.app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);
    let (kind, data) = on_a.next().await.expect("B's dispatch relayed to A");
    assert_eq!((kind.as_str(), data["status"].as_str()), ("ticket.changed", Some("dispatched")));

    // What A does itself arrives once, not again by way of the database. B's stream had
    // B's own two events and then A's intake: A's notification is through the database.
    // What B does next is notified after it, so an echo of A's intake would reach A first.
    let own = a.app.intake(&c.agent, "12800000302").await;
    let (kind, data) = on_a.next().await.expect("A's own intake");
    assert_eq!((kind.as_str(), &data["ticket_id"]), ("ticket.created", &own["id"]));
    for expected in [&t["id"], &t["id"], &own["id"]] {
        assert_eq!(&on_b.next().await.expect("an event on B").1["ticket_id"], expected);
    }
    let after = b.app.intake(&c.agent, "12800000303").await;
    let (kind, data) = on_a.next().await.expect("B's next intake");
    assert_eq!((kind.as_str(), &data["ticket_id"]), ("ticket.created", &after["id"]), "no echo of A's own event");
}

#[tokio::test]
async fn an_open_stream_ends_with_its_session() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (_, agent_name) = app.user_named("agent", None).await;
    let agent = app.login(&agent_name, PASSWORD).await;
    let (integration_id, integration) = app.user("integration", None).await;
    let scopes = json!(["tickets:read"]);
    let second = json!({ "user_id": integration_id, "name": "second system", "scopes": scopes });
    let second = app.post("/api/v1/api-tokens", &app.admin, second).await.expect(201);
    let mut signed_out = Stream::open(&app, &agent).await;
    let mut deactivated = Stream::open(&app, &c.supervisor).await;
    let mut system = Stream::open(&app, &integration).await;
    let mut revoked = Stream::open(&app, second["token"].as_str().unwrap()).await;
    let mut staying = Stream::open(&app, &c.staff).await;

    app.send(reqwest::Method::POST, "/api/v1/auth/logout", Some(&agent), None).await.expect(204);
    assert!(signed_out.ends_within(Duration::from_secs(2)).await, "the stream of a signed-out session");
    let me = app.get("/api/v1/auth/me", &c.supervisor).await.expect(200);
    let path = format!("/api/v1/users/{}", me["id"].as_str().unwrap());
    app.send(reqwest::Method::PATCH, &path, Some(&app.admin), Some(json!({ "active": false }))).await.expect(200);
    assert!(deactivated.ends_within(Duration::from_secs(2)).await, "the stream of a deactivated user");
    let revoke = format!("/api/v1/api-tokens/{}/revoke", second["id"].as_str().unwrap());
    app.post(&revoke, &app.admin, json!({})).await.expect(200);
    app.check_sessions().await;
    assert!(revoked.ends_within(Duration::from_secs(2)).await, "the stream of a revoked API token");
    // The check that ended the revoked token's stream has run: the other token's goes on.
    assert!(!system.ends_within(Duration::from_millis(300)).await, "the integration's other token goes on");
    let path = format!("/api/v1/users/{integration_id}");
    app.send(reqwest::Method::PATCH, &path, Some(&app.admin), Some(json!({ "active": false }))).await.expect(200);
    app.check_sessions().await;
    assert!(system.ends_within(Duration::from_secs(2)).await, "an integration's stream, when it is deactivated");

    // Every check so far has run (and one more now): the others' sessions go on.
    app.check_sessions().await;
    assert!(!staying.ends_within(Duration::from_millis(300)).await, "other sessions go on");
    let t = app.intake(&c.agent, "12800000009").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.expect(200);
    assert_eq!(staying.next().await.expect("an event").1["ticket_id"], t["id"]);
}

#[tokio::test]
async fn a_stream_ends_when_another_process_ends_its_session() {
    let db = std::sync::Arc::new(TestDatabase::new());
    if !db.is_postgres() {
        // SQLite serves one process (the second is refused at start).
        eprintln!("several processes share a database only on PostgreSQL (skipped on SQLite)");
        return;
    }
    let a = spawn_process(&db).await;
    let b = spawn_process(&db).await;
    let (_, username) = a.app.user_named("agent", None).await;
    let token = a.app.login(&username, PASSWORD).await;
    let mut on_a = Stream::open(&a.app, &token).await;

    b.app.send(reqwest::Method::POST, "/api/v1/auth/logout", Some(&token), None).await.expect(204);
    assert!(on_a.ends_within(Duration::from_secs(3)).await, "A learns of B's sign-out from the database");
    a.app.get("/api/v1/auth/me", &token).await.problem(401);
}
