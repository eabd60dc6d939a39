//! `allowed_actions` tells the truth: for a ticket in every status and every kind of caller,
//! each listed action succeeds, and each action not listed is refused (403, 404 or 409).

use chrono::TimeDelta;
use serde_json::{json, Value};

use crate::helpers::*;

/// Every action name the API may list, with its endpoint under `/tickets/{id}/`.
const ACTIONS: [&str; 21] = [
    "answer",
    "dispatch",
    "accept",
    "return",
    "contact",
    "request_extension",
    "decide_extension",
    "resolve",
    "callback",
    "reopen",
    "close",
    "merge",
    "comment",
    "urge",
    "overrule",
    "recontact",
    "flag_incident",
    "record_onsite",
    "flag_hot",
    "report_hot",
    "reveal_phone",
];

/// The states a ticket is walked through, each made afresh by [`World::make`].
const STATES: [&str; 11] = [
    "new",
    "dispatched",
    "accepted",
    "in_progress",
    "in_progress_extension_pending",
    "accepted_incident_hot",
    "returned",
    "resolved",
    "reopened",
    "closed",
    "merged",
];

struct World {
    app: TestApp,
    dept: String,
    agent: String,
    staff: String,
    supervisor: String,
    phone: std::cell::Cell<u32>,
}

impl World {
    fn next_phone(&self) -> String {
        let n = self.phone.get() + 1;
        self.phone.set(n);
        format!("1390000{n:04}")
    }

    /// A ticket in `state`; returns it and the pending extension's id when it has one.
    async fn make(&self, state: &str) -> (Value, Option<String>) {
        let app = &self.app;
        let t = app.intake(&self.agent, &self.next_phone()).await;
        let go = |action: &'static str, token: String, body: Value| {
            let t = t.clone();
            async move { app.act(&t, action, &token, body).await.expect(200) }
        };
        let dispatch = || go("dispatch", self.agent.clone(), json!({ "department_id": self.dept, "urgency": "P2" }));
        let mut extension = None;
        match state {
            "new" => {}
            "dispatched" => {
                dispatch().await;
            }
            "returned" => {
                dispatch().await;
                go("return", self.staff.clone(), json!({ "reason": "not ours" })).await;
            }
            "merged" => {
                let main = app.intake(&self.agent, &self.next_phone()).await;
                go("merge", self.agent.clone(), json!({ "into": main["id"] })).await;
            }
            _ => {
                dispatch().await;
                go("accept", self.staff.clone(), json!({})).await;
                if state == "accepted_incident_hot" {
                    go("incident", self.agent.clone(), json!({})).await;
                    go("hot", self.supervisor.clone(), json!({ "reason": "in the news" })).await;
                    return (t, None);
                }
                if state == "accepted" {
                    return (t, None);
                }
                go("contact", self.staff.clone(), json!({})).await;
                if state == "in_progress_extension_pending" {
                    let due = (app.now() + TimeDelta::hours(96)).to_rfc3339();
                    let body = json!({ "new_due_at": due, "reason": "parts", "customer_agreed": true });
                    let ext = app.act(&t, "extensions", &self.staff, body).await.expect(201);
                    extension = ext["id"].as_str().map(str::to_owned);
                }
                if state.starts_with("in_progress") {
                    return (t, extension);
                }
                go("resolve", self.staff.clone(), json!({ "resolution": "fixed", "root_cause": "worn seal" })).await;
                match state {
                    "reopened" => {
                        go("reopen", self.agent.clone(), json!({ "reason": "still leaking" })).await;
                    }
                    "closed" => {
                        go("callback", self.agent.clone(), json!({ "reached": true, "satisfaction": "satisfied" }))
                            .await;
                    }
                    _ => {}
                }
            }
        }
        (t, extension)
    }

    /// Tries `action` on `ticket` as `token`, with a valid body; returns the status.
    async fn attempt(&self, ticket: &Value, extension: Option<&str>, action: &str, token: &str) -> u16 {
        let app = &self.app;
        let (path, body) = match action {
            "answer" => ("answer".to_owned(), json!({ "answer": "told the caller" })),
            "dispatch" => ("dispatch".to_owned(), json!({ "department_id": self.dept, "urgency": "P3" })),
            "accept" => ("accept".to_owned(), json!({})),
            "return" => ("return".to_owned(), json!({ "reason": "not ours" })),
            "contact" => ("contact".to_owned(), json!({})),
            "request_extension" => {
                let due = (app.now() + TimeDelta::hours(100)).to_rfc3339();
                ("extensions".to_owned(), json!({ "new_due_at": due, "reason": "parts", "customer_agreed": true }))
            }
            "decide_extension" => {
                let eid = extension.map(str::to_owned).unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
                (format!("extensions/{eid}/approve"), json!({}))
            }
            "resolve" => ("resolve".to_owned(), json!({ "resolution": "fixed", "root_cause": "worn seal" })),
            "callback" => ("callback".to_owned(), json!({ "reached": true, "satisfaction": "satisfied" })),
            "reopen" => ("reopen".to_owned(), json!({ "reason": "again" })),
            "close" => ("close".to_owned(), json!({})),
            "merge" => {
                let main = app.intake(&self.agent, &self.next_phone()).await;
                ("merge".to_owned(), json!({ "into": main["id"] }))
            }
            "comment" => ("comments".to_owned(), json!({ "body": "a note", "internal": false })),
            "urge" => ("urge".to_owned(), json!({ "note": "please hurry" })),
            "overrule" => ("overrule".to_owned(), json!({ "reason": "it is yours" })),
            "recontact" => ("recontact".to_owned(), json!({})),
            "flag_incident" => ("incident".to_owned(), json!({})),
            "record_onsite" => ("onsite".to_owned(), json!({})),
            "flag_hot" => ("hot".to_owned(), json!({ "reason": "many calls" })),
            "report_hot" => ("hot-report".to_owned(), json!({ "note": "reported to the board" })),
            "reveal_phone" => ("reveal-phone".to_owned(), json!({ "note": "to call back" })),
            other => panic!("unknown action {other}"),
        };
        app.act(ticket, &path, token, body).await.status.as_u16()
    }
}

