//! Sessions end when they should: sign-out, a password or role change, deactivation; and
//! integration users have no sessions at all.

use std::time::Duration;

use chrono::TimeDelta;
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

const NEW_PASSWORD: &str = "tangerine-ferry-window-88";

#[tokio::test]
async fn sign_out_ends_every_session_of_the_user() {
    let app = spawn_app().await;
    let (_, username) = app.user_named("agent", None).await;
    let (laptop, phone) = (app.login(&username, PASSWORD).await, app.login(&username, PASSWORD).await);
    app.get("/api/v1/auth/me", &phone).await.expect(200);

    let out = app.send(Method::POST, "/api/v1/auth/logout", Some(&laptop), None).await;
    assert_eq!(out.status, 204, "{}", out.body);
    for token in [&laptop, &phone] {
        let body = app.get("/api/v1/auth/me", token).await.problem(401);
        assert!(body["detail"].as_str().unwrap().contains("session has ended"), "{body}");
    }
    app.send(Method::POST, "/api/v1/auth/logout", Some(&laptop), None).await.problem(401);
    let again = app.login(&username, PASSWORD).await;
    app.get("/api/v1/auth/me", &again).await.expect(200);
}

#[tokio::test]
async fn a_password_change_ends_the_sessions_that_came_before() {
    let app = spawn_app().await;
    let (id, username) = app.user_named("agent", None).await;

    // Changed by the user: the reply is the one session that goes on.
    let before = app.login(&username, PASSWORD).await;
    let other_device = app.login(&username, PASSWORD).await;
    let wrong = json!({ "current_password": "not it at all", "new_password": NEW_PASSWORD });
    let body = app.post("/api/v1/auth/password", &before, wrong).await.problem(422);
    assert!(body["errors"]["current_password"].is_array(), "{body}");
    let change = json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD });
    let changed = app.post("/api/v1/auth/password", &before, change).await.expect(200);
    let after = changed["access_token"].as_str().unwrap().to_owned();
    app.get("/api/v1/auth/me", &before).await.problem(401);
    app.get("/api/v1/auth/me", &other_device).await.problem(401);
    app.get("/api/v1/auth/me", &after).await.expect(200);
    app.try_login(&username, PASSWORD).await.problem(401);

    // Changed by an administrator.
    let path = format!("/api/v1/users/{id}");
    app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "password": PASSWORD }))).await.expect(200);
    app.get("/api/v1/auth/me", &after).await.problem(401);
    let fresh = app.login(&username, PASSWORD).await;

    // A new display name ends nothing; a new role does.
    app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "display_name": "Li" }))).await.expect(200);
    app.get("/api/v1/auth/me", &fresh).await.expect(200);
    app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "role": "supervisor" }))).await.expect(200);
    app.get("/api/v1/auth/me", &fresh).await.problem(401);
    let supervisor = app.login(&username, PASSWORD).await;
    assert_eq!(app.get("/api/v1/auth/me", &supervisor).await.expect(200)["role"], "supervisor");

    // Deactivated and reactivated: the old session stays ended.
    app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "active": false }))).await.expect(200);
    app.try_login(&username, PASSWORD).await.problem(401);
    app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "active": true }))).await.expect(200);
    app.get("/api/v1/auth/me", &supervisor).await.problem(401);
}

#[tokio::test]
async fn integration_users_use_api_tokens_and_never_sessions() {
    let app = spawn_app().await;
    let (id, username) = app.user_named("integration", None).await;

    // The right password: refused, with its own code. A wrong one: the usual 401.
    let refused = app.try_login(&username, PASSWORD).await.problem(403);
    assert_eq!(refused["code"], "password_sign_in_refused");
    let wrong = app.try_login(&username, "wrong password").await.problem(401);
    let unknown = app.try_login("nobody-at-all", "wrong password").await.problem(401);
    assert_eq!(wrong["detail"], unknown["detail"]);

    // A session token for it (as one issued by the old password sign-in) is refused.
    let keys = switchboard::auth::JwtKeys::new(JWT_SECRET.as_bytes(), Duration::from_secs(8 * 3600));
    let forged = keys.issue(&id, 0, app.now()).unwrap();
    let body = app.get("/api/v1/tickets", &forged).await.problem(401);
    assert!(body["detail"].as_str().unwrap().contains("API tokens"), "{body}");

    // Its API token works, and cannot sign out or change a password.
    let (_, token) = app.user("integration", None).await;
    app.get("/api/v1/tickets", &token).await.expect(200);
    app.send(Method::POST, "/api/v1/auth/logout", Some(&token), None).await.problem(403);
    let change = json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD });
    app.post("/api/v1/auth/password", &token, change).await.problem(403);
}

#[tokio::test]
async fn a_token_from_before_session_versions_is_refused() {
    let app = spawn_app().await;
    let (id, _) = app.user_named("agent", None).await;
    // The claims of a token issued before this release: no session version.
    use base64::Engine;
    let b64 = |v: serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let now = app.now().timestamp();
    let unsigned = format!(
        "{}.{}",
        b64(json!({ "alg": "HS256", "typ": "JWT" })),
        b64(json!({ "sub": id, "iat": now, "exp": now + 3600 }))
    );
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(JWT_SECRET.as_bytes()).unwrap();
    mac.update(unsigned.as_bytes());
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    app.get("/api/v1/auth/me", &format!("{unsigned}.{signature}")).await.problem(401);
    // The same token with a session version is accepted: only the claim was missing.
    let now = app.now();
    let keys = switchboard::auth::JwtKeys::new(JWT_SECRET.as_bytes(), Duration::from_secs(3600));
    app.get("/api/v1/auth/me", &keys.issue(&id, 0, now - TimeDelta::seconds(1)).unwrap()).await.expect(200);
}
