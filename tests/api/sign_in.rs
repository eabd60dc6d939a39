//! The rules for new passwords.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

fn password_error(body: &Value) -> String {
    body["errors"]["password"][0].as_str().unwrap_or_else(|| panic!("no password error: {body}")).to_owned()
}

#[tokio::test]
async fn common_and_personal_passwords_are_refused_wherever_a_password_is_set() {
    let app = spawn_app().await;
    let create = |username: &str, password: &str| {
        app.post(
            "/api/v1/users",
            &app.admin,
            json!({ "username": username, "display_name": "Wang Fang", "role": "agent", "password": password }),
        )
    };
    let common = create("agent.wang", "password123").await.problem(422);
    assert!(password_error(&common).contains("too easy to guess"), "{common}");
    let personal = create("agent.wang", "agent.wang-is-me-2026").await.problem(422);
    assert!(password_error(&personal).contains("username"), "{personal}");
    let short = create("agent.wang", "x7!k").await.problem(422);
    assert!(short["errors"]["password"].is_array(), "{short}");
    let user = create("agent.wang", PASSWORD).await.expect(201);

    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
    let body = app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "password": "qwertyuiop" }))).await;
    assert!(password_error(&body.problem(422)).contains("too easy to guess"));
    let body = app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "password": "Wang Fang 1990" }))).await;
    assert!(password_error(&body.problem(422)).contains("name"));

    let token = app.login("agent.wang", PASSWORD).await;
    let change = json!({ "current_password": PASSWORD, "new_password": "agent.wang.2026!" });
    let body = app.post("/api/v1/auth/password", &token, change).await.problem(422);
    assert!(password_error(&body).contains("username"), "{body}");
    app.get("/api/v1/auth/me", &token).await.expect(200);
}
