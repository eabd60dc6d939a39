use chrono::TimeDelta;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

async fn create(app: &TestApp, user_id: &str, scopes: Value, extra: Value) -> Reply {
    let mut body = json!({ "user_id": user_id, "name": "WeChat service account", "scopes": scopes });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.post("/api/v1/api-tokens", &app.admin, body).await
}

fn intake_body(phone: &str) -> Value {
    json!({ "channel": "web", "kind": "inquiry", "subject": "Opening hours",
            "customer": { "name": "Web visitor", "phone": phone } })
}

#[tokio::test]
async fn an_api_token_acts_as_its_integration_user_within_its_scopes() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (integration_id, _) = app.user_named("integration", None).await;

    let created = create(&app, &integration_id, json!(["tickets:write", "tickets:write"]), json!({})).await.expect(201);
    let writer = created["token"].as_str().unwrap().to_owned();
    assert!(writer.starts_with("sbt_") && writer.len() > 40, "{writer}");
    assert_eq!(created["scopes"], json!(["tickets:write"]), "duplicates dropped");
    assert_eq!(created["token_start"].as_str().unwrap(), &writer[..8]);

    // It records contacts (as the integration user), but may not read the queue.
    let t = app.post("/api/v1/tickets", &writer, intake_body("13300000001")).await.expect(201);
    assert_eq!(t["owner_id"].as_str(), Some(integration_id.as_str()));
    assert_eq!(t["customer"]["phone"], "133****0001");
    let refused = app.get("/api/v1/tickets", &writer).await.problem(403);
    assert!(refused["detail"].as_str().unwrap().contains("tickets:read"), "{refused}");
    // Nothing outside the scope table is open to tokens, whatever the user's role allows.
    app.get("/api/v1/departments", &writer).await.problem(403);
    app.get("/api/v1/api-tokens", &writer).await.problem(403);
    let me = app.get("/api/v1/auth/me", &writer).await.expect(200);
    assert_eq!(me["id"].as_str(), Some(integration_id.as_str()));
    // The clocks every ticket is held to, as the document says: for any token.
    let policy = app.get("/api/v1/sla-policy", &writer).await.expect(200);
    assert!(policy["response"]["P1"].is_string(), "{policy}");
    app.send(reqwest::Method::PUT, "/api/v1/sla-policy", Some(&writer), Some(policy)).await.problem(403);

    // A reader sees tickets (masked) and answers, and can write nothing.
    let reader = create(&app, &integration_id, json!(["tickets:read", "answers:read"]), json!({})).await.expect(201);
    let reader = reader["token"].as_str().unwrap().to_owned();
    let seen = app.get(&format!("/api/v1/tickets/{}", t["id"].as_str().unwrap()), &reader).await.expect(200);
    assert_eq!(seen["customer"]["phone"], "133****0001");
    app.get("/api/v1/answers?q=hours", &reader).await.expect(200);
    app.post("/api/v1/tickets", &reader, intake_body("13300000002")).await.problem(403);
    // The role still applies: an integration may not dispatch, token or not.
    let both = create(&app, &integration_id, json!(["tickets:read", "tickets:write"]), json!({})).await.expect(201);
    let both = both["token"].as_str().unwrap().to_owned();
    app.act(&t, "dispatch", &both, json!({ "department_id": c.dept, "urgency": "P3" })).await.problem(403);

    // The list shows no secret, and says when a token was last used.
    let list = app.get("/api/v1/api-tokens", &app.admin).await.expect(200);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(!list.to_string().contains(&writer), "secrets are never listed");
    let writer_listed = items.iter().find(|i| i["id"] == created["id"]).unwrap();
    assert!(!writer_listed["last_used_at"].is_null());
}

#[tokio::test]
async fn tokens_stop_working_when_revoked_expired_or_their_user_is_disabled() {
    let app = spawn_app().await;
    let (integration_id, _) = app.user_named("integration", None).await;
    let read = json!(["tickets:read"]);
    let token = |v: &Value| v["token"].as_str().unwrap().to_owned();

    let revoked = create(&app, &integration_id, read.clone(), json!({})).await.expect(201);
    app.get("/api/v1/tickets", &token(&revoked)).await.expect(200);
    let path = format!("/api/v1/api-tokens/{}/revoke", revoked["id"].as_str().unwrap());
    let after = app.post(&path, &app.admin, json!({})).await.expect(200);
    assert!(!after["revoked_at"].is_null());
    app.post(&path, &app.admin, json!({})).await.expect(200);
    assert!(app.get("/api/v1/tickets", &token(&revoked)).await.problem(401)["detail"]
        .as_str()
        .unwrap()
        .contains("revoked"));

    let expiring =
        create(&app, &integration_id, read.clone(), json!({ "expires_at": app.now() + TimeDelta::hours(1) }))
            .await
            .expect(201);
    app.get("/api/v1/tickets", &token(&expiring)).await.expect(200);
    app.advance(TimeDelta::minutes(61));
    app.get("/api/v1/tickets", &token(&expiring)).await.problem(401);

    let lasting = create(&app, &integration_id, read.clone(), json!({})).await.expect(201);
    app.get("/api/v1/tickets", &token(&lasting)).await.expect(200);
    let user = format!("/api/v1/users/{integration_id}");
    app.send(Method::PATCH, &user, Some(&app.admin), Some(json!({ "active": false }))).await.expect(200);
    app.get("/api/v1/tickets", &token(&lasting)).await.problem(401);

    app.get("/api/v1/tickets", "sbt_not-a-real-token").await.problem(401);
    app.get("/api/v1/users", "sbt_not-a-real-token").await.problem(401); // who, before what
}

#[tokio::test]
async fn only_admins_create_tokens_and_only_for_active_integration_users() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (integration_id, _) = app.user_named("integration", None).await;
    let (agent_id, _) = app.user("agent", None).await;
    let body = json!({ "user_id": integration_id, "name": "x", "scopes": ["tickets:read"] });
    app.post("/api/v1/api-tokens", &c.supervisor, body.clone()).await.problem(403);
    app.get("/api/v1/api-tokens", &c.supervisor).await.problem(403);
    create(&app, &agent_id, json!(["tickets:read"]), json!({})).await.problem(422);
    create(&app, &uuid::Uuid::new_v4().to_string(), json!(["tickets:read"]), json!({})).await.problem(422);
    create(&app, &integration_id, json!([]), json!({})).await.problem(422);
    create(&app, &integration_id, json!(["admin:all"]), json!({})).await.problem(422);
    create(&app, &integration_id, json!(["tickets:read"]), json!({ "name": "  " })).await.problem(422);
    let past = app.now() - TimeDelta::minutes(1);
    create(&app, &integration_id, json!(["tickets:read"]), json!({ "expires_at": past })).await.problem(422);
    let missing = format!("/api/v1/api-tokens/{}/revoke", uuid::Uuid::new_v4());
    app.post(&missing, &app.admin, json!({})).await.problem(404);
    assert!(app.get("/api/v1/api-tokens", &app.admin).await.expect(200)["items"].as_array().unwrap().is_empty());
}
