//! Sign-in throttling and lockouts, and the rules for new passwords.

use chrono::TimeDelta;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

/// Fails sign-ins for `username` until it is locked out; returns the lockout refusal.
async fn fail_until_locked(app: &TestApp, username: &str) -> Reply {
    for attempt in 1..=10 {
        let reply = app.try_login(username, "wrong password").await;
        assert_eq!(reply.status, 401, "attempt {attempt}: {}", reply.body);
        if attempt >= 3 {
            // Inside the delay: refused before the password is even looked at.
            let early = app.try_login(username, PASSWORD).await;
            if attempt < 10 {
                let expected = (1u64 << (attempt - 3)).min(60);
                assert_eq!(early.retry_after, Some(expected), "attempt {attempt}: {}", early.body);
                assert_eq!(early.problem(429)["code"], "sign_in_throttled");
            } else {
                return early;
            }
            app.advance(TimeDelta::seconds(61));
        }
    }
    unreachable!()
}

#[tokio::test]
async fn an_account_is_slowed_then_locked_out_and_an_admin_lifts_it() {
    let app = spawn_app().await;
    let (_, username) = app.user_named("agent", None).await;
    let (_, agent) = app.user("agent", None).await;

    let locked = fail_until_locked(&app, &username).await;
    let seconds = locked.retry_after.unwrap();
    assert!((50..=61).contains(&seconds), "a minute, the first time: {seconds}");
    assert_eq!(locked.problem(429)["code"], "sign_in_locked");
    // The right password does not get through a lockout either.
    app.try_login(&username, PASSWORD).await.problem(429);

    // Administrators see it; nobody else does.
    app.get("/api/v1/sign-in-lockouts", &agent).await.problem(403);
    let list = app.get("/api/v1/sign-in-lockouts?active=true", &app.admin).await.expect(200);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    let lockout = &items[0];
    assert_eq!((lockout["kind"].as_str(), lockout["subject"].as_str()), (Some("account"), Some(username.as_str())));
    assert_eq!((lockout["failures"].as_i64(), lockout["active"].as_bool()), (Some(10), Some(true)));

    let lift = format!("/api/v1/sign-in-lockouts/{}/lift", lockout["id"].as_str().unwrap());
    app.post(&lift, &agent, json!({})).await.problem(403);
    let lifted = app.post(&lift, &app.admin, json!({})).await.expect(200);
    assert_eq!(lifted["active"], false);
    assert!(!lifted["lifted_at"].is_null() && !lifted["lifted_by"].is_null(), "{lifted}");
    app.login(&username, PASSWORD).await;
    let active = app.get("/api/v1/sign-in-lockouts?active=true", &app.admin).await.expect(200);
    assert_eq!(active["items"], json!([]));
    assert_eq!(app.get("/api/v1/sign-in-lockouts", &app.admin).await.expect(200)["items"].as_array().unwrap().len(), 1);
    let missing = format!("/api/v1/sign-in-lockouts/{}/lift", uuid::Uuid::new_v4());
    app.post(&missing, &app.admin, json!({})).await.problem(404);
}

#[tokio::test]
async fn a_lockout_ends_by_itself_and_a_good_sign_in_clears_the_failures() {
    let app = spawn_app().await;
    let (_, username) = app.user_named("agent", None).await;
    fail_until_locked(&app, &username).await.problem(429);
    app.advance(TimeDelta::seconds(40));
    app.try_login(&username, PASSWORD).await.problem(429);
    app.advance(TimeDelta::seconds(25));
    app.login(&username, PASSWORD).await;

    // Two failures, a success, then three more are free again.
    for _ in 0..2 {
        app.try_login(&username, "wrong password").await.problem(401);
    }
    app.login(&username, PASSWORD).await;
    for _ in 0..3 {
        app.try_login(&username, "wrong password").await.problem(401);
    }
    app.try_login(&username, "wrong password").await.problem(429);
}

