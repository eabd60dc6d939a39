//! Operating the API (issue #13): request ids on every response, idempotent intake
//! replays and the purge of old idempotency keys.

use reqwest::Method;

use crate::helpers::*;

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let admin = app.admin.clone();
    let replies = [
        app.get("/api/v1/tickets", &admin).await,                              // the API
        app.send(Method::GET, "/api/v1/tickets", None, None).await,            // 401
        app.get("/api/v1/no-such-thing", &admin).await,                        // 404
        app.send(Method::DELETE, "/api/v1/tickets", Some(&admin), None).await, // 405
        app.send(Method::GET, "/healthz", None, None).await,                   // health
        app.send(Method::GET, "/", None, None).await,                          // the console
        app.send(Method::GET, "/api/v1/tickets?x=%00", Some(&admin), None).await, // refused early
    ];
    let mut seen = std::collections::HashSet::new();
    for reply in &replies {
        let id = reply.header("request-id");
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{} has request id {id:?}", reply.status);
        assert!(seen.insert(id.to_owned()), "each request its own id");
    }
}

#[tokio::test]
async fn a_sane_request_id_is_taken_from_the_request() {
    let app = spawn_app().await;
    let get = |name: &'static str, value: String| {
        let req = app.client.get(app.url("/api/v1/no-such-thing")).header(name, value);
        async move { req.send().await.unwrap().headers().get("request-id").unwrap().to_str().unwrap().to_owned() }
    };
    assert_eq!(get("Request-Id", "call-42/abc".into()).await, "call-42/abc");
    assert_eq!(get("X-Request-Id", "from-the-proxy".into()).await, "from-the-proxy");
    let long = "x".repeat(128);
    assert_eq!(get("Request-Id", long.clone()).await, long, "128 characters are fine");
    for insane in ["x".repeat(129), "has space".into(), "tab\there".into(), String::new()] {
        let id = get("Request-Id", insane.clone()).await;
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{insane:?} was replaced by a UUID, not {id:?}");
    }
}

/// An intake with an `Idempotency-Key`.
async fn intake_with_key(app: &TestApp, token: &str, key: &str) -> Reply {
    let body = serde_json::json!({
        "channel": "phone", "kind": "complaint", "subject": "No water since noon",
        "customer": { "name": "Li Lei", "phone": "13300000001" }
    });
    let req = app.client.post(app.url("/api/v1/tickets")).bearer_auth(token).header("Idempotency-Key", key).json(&body);
    into_reply(req.send().await.unwrap()).await
}

#[tokio::test]
async fn a_replayed_intake_says_so_and_keys_are_purged_after_a_day() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let first = intake_with_key(&app, &c.agent, "call-7").await;
    assert_eq!(first.header("idempotent-replayed"), "", "a first answer is no replay");
    let first = first.expect(201);

    let retry = intake_with_key(&app, &c.agent, "call-7").await;
    assert_eq!(retry.header("idempotent-replayed"), "true");
    assert_eq!(retry.expect(200)["id"], first["id"], "the ticket created first");

    // Within the 24 hours a pass keeps the key.
    app.advance(chrono::TimeDelta::hours(23));
    assert_eq!(app.sweep().await.purged_keys, 0);
    let retry = intake_with_key(&app, &c.agent, "call-7").await;
    assert_eq!(retry.header("idempotent-replayed"), "true");
    assert_eq!(retry.expect(200)["id"], first["id"]);

    // After them, and a pass, the key is new again.
    app.advance(chrono::TimeDelta::hours(1) + chrono::TimeDelta::seconds(1));
    assert_eq!(app.sweep().await.purged_keys, 1);
    let again = intake_with_key(&app, &c.agent, "call-7").await;
    assert_eq!(again.header("idempotent-replayed"), "");
    assert_ne!(again.expect(201)["id"], first["id"], "a new ticket");
}
