use chrono::TimeDelta;
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn every_call_but_login_and_health_needs_a_token() {
    let app = spawn_app().await;
    for path in ["/api/v1/tickets", "/api/v1/departments", "/api/v1/users", "/api/v1/sla-policy", "/api/v1/auth/me"] {
        let reply = app.send(Method::GET, path, None, None).await;
        reply.problem(401);
    }
    app.send(Method::GET, "/api/v1/tickets", Some("not-a-jwt"), None).await.problem(401);
    app.send(Method::GET, "/healthz", None, None).await.expect(200);
    app.send(Method::GET, "/readyz", None, None).await.expect(200);
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_get_the_same_401() {
    let app = spawn_app().await;
    let bad = |u: &'static str, p: &'static str| {
        app.send(Method::POST, "/api/v1/auth/login", None, Some(json!({ "username": u, "password": p })))
    };
    let a = bad("admin", "wrong").await.problem(401);
    let b = bad("nobody", "wrong").await.problem(401);
    assert_eq!(a["detail"], b["detail"]);
    let ok = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "username": "admin", "password": ADMIN_PASSWORD })),
        )
        .await
        .expect(200);
    assert_eq!(ok["token_type"], "Bearer");
    assert!(ok["expires_in"].as_u64().unwrap() > 0);
    assert_eq!(ok["user"]["role"], "admin");
}

#[tokio::test]
async fn tokens_expire() {
    let app = spawn_app().await;
    let (_, agent) = app.user("agent", None).await;
    app.get("/api/v1/auth/me", &agent).await.expect(200);
    app.advance(TimeDelta::days(401));
    let body = app.get("/api/v1/auth/me", &agent).await.problem(401);
    assert!(body["detail"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn a_deactivated_user_is_locked_out_at_once() {
    let app = spawn_app().await;
    let (id, agent) = app.user("agent", None).await;
    app.send(Method::PATCH, &format!("/api/v1/users/{id}"), Some(&app.admin), Some(json!({ "active": false })))
        .await
        .expect(200);
    app.get("/api/v1/tickets", &agent).await.problem(401);
}

#[tokio::test]
async fn each_role_may_take_only_its_own_actions() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (_, integration) = app.user("integration", None).await;

    // Intake: call center and integrations, not departments.
    let t = app.intake(&c.agent, "13600000001").await;
    app.intake(&integration, "13600000002").await;
    let body = app
        .post(
            "/api/v1/tickets",
            &c.staff,
            json!({ "channel": "phone", "kind": "inquiry", "subject": "x",
            "customer": { "name": "n", "phone": "13600000003" } }),
        )
        .await
        .problem(403);
    assert_eq!(body["code"], "forbidden");

    // Dispatch: call center only.
    app.act(&t, "dispatch", &integration, json!({ "department_id": c.dept, "urgency": "P1" })).await.problem(403);
    app.act(&t, "dispatch", &c.supervisor, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);

    // Department work: department staff only.
    app.act(&t, "accept", &c.agent, json!({})).await.problem(403);
    app.act(&t, "accept", &c.supervisor, json!({})).await.problem(403);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t, "contact", &c.agent, json!({})).await.problem(403);
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);

    // Callback and close: call center only.
    app.act(&t, "resolve", &c.staff, json!({ "resolution": "done", "root_cause": "wear" })).await.expect(200);
    app.act(&t, "callback", &c.staff, json!({ "reached": true, "satisfaction": "satisfied" })).await.problem(403);
    app.act(&t, "close", &c.staff, json!({})).await.problem(403);
    app.act(&t, "callback", &c.agent, json!({ "reached": true, "satisfaction": "satisfied" })).await.expect(200);
}

#[tokio::test]
async fn only_admins_manage_departments_users_and_the_policy() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    for token in [&c.agent, &c.staff, &c.supervisor] {
        app.post("/api/v1/departments", token, json!({ "name": "Shadow" })).await.problem(403);
        app.post(
            "/api/v1/users",
            token,
            json!({ "username": "x1", "display_name": "x", "role": "admin", "password": "12345678" }),
        )
        .await
        .problem(403);
        let policy = app.get("/api/v1/sla-policy", token).await.expect(200);
        app.send(Method::PUT, "/api/v1/sla-policy", Some(token), Some(policy)).await.problem(403);
    }
    app.get("/api/v1/users", &c.agent).await.problem(403);
    app.get("/api/v1/users", &c.supervisor).await.expect(200);
    let depts = app.get("/api/v1/departments", &c.staff).await.expect(200);
    assert_eq!(depts["items"].as_array().unwrap().len(), 1, "everyone can read departments to dispatch");
}

#[tokio::test]
async fn users_need_a_department_exactly_when_they_are_department_staff() {
    let app = spawn_app().await;
    let dept = app.department("Cleaning").await;
    let user = |role: &str, department: Option<&str>, name: &str| {
        app.post(
            "/api/v1/users",
            &app.admin,
            json!({ "username": name, "display_name": name, "role": role, "department_id": department, "password": PASSWORD }),
        )
    };
    user("dept_staff", None, "s1").await.problem(422);
    user("agent", Some(&dept), "a1").await.problem(422);
    user("dept_staff", Some(&uuid::Uuid::new_v4().to_string()), "s2").await.problem(422);
    user("dept_staff", Some(&dept), "s3").await.expect(201);
    user("agent", None, "s3").await.problem(409);
    user("agent", None, "bad name!").await.problem(422);
    app.post("/api/v1/departments", &app.admin, json!({ "name": "Cleaning" })).await.problem(409);
}

#[tokio::test]
async fn plain_lists_page_by_cursor_without_gaps_or_repeats() {
    let app = spawn_app().await;
    for i in 0..5 {
        app.department(&format!("Department {i}")).await;
    }
    for path in ["/api/v1/departments", "/api/v1/users"] {
        let (mut seen, mut cursor) = (Vec::new(), None::<String>);
        loop {
            let page_path = match &cursor {
                Some(c) => format!("{path}?limit=2&cursor={c}"),
                None => format!("{path}?limit=2"),
            };
            let page = app.get(&page_path, &app.admin).await.expect(200);
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 2);
            seen.extend(items.iter().map(|i| i["id"].as_str().unwrap().to_owned()));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        let all = app.get(&format!("{path}?limit=200"), &app.admin).await.expect(200);
        let every: Vec<String> =
            all["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(seen, every, "{path}");
        assert!(every.len() >= if path.ends_with("departments") { 5 } else { 1 });
    }
    app.get("/api/v1/departments?cursor=not-a-cursor", &app.admin).await.problem(422);
}
