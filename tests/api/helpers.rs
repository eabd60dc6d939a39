use std::{path::PathBuf, sync::Arc, time::Duration};

use chrono::{DateTime, TimeDelta, Utc};
use diesel::{Connection, PgConnection, RunQueryDsl};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use switchboard::{
    clock::OffsetClock,
    configuration::Config,
    startup::{Application, Background},
    sweeper::Swept,
};

pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";
/// Passes the password rules (long, not common, not the username).
pub const PASSWORD: &str = "violet-lamp-harbour-42";

/// Where a test's database lives, and how to get rid of it.
pub struct TestDatabase {
    pub url: String,
    dir: PathBuf,
    pg: Option<(String, String)>, // (admin url, database name)
}

impl TestDatabase {
    pub fn new() -> TestDatabase {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let dir = std::env::temp_dir().join(format!("switchboard-test-{tag}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        match std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            Some(admin_url) => {
                let name = format!("sb_test_{tag}");
                let mut conn = PgConnection::establish(&admin_url).expect("TEST_DATABASE_URL must reach PostgreSQL");
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).expect("create database");
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
                TestDatabase { url: format!("{base}/{name}"), dir, pg: Some((admin_url.clone(), name)) }
            }
            None => TestDatabase { url: format!("sqlite://{}", dir.join("test.db").display()), dir, pg: None },
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    pub fn dir(&self) -> &PathBuf {
        &self.dir
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.pg {
            if let Ok(mut conn) = PgConnection::establish(admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn);
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn test_config(db: &TestDatabase) -> Config {
    Config {
        database_url: db.url.clone(),
        bind: "127.0.0.1:0".into(),
        jwt_secret: Some(JWT_SECRET.into()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        // No background loops: a test runs a pass when it wants one (`TestApp::sweep`,
        // `TestApp::deliver_webhooks`), so nothing happens behind its back.
        sweep_interval: None,
        webhook_interval: None,
        web_dir: db.dir().join("web"),
        data_dir: db.dir().join("data"),
        db_pool_size: 4,
        // Tests move the clock by days; `tokens_expire` moves it past this.
        token_ttl: Duration::from_secs(400 * 86_400),
        // Test receivers listen on 127.0.0.1.
        webhook_allow_private: true,
        ..Config::default()
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: Arc<OffsetClock>,
    pub admin: String,
    /// Runs the in-process server's background passes; None for a real process, which
    /// runs its own loops.
    pub background: Option<Background>,
    /// Kept alive as long as the app: dropping it deletes the database.
    pub _db: Arc<TestDatabase>,
}

/// A response: status, content type and JSON body (Null when there is none).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Value,
    /// The `Retry-After` header, in seconds.
    pub retry_after: Option<u64>,
    /// Every header of the response.
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// A header's value as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

impl Reply {
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.body);
        self.body
    }

    /// Asserts a problem document with this status.
    #[track_caller]
    pub fn problem(self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.body);
        assert_eq!(self.content_type, "application/problem+json", "body: {}", self.body);
        assert_eq!(self.body["status"], status, "{}", self.body);
        assert!(self.body["type"].as_str().is_some_and(|t| t.starts_with("urn:switchboard:problem:")));
        assert!(self.body["title"].is_string() && self.body["detail"].is_string(), "{}", self.body);
        self.body
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with the test configuration changed by `configure`.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let db = Arc::new(TestDatabase::new());
    let clock = Arc::new(OffsetClock::default());
    let mut config = test_config(&db);
    configure(&mut config);
    let app = Application::build(config, clock.clone()).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let background = app.background();
    tokio::spawn(app.run_until_stopped());
    let mut test = TestApp::at(address, clock, db).await;
    test.background = Some(background);
    test
}

/// The real `switchboard` binary as a child process (killed when dropped).
pub struct Process {
    pub child: std::process::Child,
    pub app: TestApp,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on `db` with the system clock and fast background loops (its own: a
/// process is not asked for passes); waits for its port.
pub async fn spawn_process(db: &Arc<TestDatabase>) -> Process {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .env("DATABASE_URL", &db.url)
        .env("SWITCHBOARD_BIND", "127.0.0.1:0")
        .env("SWITCHBOARD_JWT_SECRET", JWT_SECRET)
        .env("SWITCHBOARD_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("SWITCHBOARD_SWEEP_INTERVAL_SECS", "0.05")
        .env("SWITCHBOARD_WEBHOOK_INTERVAL_SECS", "0.05")
        .env("SWITCHBOARD_DATA_DIR", db.dir().join("data"))
        .env("SWITCHBOARD_WEB_DIR", db.dir().join("web"))
        .env("SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE", "true")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on ").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_owned());
            }
        }
    });
    let address = rx.recv_timeout(Duration::from_secs(30)).expect("the binary prints its address");
    let app = TestApp::at(address, Arc::new(OffsetClock::default()), db.clone()).await;
    Process { child, app }
}

impl TestApp {
    pub async fn at(address: String, clock: Arc<OffsetClock>, db: Arc<TestDatabase>) -> TestApp {
        let mut test =
            TestApp { address, client: reqwest::Client::new(), clock, admin: String::new(), background: None, _db: db };
        test.admin = test.login("admin", ADMIN_PASSWORD).await;
        test
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn send(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        into_reply(req.send().await.expect("request is sent")).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn login(&self, username: &str, password: &str) -> String {
        let body = self
            .send(Method::POST, "/api/v1/auth/login", None, Some(json!({"username": username, "password": password})))
            .await
            .expect(200);
        body["access_token"].as_str().expect("a token").to_owned()
    }

    pub async fn department(&self, name: &str) -> String {
        let body = self.post("/api/v1/departments", &self.admin, json!({ "name": name })).await.expect(201);
        body["id"].as_str().unwrap().to_owned()
    }

    /// Creates a user with `role` (and department) and returns (id, token): a session
    /// token, or for an integration user (who cannot sign in) an API token with every scope.
    pub async fn user(&self, role: &str, department_id: Option<&str>) -> (String, String) {
        let (id, username) = self.user_named(role, department_id).await;
        let token = if role == "integration" {
            let scopes = json!(["tickets:read", "tickets:write", "answers:read"]);
            let body = json!({ "user_id": id, "name": "test system", "scopes": scopes });
            self.post("/api/v1/api-tokens", &self.admin, body).await.expect(201)["token"].as_str().unwrap().to_owned()
        } else {
            self.login(&username, PASSWORD).await
        };
        (id, token)
    }

    /// Creates a user with `role` and the test password; returns (id, username).
    pub async fn user_named(&self, role: &str, department_id: Option<&str>) -> (String, String) {
        let username = format!("{role}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let body = self
            .post(
                "/api/v1/users",
                &self.admin,
                json!({ "username": username, "display_name": username, "role": role,
                        "department_id": department_id, "password": PASSWORD }),
            )
            .await
            .expect(201);
        (body["id"].as_str().unwrap().to_owned(), username)
    }

    /// A sign-in attempt, whatever its outcome.
    pub async fn try_login(&self, username: &str, password: &str) -> Reply {
        self.send(Method::POST, "/api/v1/auth/login", None, Some(json!({"username": username, "password": password})))
            .await
    }

    /// Records a phone complaint and returns the ticket.
    pub async fn intake(&self, token: &str, phone: &str) -> Value {
        self.post(
            "/api/v1/tickets",
            token,
            json!({
                "channel": "phone", "kind": "complaint", "subject": "Water leaking from the ceiling",
                "description": "Since this morning, bathroom ceiling, building 3",
                "customer": { "name": "Wang Fang", "phone": phone, "unit": "Garden Estate 3-2-501" }
            }),
        )
        .await
        .expect(201)
    }

    pub async fn act(&self, ticket: &Value, action: &str, token: &str, body: Value) -> Reply {
        self.post(&format!("/api/v1/tickets/{}/{action}", ticket["id"].as_str().unwrap()), token, body).await
    }

    pub async fn ticket(&self, id: &Value, token: &str) -> Value {
        self.get(&format!("/api/v1/tickets/{}", id.as_str().unwrap()), token).await.expect(200)
    }

    pub async fn events(&self, id: &Value, token: &str) -> Vec<Value> {
        let body =
            self.get(&format!("/api/v1/tickets/{}/events?limit=200", id.as_str().unwrap()), token).await.expect(200);
        body["items"].as_array().unwrap().clone()
    }

    pub async fn put_policy(&self, policy: Value) {
        self.send(Method::PUT, "/api/v1/sla-policy", Some(&self.admin), Some(policy)).await.expect(200);
    }

    /// Moves the server's clock forward.
    pub fn advance(&self, by: TimeDelta) {
        self.clock.advance(by);
    }

    /// The server's time.
    pub fn now(&self) -> DateTime<Utc> {
        switchboard::clock::Clock::now(self.clock.as_ref())
    }

    /// Runs one SLA sweep pass now and returns what it recorded. Fails the test if a ticket
    /// could not be swept, or if the pass left work behind that was due by its time.
    pub async fn sweep(&self) -> Swept {
        let background = self.in_process();
        let swept = background.sweep_once().await.expect("the sweep reads what is due");
        assert_eq!(swept.failed, 0, "a ticket could not be swept (see the log): {swept:?}");
        let left = background.sweep_due(swept.at).await.expect("what is due can be read");
        assert_eq!(left, 0, "the pass left {left} tickets due behind: {swept:?}");
        swept
    }

    /// Runs one pass of the webhook sender now and waits until every attempt it started is
    /// recorded; returns how many it started.
    pub async fn deliver_webhooks(&self) -> usize {
        self.in_process().deliver_once().await.expect("the webhook pass runs")
    }

    /// Checks the sessions of open streams now (the process also does so every second).
    pub async fn check_sessions(&self) {
        self.in_process().check_sessions().await.expect("the session check runs");
    }

    fn in_process(&self) -> &Background {
        self.background.as_ref().expect("a real process runs its own background loops; poll with `eventually`")
    }

    /// Polls until `check` holds or a few seconds pass: for what happens on its own (a real
    /// process's loops, a connection closing); never for an in-process pass, which a test
    /// runs itself.
    pub async fn eventually<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        for _ in 0..100 {
            if check().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("timed out waiting until {what}");
    }
}

impl Process {
    /// Waits until this process's loop has finished two more passes than it had when
    /// called, so that one whole pass began after the call. `passes` is the `_count` of
    /// the loop's duration histogram: `switchboard_sweep_duration_seconds_count` or
    /// `switchboard_webhook_pass_duration_seconds_count`.
    pub async fn another_whole_pass(&self, passes: &str) {
        let before = self.metric(passes).await;
        let what = format!("{passes} passes {before} + 2");
        self.app.eventually(&what, || async { self.metric(passes).await >= before + 2.0 }).await;
    }

    /// The value of one unlabelled metric of this process (0 before it is first counted).
    async fn metric(&self, name: &str) -> f64 {
        let text = self.app.client.get(self.app.url("/metrics")).send().await.unwrap().text().await.unwrap();
        text.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok()).unwrap_or(0.0)
    }
}

pub async fn into_reply(resp: reqwest::Response) -> Reply {
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .to_owned();
    let retry_after = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap_or_default();
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    Reply { status, content_type, body, retry_after, headers }
}

pub fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a timestamp: {v}")))
        .unwrap()
        .with_timezone(&Utc)
}

pub fn kinds(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

/// A department, one of its staff, and an agent: the cast of most tests.
pub struct Cast {
    pub dept: String,
    pub staff: String,
    pub agent: String,
    pub agent_id: String,
    pub supervisor: String,
}

pub async fn cast(app: &TestApp) -> Cast {
    let dept = app.department("Property Repairs").await;
    let (_, staff) = app.user("dept_staff", Some(&dept)).await;
    let (agent_id, agent) = app.user("agent", None).await;
    let (_, supervisor) = app.user("supervisor", None).await;
    Cast { dept, staff, agent, agent_id, supervisor }
}