#[tokio::test]
async fn unknown_usernames_are_throttled_and_locked_like_known_ones() {
    let app = spawn_app().await;
    let (_, known) = app.user_named("agent", None).await;
    let a = fail_until_locked(&app, &known).await.problem(429);
    // Later, when this address's failures are forgotten (it is not what is tested here).
    app.advance(TimeDelta::minutes(16));
    let b = fail_until_locked(&app, "nobody-here").await.problem(429);
    assert_eq!((&a["code"], &a["detail"]), (&b["code"], &b["detail"]));
    let list = app.get("/api/v1/sign-in-lockouts", &app.admin).await.expect(200);
    let subjects: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|i| i["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["nobody-here", known.as_str()], "newest first");
}

#[tokio::test]
async fn one_address_failing_for_many_names_is_slowed_down() {
    let app = spawn_app().await;
    let (_, username) = app.user_named("agent", None).await;
    for i in 0..20 {
        app.try_login(&format!("guess-{i}"), "wrong password").await.problem(401);
    }
    // Each name failed once only, but this address has failed 20 times.
    let body = app.try_login("guess-new", "wrong password").await;
    assert_eq!(body.retry_after, Some(1));
    assert_eq!(body.problem(429)["code"], "sign_in_throttled");
    app.try_login(&username, PASSWORD).await.problem(429);
    app.advance(TimeDelta::seconds(2));
    app.login(&username, PASSWORD).await;
}

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

/// `POST /auth/login` as `username`: the whole answer.
async fn sign_in(app: &TestApp, username: &str, password: &str) -> Value {
    let body = json!({ "username": username, "password": password });
    app.send(Method::POST, "/api/v1/auth/login", None, Some(body)).await.expect(200)
}

#[tokio::test]
async fn a_password_set_by_an_admin_must_be_changed_by_its_user() {
    let app = spawn_app().await;
    // The first admin's password came from SWITCHBOARD_ADMIN_PASSWORD: nothing to change.
    assert_eq!(sign_in(&app, "admin", ADMIN_PASSWORD).await["user"]["password_change_required"], false);
    assert_eq!(app.get("/api/v1/auth/me", &app.admin).await.expect(200)["password_change_required"], false);

    let (id, username) = app.user_named("agent", None).await;
    let answer = sign_in(&app, &username, PASSWORD).await;
    assert_eq!(answer["user"]["password_change_required"], true, "{answer}");
    let token = answer["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/auth/me", &token).await.expect(200)["password_change_required"], true);
    let path = format!("/api/v1/users/{id}");
    assert_eq!(app.get(&path, &app.admin).await.expect(200)["password_change_required"], true);

    // A wrong current password changes nothing.
    let wrong = json!({ "current_password": "not it at all", "new_password": "tangerine-orbit-77" });
    app.post("/api/v1/auth/password", &token, wrong).await.problem(422);
    assert_eq!(app.get(&path, &app.admin).await.expect(200)["password_change_required"], true);

    let change = json!({ "current_password": PASSWORD, "new_password": "tangerine-orbit-77" });
    let changed = app.post("/api/v1/auth/password", &token, change).await.expect(200);
    assert_eq!(changed["user"]["password_change_required"], false, "{changed}");
    let token = changed["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/auth/me", &token).await.expect(200)["password_change_required"], false);
    assert_eq!(sign_in(&app, &username, "tangerine-orbit-77").await["user"]["password_change_required"], false);

    // Other changes by an admin leave it off; a reset sets it again.
    let renamed = app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "display_name": "Li" }))).await;
    assert_eq!(renamed.expect(200)["password_change_required"], false);
    let reset = app.send(Method::PATCH, &path, Some(&app.admin), Some(json!({ "password": "copper-meadow-19" }))).await;
    assert_eq!(reset.expect(200)["password_change_required"], true);
    assert_eq!(sign_in(&app, &username, "copper-meadow-19").await["user"]["password_change_required"], true);
}

#[test]
fn the_first_admin_with_a_generated_password_must_change_it() {
    use std::io::BufRead;
    let db = TestDatabase::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .env("DATABASE_URL", &db.url)
        .env("SWITCHBOARD_BIND", "127.0.0.1:0")
        .env("SWITCHBOARD_JWT_SECRET", JWT_SECRET)
        .env_remove("SWITCHBOARD_ADMIN_PASSWORD")
        .env("SWITCHBOARD_DATA_DIR", db.dir().join("data"))
        .env("SWITCHBOARD_WEB_DIR", db.dir().join("web"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Read to the end on a thread, so that the server never writes to a closed pipe.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let (mut password, mut address) = (None, None);
    while address.is_none() {
        let line = rx.recv_timeout(std::time::Duration::from_secs(30)).expect("the binary prints its address");
        if let Some(rest) = line.split("created user `admin` with password: ").nth(1) {
            password = Some(rest.trim().to_owned());
        }
        if let Some(rest) = line.split("listening on ").nth(1) {
            address = Some(rest.split_whitespace().next().unwrap_or("").to_owned());
        }
    }
    let (password, address) = (password.expect("the password is printed"), address.expect("the address"));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (first, again) = runtime.block_on(async {
        let client = reqwest::Client::new();
        let login = |password: String| {
            let client = client.clone();
            let url = format!("{address}/api/v1/auth/login");
            async move {
                let reply = client.post(url).json(&json!({ "username": "admin", "password": password })).send().await;
                reply.unwrap().json::<Value>().await.unwrap()
            }
        };
        let first = login(password.clone()).await;
        let token = first["access_token"].as_str().unwrap().to_owned();
        let change = json!({ "current_password": password, "new_password": "granite-willow-58" });
        let url = format!("{address}/api/v1/auth/password");
        let changed = client.post(url).bearer_auth(token).json(&change).send().await.unwrap();
        assert_eq!(changed.status(), 200);
        (first, login("granite-willow-58".into()).await)
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(first["user"]["password_change_required"], true, "{first}");
    assert_eq!(again["user"]["password_change_required"], false, "{again}");
}
