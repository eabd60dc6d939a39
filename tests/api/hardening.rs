//! What a caller without credentials can cost, what every response carries, and races
//! that must not lose a caller's contact (issue #8).

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::*;

/// The series of `switchboard_http_requests_total` in the metrics text.
async fn request_series(app: &TestApp) -> Vec<String> {
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines().filter(|l| l.starts_with("switchboard_http_requests_total{")).map(str::to_owned).collect()
}

#[tokio::test]
async fn made_up_methods_and_paths_do_not_grow_the_metrics() {
    let app = spawn_app().await;
    // Metrics are process-wide: tests running beside this one add their own series, so
    // count only what these requests could add.
    for i in 0..40 {
        let method = Method::from_bytes(format!("BREW{i}").as_bytes()).unwrap();
        let r = app.send(method, &format!("/api/v1/tickets/{i}/x{i}"), None, None).await;
        assert!(r.status.is_client_error(), "{}", r.status);
        app.send(Method::GET, &format!("/no/such/page/{i}?phone=1390000{i:04}"), None, None).await;
    }
    let series = request_series(&app).await;
    assert!(series.iter().all(|l| !l.contains("BREW")), "a made-up method became a label");
    assert!(series.iter().all(|l| !l.contains("/no/such/page")), "a raw path became a label");
    assert!(series.iter().any(|l| l.contains("method=\"other\"")), "made-up methods are counted as `other`");
    let labels_per_request = series.iter().filter(|l| l.contains("method=\"other\"")).count();
    assert!(labels_per_request <= 4, "{labels_per_request} series for one kind of junk: {series:#?}");
}

#[tokio::test]
async fn metrics_ask_for_their_token_when_one_is_set() {
    let app = spawn_app_with(|c| c.metrics_token = Some("metrics-token-for-tests".into())).await;
    let get = |token: Option<&str>| {
        let mut req = app.client.get(app.url("/metrics"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(get(None).await, 401);
    assert_eq!(get(Some("wrong")).await, 401);
    assert_eq!(get(Some(&app.admin)).await, 401, "a user's token is not the metrics token");
    assert_eq!(get(Some("metrics-token-for-tests")).await, 200);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/tickets/some-page", "/api/v1/auth/me", "/healthz"] {
        let resp = app.client.get(app.url(path)).send().await.unwrap();
        let h = resp.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{path}: the console runs no inline script");
        assert!(!h.contains_key("strict-transport-security"), "no HSTS over plain HTTP");
    }
}

/// Sends the start of a request by hand and returns the socket.
async fn raw_request(app: &TestApp, head: &str) -> TcpStream {
    let addr = app.address.trim_start_matches("http://");
    let mut socket = TcpStream::connect(addr).await.unwrap();
    socket.write_all(head.as_bytes()).await.unwrap();
    socket
}

/// Reads until the server closes the socket or `within` passes; returns what came.
async fn read_reply(socket: &mut TcpStream, within: Duration) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, socket.read(&mut buf)).await {
            Ok(Ok(0)) | Err(_) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                out.extend_from_slice(&buf[..n]);
                if out.windows(4).any(|w| w == b"\r\n\r\n") && String::from_utf8_lossy(&out).contains("\r\n\r\n{") {
                    // A whole problem document has a closing brace at its end.
                    if out.ends_with(b"}") {
                        break;
                    }
                }
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_body_that_trickles_in_is_cut_off() {
    let app = spawn_app_with(|c| c.body_timeout = Duration::from_millis(600)).await;
    let head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"user";
    let mut socket = raw_request(&app, head).await;
    // A byte now and then does not keep the body alive.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let _ = socket.write_all(b" ").await;
    }
    let reply = read_reply(&mut socket, Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("request_timeout"), "{reply}");

    // A normal body still goes through.
    app.send(Method::POST, "/api/v1/auth/login", None, Some(json!({"username": "admin", "password": ADMIN_PASSWORD})))
        .await
        .expect(200);
}

#[tokio::test]
async fn one_client_cannot_hold_every_connection() {
    let app = spawn_app_with(|c| c.max_connections_per_client = 4).await;
    // Connections accepted and kept open (keep-alive) until the cap; the test client's
    // own pooled connection (from signing in) may hold one place already.
    let mut held = Vec::new();
    let refused = loop {
        let mut s = raw_request(&app, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
        let reply = read_reply(&mut s, Duration::from_millis(800)).await;
        if !reply.starts_with("HTTP/1.1 200") {
            break (s, reply);
        }
        held.push(s);
        assert!(held.len() <= 4, "more than four connections were served at once");
    };
    let (fifth, reply) = refused;
    assert!(held.len() >= 3, "only {} connections were served", held.len());
    assert!(reply.starts_with("HTTP/1.1 429"), "{reply}");
    assert!(reply.to_ascii_lowercase().contains("retry-after"), "{reply}");
    // Closing one frees its place.
    drop(held.pop());
    drop(fifth);
    app.eventually("a freed connection is counted", || async {
        let mut s = raw_request(&app, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
        read_reply(&mut s, Duration::from_millis(500)).await.starts_with("HTTP/1.1 200")
    })
    .await;
}

#[tokio::test]
async fn two_intakes_for_one_new_caller_at_once_both_succeed_with_one_customer() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (_, second_agent) = app.user("agent", None).await;
    for round in 0..3 {
        let phone = format!("1370000{round:04}");
        let intakes = (0..8).map(|i| {
            let token = if i % 2 == 0 { c.agent.clone() } else { second_agent.clone() };
            let (app, phone) = (&app, phone.clone());
            async move {
                app.post(
                    "/api/v1/tickets",
                    &token,
                    json!({ "channel": "phone", "kind": "inquiry", "subject": format!("line {i}"),
                            "customer": { "name": "Zhou Min", "phone": phone } }),
                )
                .await
            }
        });
        let replies = futures_util::future::join_all(intakes).await;
        let customers: std::collections::BTreeSet<String> =
            replies.into_iter().map(|r| r.expect(201)["customer"]["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(customers.len(), 1, "round {round}: one caller, one customer record");
    }
}
