//! Bad input gets a clear problem document with the right status, and loses nothing.

use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn malformed_requests_get_4xx_problem_documents_never_500() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13100000001").await;
    let id = t["id"].as_str().unwrap();
    let token = c.agent.as_str();
    let raw = |method: Method, path: &str, content_type: Option<&str>, body: &str| {
        let mut req = app.client.request(method, app.url(path)).bearer_auth(token);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        let req = req.body(body.to_owned());
        async move { into_reply(req.send().await.unwrap()).await }
    };
    let json_ct = Some("application/json");
    let cases: Vec<(Reply, u16, &str)> = vec![
        (raw(Method::POST, "/api/v1/tickets", json_ct, "{\"channel\":").await, 400, "truncated JSON"),
        (raw(Method::POST, "/api/v1/tickets", json_ct, "not json at all").await, 400, "not JSON"),
        (raw(Method::POST, "/api/v1/tickets", json_ct, "").await, 400, "empty body"),
        (raw(Method::POST, "/api/v1/tickets", Some("text/plain"), "{}").await, 415, "wrong content type"),
        (raw(Method::POST, "/api/v1/tickets", json_ct, "[]").await, 422, "an array, not an object"),
        (raw(Method::POST, "/api/v1/tickets", json_ct, "{}").await, 422, "missing fields"),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct,
                r#"{"channel":"pigeon","kind":"complaint","subject":"x","customer":{"name":"a","phone":"13100000002"}}"#).await,
            422, "unknown channel",
        ),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct,
                r#"{"channel":"phone","kind":"complaint","subject":42,"customer":{"name":"a","phone":"13100000002"}}"#).await,
            422, "subject of the wrong type",
        ),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct,
                r#"{"channel":"phone","kind":"complaint","subject":"x","customer":{"name":"a","phone":"call me maybe"}}"#).await,
            422, "a phone that is not a number",
        ),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct,
                r#"{"channel":"phone","kind":"complaint","subject":"","customer":{"name":"a","phone":"13100000002"}}"#).await,
            422, "empty subject",
        ),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct,
                r#"{"channel":"phone","kind":"complaint","subject":"x","extra":1,"customer":{"name":"a","phone":"13100000002"}}"#).await,
            422, "unknown field",
        ),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct, &format!(
                r#"{{"channel":"phone","kind":"complaint","subject":"{}","customer":{{"name":"a","phone":"13100000002"}}}}"#,
                "x".repeat(201))).await,
            422, "subject too long",
        ),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct, &format!(r#"{{"description":"{}"}}"#, "x".repeat(300_000))).await,
            413, "oversized body",
        ),
        (raw(Method::GET, "/api/v1/tickets/not-a-uuid", None, "").await, 400, "bad UUID in the path"),
        (raw(Method::GET, "/api/v1/tickets/00000000-0000-0000-0000-000000000000", None, "").await, 404, "no such ticket"),
        (raw(Method::POST, &format!("/api/v1/tickets/{id}/dispatch"), json_ct, r#"{"department_id":"nope","urgency":"P1"}"#).await, 422, "bad UUID in the body"),
        (raw(Method::POST, &format!("/api/v1/tickets/{id}/dispatch"), json_ct, r#"{"department_id":"00000000-0000-0000-0000-000000000000","urgency":"P9"}"#).await, 422, "unknown tier"),
        (raw(Method::POST, &format!("/api/v1/tickets/{id}/dispatch"), json_ct, r#"{"department_id":"00000000-0000-0000-0000-000000000000","urgency":"P1"}"#).await, 422, "unknown department"),
        (raw(Method::POST, &format!("/api/v1/tickets/{id}/extensions/zzz/approve"), json_ct, "{}").await, 400, "bad extension id"),
        (raw(Method::GET, "/api/v1/tickets?limit=0", None, "").await, 422, "limit out of range"),
        (raw(Method::GET, "/api/v1/tickets?limit=many", None, "").await, 400, "limit not a number"),
        (raw(Method::GET, "/api/v1/tickets?status=lost", None, "").await, 422, "unknown status filter"),
        (raw(Method::GET, "/api/v1/tickets?urgency=P0", None, "").await, 400, "unknown urgency filter"),
        (raw(Method::GET, "/api/v1/tickets?breached=maybe", None, "").await, 400, "breached not a boolean"),
        (raw(Method::GET, "/api/v1/tickets?cursor=garbage", None, "").await, 422, "forged cursor"),
        (raw(Method::GET, "/api/v1/tickets?assignee=someone", None, "").await, 422, "bad assignee"),
        (raw(Method::DELETE, &format!("/api/v1/tickets/{id}"), None, "").await, 405, "method not allowed"),
        (raw(Method::GET, "/api/v1/no-such-thing", None, "").await, 404, "unknown API path"),
        (raw(Method::POST, "/api/v1/auth/login", json_ct, r#"{"username":"admin"}"#).await, 422, "login without password"),
        (raw(Method::PUT, "/api/v1/sla-policy", json_ct, "{}").await, 403, "policy by an agent"),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct,
                r#"{"channel":"phone","kind":"complaint","subject":"x","customer":{"name":"a","phone":"13100000002"}} trailing"#).await,
            400, "text after the JSON body",
        ),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct,
                r#"{"channel":"phone","kind":"complaint","subject":"a\u0000b","customer":{"name":"a","phone":"13100000002"}}"#).await,
            400, "a NUL character in the subject",
        ),
        (
            raw(Method::POST, "/api/v1/tickets", json_ct,
                "{\"channel\":\"phone\",\"kind\":\"complaint\",\"subject\":\" \u{200B}\u{3000}\u{FEFF} \",\"customer\":{\"name\":\"a\",\"phone\":\"13100000002\"}}").await,
            422, "a subject of spaces and zero-width spaces",
        ),
        (raw(Method::POST, "/api/v1/auth/login", json_ct, r#"{"username":"ad\u0000min","password":"x"}"#).await, 400, "a NUL character at sign-in"),
        (raw(Method::GET, "/api/v1/tickets?q=%00", None, "").await, 400, "a NUL character in a search"),
    ];
    for (reply, status, what) in cases {
        assert_eq!(reply.status.as_u16(), status, "{what}: {}", reply.body);
        assert_eq!(reply.content_type, "application/problem+json", "{what}");
        assert_eq!(reply.body["status"], status, "{what}");
        assert!(reply.body["code"].is_string() && reply.body["detail"].is_string(), "{what}: {}", reply.body);
    }

    // Field errors name the field.
    let reply = raw(
        Method::POST,
        "/api/v1/tickets",
        json_ct,
        r#"{"channel":"phone","kind":"complaint","subject":"x","customer":{"name":"a","phone":"12"}}"#,
    )
    .await;
    let body = reply.problem(422);
    assert!(body["errors"]["customer.phone"].is_array(), "{body}");
    let reply = raw(
        Method::POST,
        "/api/v1/tickets",
        json_ct,
        r#"{"channel":"phone","kind":"grumble","subject":"x","customer":{"name":"a","phone":"13100000003"}}"#,
    )
    .await;
    assert!(reply.problem(422)["errors"]["kind"].is_array());

    // Nothing was lost or half-written: the one real ticket is still the only one, untouched.
    let list = app.get("/api/v1/tickets", token).await.expect(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["status"], "new");
    assert_eq!(kinds(&app.events(&t["id"], token).await), ["created"]);
}

#[tokio::test]
async fn a_retried_intake_with_the_same_idempotency_key_creates_one_ticket() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let body = json!({ "channel": "phone", "kind": "repair", "subject": "Lift stuck",
                       "customer": { "name": "Zhao", "phone": "13100000010" } });
    let send = |key: &'static str, body: serde_json::Value| {
        let req = app
            .client
            .post(app.url("/api/v1/tickets"))
            .bearer_auth(&c.agent)
            .header("Idempotency-Key", key)
            .json(&body);
        async move { into_reply(req.send().await.unwrap()).await }
    };
    let first = send("call-42", body.clone()).await.expect(201);
    let retry = send("call-42", body.clone()).await.expect(200);
    assert_eq!(first["id"], retry["id"]);
    assert_eq!(first["number"], retry["number"]);

    // Concurrent retries still make one ticket.
    let (a, b, d) =
        tokio::join!(send("call-43", body.clone()), send("call-43", body.clone()), send("call-43", body.clone()));
    let ids: std::collections::HashSet<_> = [a, b, d]
        .into_iter()
        .map(|r| {
            assert!(r.status.is_success(), "{:?}", r.body);
            r.body["id"].clone()
        })
        .collect();
    assert_eq!(ids.len(), 1);

    // The same key with a different request is a client error, not a silent mix-up.
    let mut other = body.clone();
    other["subject"] = json!("Something else");
    send("call-42", other).await.problem(422);

    let list = app.get("/api/v1/tickets", &c.agent).await.expect(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
}