#[tokio::test]
async fn every_listed_action_succeeds_and_every_other_is_refused() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let other_dept = app.department("Gardens").await;
    let (_, other_staff) = app.user("dept_staff", Some(&other_dept)).await;
    let (_, integration) = app.user("integration", None).await;
    let world = World {
        dept: c.dept.clone(),
        agent: c.agent.clone(),
        staff: c.staff.clone(),
        supervisor: c.supervisor.clone(),
        phone: std::cell::Cell::new(0),
        app,
    };
    let callers = [
        ("agent", c.agent.clone()),
        ("supervisor", c.supervisor.clone()),
        ("admin", world.app.admin.clone()),
        ("staff", c.staff.clone()),
        ("other department's staff", other_staff),
        ("integration", integration),
    ];
    let mut listed_somewhere = std::collections::BTreeSet::new();
    for state in STATES {
        for (who, token) in &callers {
            let (ticket, extension) = world.make(state).await;
            let seen = world.app.get(&format!("/api/v1/tickets/{}", ticket["id"].as_str().unwrap()), token).await;
            let allowed: Vec<String> = match seen.status.as_u16() {
                200 => seen.body["allowed_actions"]
                    .as_array()
                    .expect("allowed_actions on every ticket")
                    .iter()
                    .map(|a| a.as_str().unwrap().to_owned())
                    .collect(),
                404 => vec![], // not theirs to see: nothing is allowed
                other => panic!("{who} reading a {state} ticket: {other}"),
            };
            for action in ACTIONS {
                let listed = allowed.iter().any(|a| a == action);
                // A listed action changes the ticket: each is tried on a ticket of its own.
                let (target, ext) = if listed { world.make(state).await } else { (ticket.clone(), extension.clone()) };
                let status = world.attempt(&target, ext.as_deref(), action, token).await;
                if listed {
                    listed_somewhere.insert(action);
                    assert!((200..300).contains(&status), "{who} may {action} a {state} ticket, but got {status}");
                } else {
                    assert!(
                        matches!(status, 403 | 404 | 409),
                        "{who} may not {action} a {state} ticket (not listed), but got {status}"
                    );
                }
            }
        }
    }
    // The walk reached every action at least once, so each listing was put to the test.
    let never: Vec<_> = ACTIONS.iter().filter(|a| !listed_somewhere.contains(*a)).collect();
    assert!(never.is_empty(), "never listed: {never:?}");
}
