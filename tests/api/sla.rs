use chrono::TimeDelta;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

fn escalations(events: &[Value]) -> Vec<&Value> {
    events.iter().filter(|e| e["kind"] == "escalated").collect()
}

#[tokio::test]
async fn the_default_policy_is_the_regulations() {
    let app = spawn_app().await;
    let policy = app.get("/api/v1/sla-policy", &app.admin).await.expect(200);
    assert_eq!(
        policy,
        json!({ "response": { "P1": "PT15M", "P2": "PT30M", "P3": "PT1H", "P4": "PT2H" },
                "resolution": "PT48H", "onsite": "PT2H", "auto_close_after": "P7D", "at_risk_percent": 80,
                "callback_required": { "complaint": true, "inquiry": false, "repair": true, "suggestion": true, "praise": false },
                "hot_threshold": 5,
                "calendar": { "utc_offset": "+08:00", "working_days": ["mon", "tue", "wed", "thu", "fri"], "holidays": [] } })
    );
}

#[tokio::test]
async fn a_bad_policy_is_refused_field_by_field_and_changes_nothing() {
    let app = spawn_app().await;
    let bad = json!({ "response": { "P1": "15 minutes", "P2": "PT0S", "P3": "PT1H", "P4": "P1M" },
                      "resolution": "PT48H", "onsite": "PT2H", "auto_close_after": "P7D" });
    let body = app.send(Method::PUT, "/api/v1/sla-policy", Some(&app.admin), Some(bad)).await.problem(422);
    let fields: Vec<_> = body["errors"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(fields, ["response.P1", "response.P2", "response.P4"]);
    let missing = json!({ "response": { "P1": "PT15M" }, "resolution": "PT48H" });
    app.send(Method::PUT, "/api/v1/sla-policy", Some(&app.admin), Some(missing)).await.problem(422);
    let policy = app.get("/api/v1/sla-policy", &app.admin).await.expect(200);
    assert_eq!(policy["response"]["P1"], "PT15M");
}

#[tokio::test]
async fn a_policy_change_applies_to_clocks_started_after_it() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let before = app.intake(&c.agent, "13400000001").await;
    app.act(&before, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    app.put_policy(json!({ "response": { "P1": "PT10M", "P2": "PT20M", "P3": "PT40M", "P4": "PT90M" },
                           "resolution": "PT24H", "onsite": "PT1H", "auto_close_after": "P3D" }))
        .await;
    let after = app.intake(&c.agent, "13400000002").await;
    let after =
        app.act(&after, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    assert_eq!(time(&after["response_due_at"]) - time(&after["dispatched_at"]), TimeDelta::minutes(10));
    assert_eq!(time(&after["resolution_due_at"]) - time(&after["created_at"]), TimeDelta::hours(24));
    let before = app.ticket(&before["id"], &c.agent).await;
    assert_eq!(time(&before["response_due_at"]) - time(&before["dispatched_at"]), TimeDelta::minutes(15));
    assert_eq!(time(&before["resolution_due_at"]) - time(&before["created_at"]), TimeDelta::hours(48));
}

#[tokio::test]
async fn p1_dispatch_without_contact_escalates_once() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13400000003").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);

    app.advance(TimeDelta::minutes(14));
    let swept = app.sweep().await;
    assert_eq!((swept.at_risk, swept.escalated), (1, 0), "at risk, not escalated before the window ends");
    assert!(escalations(&app.events(&t["id"], &c.agent).await).is_empty(), "not before the window ends");

    app.advance(TimeDelta::minutes(2));
    assert_eq!(app.sweep().await.escalated, 1, "the response clock is escalated");
    // More sweeps, later still: still exactly one escalation for this breach.
    app.advance(TimeDelta::minutes(30));
    assert_eq!(app.sweep().await.recorded(), 0);
    assert_eq!(app.sweep().await.recorded(), 0);
    let events = app.events(&t["id"], &c.agent).await;
    let escalated = escalations(&events);
    assert_eq!(escalated.len(), 1, "{events:?}");
    assert_eq!(escalated[0]["data"]["clock"], "response");
    assert_eq!(escalated[0]["data"]["level"], 1);
    assert!(escalated[0]["actor_id"].is_null(), "the system escalates");

    let ticket = app.ticket(&t["id"], &c.agent).await;
    assert_eq!(ticket["escalation_level"], 1);
    assert_eq!(ticket["clocks"]["response"]["state"], "breached");
    assert!(!ticket["clocks"]["response"]["escalated_at"].is_null());
    assert_eq!(ticket["breached"], true);

    // A late contact meets the clock late; it is not escalated again.
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    let contacted = app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
    assert_eq!(contacted["clocks"]["response"]["state"], "met_late");
}

#[tokio::test]
async fn a_contact_within_the_window_is_never_escalated() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13400000004").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.expect(200);
    app.advance(TimeDelta::minutes(20));
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
    app.advance(TimeDelta::hours(1));
    assert_eq!(app.sweep().await.escalated, 0);
    assert!(escalations(&app.events(&t["id"], &c.agent).await).is_empty());
    assert_eq!(app.ticket(&t["id"], &c.agent).await["clocks"]["response"]["state"], "met");
}

#[tokio::test]
async fn a_returned_dispatch_stops_its_response_clock() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13400000005").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    app.act(&t, "return", &c.staff, json!({ "reason": "wrong department" })).await.expect(200);
    app.advance(TimeDelta::minutes(30));
    assert_eq!(app.sweep().await.escalated, 0);
    assert!(escalations(&app.events(&t["id"], &c.agent).await).is_empty());
}

#[tokio::test]
async fn the_resolution_clock_escalates_after_48_hours_each_clock_once() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13400000006").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P4" })).await.expect(200);
    app.advance(TimeDelta::hours(3));
    assert_eq!(app.sweep().await.escalated, 1, "the response clock is escalated");
    assert_eq!(escalations(&app.events(&t["id"], &c.agent).await).len(), 1);
    app.advance(TimeDelta::hours(46));
    assert_eq!(app.sweep().await.escalated, 1, "the resolution clock is escalated");
    app.advance(TimeDelta::hours(1));
    assert_eq!(app.sweep().await.recorded(), 0, "each clock once");
    let events = app.events(&t["id"], &c.agent).await;
    let escalated = escalations(&events);
    assert_eq!(escalated.len(), 2);
    assert_eq!(escalated[1]["data"]["clock"], "resolution");
    assert_eq!(escalated[1]["data"]["level"], 2);
    assert_eq!(app.ticket(&t["id"], &c.agent).await["escalation_level"], 2);
}

#[tokio::test]
async fn an_approved_extension_moves_the_deadline_and_keeps_the_original() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13400000007").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    // Only once accepted; before, and from the call center, it is refused.
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
    let original = time(&t["resolution_due_at"]);
    let new_due = original + TimeDelta::hours(24);

    app.act(
        &t,
        "extensions",
        &c.staff,
        json!({ "new_due_at": new_due, "reason": "parts on order", "customer_agreed": false }),
    )
    .await
    .problem(422);
    app.act(
        &t,
        "extensions",
        &c.staff,
        json!({ "new_due_at": original - TimeDelta::hours(1), "reason": "x", "customer_agreed": true }),
    )
    .await
    .problem(422);
    app.act(&t, "extensions", &c.agent, json!({ "new_due_at": new_due, "reason": "x", "customer_agreed": true }))
        .await
        .problem(403);
    let ext = app
        .act(
            &t,
            "extensions",
            &c.staff,
            json!({ "new_due_at": new_due, "reason": "parts on order", "customer_agreed": true }),
        )
        .await
        .expect(201);
    assert_eq!(ext["status"], "pending");
    app.act(&t, "extensions", &c.staff, json!({ "new_due_at": new_due, "reason": "again", "customer_agreed": true }))
        .await
        .problem(409);

    let eid = ext["id"].as_str().unwrap();
    assert_eq!(ext["ticket_number"], t["number"]);
    let pending = app.get("/api/v1/extensions", &c.supervisor).await.expect(200);
    assert_eq!(pending["items"][0]["id"], ext["id"], "the supervisor sees what waits for a decision");
    app.get("/api/v1/extensions", &c.staff).await.problem(403);
    let of = |dept: &str| format!("/api/v1/extensions?department_id={dept}");
    assert_eq!(app.get(&of(&c.dept), &c.supervisor).await.expect(200)["items"][0]["id"], ext["id"]);
    let other = app.department("Gardens").await;
    assert_eq!(app.get(&of(&other), &c.supervisor).await.expect(200)["items"], json!([]));
    app.act(&t, &format!("extensions/{eid}/approve"), &c.staff, json!({})).await.problem(403);
    let approved =
        app.act(&t, &format!("extensions/{eid}/approve"), &c.agent, json!({ "note": "ok" })).await.expect(200);
    assert_eq!(time(&approved["resolution_due_at"]), new_due);
    assert_eq!(time(&approved["resolution_original_due_at"]), original);
    app.act(&t, &format!("extensions/{eid}/reject"), &c.agent, json!({})).await.problem(409);
    let pending = app.get("/api/v1/extensions?status=pending", &c.supervisor).await.expect(200);
    assert!(pending["items"].as_array().unwrap().is_empty());
    let approved_list = app.get("/api/v1/extensions?status=approved", &c.supervisor).await.expect(200);
    assert_eq!(approved_list["items"][0]["id"], ext["id"]);

    // Past the original deadline but before the new one: no escalation.
    app.advance(TimeDelta::hours(50));
    assert_eq!(app.sweep().await.escalated, 0);
    assert!(escalations(&app.events(&t["id"], &c.agent).await).is_empty());
    // Past the new one: escalated.
    app.advance(TimeDelta::hours(23));
    assert_eq!(app.sweep().await.escalated, 1, "the extended deadline is escalated");
    assert_eq!(escalations(&app.events(&t["id"], &c.agent).await).len(), 1);

    let list =
        app.get(&format!("/api/v1/tickets/{}/extensions", t["id"].as_str().unwrap()), &c.agent).await.expect(200);
    assert_eq!(list[0]["status"], "approved");
    let events = app.events(&t["id"], &c.agent).await;
    assert!(kinds(&events).contains(&"extension_requested".to_owned()));
    assert!(kinds(&events).contains(&"extension_approved".to_owned()));
}

#[tokio::test]
async fn a_rejected_extension_leaves_the_deadline() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13400000008").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    let new_due = time(&t["resolution_due_at"]) + TimeDelta::hours(5);
    let ext = app
        .act(&t, "extensions", &c.staff, json!({ "new_due_at": new_due, "reason": "holiday", "customer_agreed": true }))
        .await
        .expect(201);
    let eid = ext["id"].as_str().unwrap();
    let rejected =
        app.act(&t, &format!("extensions/{eid}/reject"), &c.supervisor, json!({ "note": "no" })).await.expect(200);
    assert_eq!(rejected["resolution_due_at"], t["resolution_due_at"]);
    let missing = uuid::Uuid::new_v4();
    app.act(&t, &format!("extensions/{missing}/approve"), &c.agent, json!({})).await.problem(404);
}

#[tokio::test]
async fn a_clock_is_at_risk_after_80_percent_of_its_window() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13400000009").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    app.advance(TimeDelta::minutes(11));
    let t2 = app.ticket(&t["id"], &c.agent).await;
    assert_eq!(t2["clocks"]["response"]["state"], "on_time");
    assert_eq!(t2["at_risk"], false);
    app.advance(TimeDelta::minutes(2));
    let t2 = app.ticket(&t["id"], &c.agent).await;
    assert_eq!(t2["clocks"]["response"]["state"], "at_risk");
    assert_eq!(t2["at_risk"], true);
    assert_eq!(t2["breached"], false);

    // The sweeper notes it once on the timeline, so supervisors can urge before the breach.
    let at_risk = |events: &[Value]| events.iter().filter(|e| e["kind"] == "at_risk").count();
    assert_eq!(app.sweep().await.at_risk, 1, "the at-risk moment is on the record");
    app.advance(TimeDelta::seconds(30));
    assert_eq!(app.sweep().await.recorded(), 0, "and noted once");
    let events = app.events(&t["id"], &c.agent).await;
    assert_eq!(at_risk(&events), 1, "once per clock");
    assert_eq!(events.iter().find(|e| e["kind"] == "at_risk").unwrap()["data"]["clock"], "response");

    // The queue filters on it: at risk now, neither breached nor escalated yet.
    let calm = app.intake(&c.agent, "13400000010").await; // 48 hours to go
    let ids = |body: serde_json::Value| -> Vec<Value> {
        body["items"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect()
    };
    assert_eq!(ids(app.get("/api/v1/tickets?at_risk=true", &c.agent).await.expect(200)), [t["id"].clone()]);
    assert_eq!(ids(app.get("/api/v1/tickets?at_risk=false", &c.agent).await.expect(200)), [calm["id"].clone()]);
    assert!(ids(app.get("/api/v1/tickets?escalated=true", &c.agent).await.expect(200)).is_empty());
    app.advance(TimeDelta::minutes(3));
    assert_eq!(app.sweep().await.escalated, 1, "the breach is escalated");
    let escalated = app.get("/api/v1/tickets?escalated=true", &c.agent).await.expect(200);
    assert_eq!(ids(escalated), [t["id"].clone()]);
    assert!(
        ids(app.get("/api/v1/tickets?at_risk=true", &c.agent).await.expect(200)).is_empty(),
        "breached now, not at risk"
    );
    assert_eq!(ids(app.get("/api/v1/tickets?escalated=false", &c.agent).await.expect(200)), [calm["id"].clone()]);
}

#[tokio::test]
async fn the_queue_sorts_by_nearest_deadline_filters_breached_and_pages_by_cursor() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let mut by_tier = Vec::new();
    for (i, tier) in ["P4", "P1", "P3", "P2"].iter().enumerate() {
        let t = app.intake(&c.agent, &format!("1330000000{i}")).await;
        app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": tier })).await.expect(200);
        by_tier.push((tier.to_string(), t["id"].clone()));
    }
    let undispatched = app.intake(&c.agent, "13300000009").await;
    by_tier.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected: Vec<Value> = by_tier.into_iter().map(|(_, id)| id).collect();
    expected.push(undispatched["id"].clone()); // its only clock is 48 hours away

    let list = app.get("/api/v1/tickets", &c.agent).await.expect(200);
    let ids: Vec<Value> = list["items"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    assert_eq!(ids, expected, "nearest deadline first");

    // Keyset pages of one visit every ticket once, in the same order.
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/tickets?limit=1&cursor={c}"),
            None => "/api/v1/tickets?limit=1".to_owned(),
        };
        let page = app.get(&path, &c.agent).await.expect(200);
        paged.extend(page["items"].as_array().unwrap().iter().map(|t| t["id"].clone()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(paged, expected);

    // 40 minutes on: P1 and P2 are past due, P3 and P4 are not.
    app.advance(TimeDelta::minutes(40));
    let breached = app.get("/api/v1/tickets?breached=true", &c.agent).await.expect(200);
    let ids: Vec<Value> = breached["items"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    assert_eq!(ids, expected[..2]);
    let fine = app.get("/api/v1/tickets?breached=false", &c.agent).await.expect(200);
    assert_eq!(fine["items"].as_array().unwrap().len(), 3);

    let p1 = app.get("/api/v1/tickets?urgency=P1", &c.agent).await.expect(200);
    assert_eq!(p1["items"].as_array().unwrap().len(), 1);
    let new = app.get("/api/v1/tickets?status=new", &c.agent).await.expect(200);
    assert_eq!(new["items"][0]["id"], undispatched["id"]);
    let two = app.get("/api/v1/tickets?status=new,dispatched", &c.agent).await.expect(200);
    assert_eq!(two["items"].as_array().unwrap().len(), 5);
    // The key repeated, as stock OpenAPI clients send a list.
    let repeated = app.get("/api/v1/tickets?status=new&status=dispatched", &c.agent).await.expect(200);
    assert_eq!(repeated["items"], two["items"]);
    let one = app.get("/api/v1/tickets?status=new&status=", &c.agent).await.expect(200);
    assert_eq!(one["items"], new["items"]);
    let mine = app.get("/api/v1/tickets?assignee=me", &c.agent).await.expect(200);
    assert_eq!(mine["items"].as_array().unwrap().len(), 5);
    let not_mine = app.get("/api/v1/tickets?assignee=me", &c.supervisor).await.expect(200);
    assert!(not_mine["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_queue_searches_number_text_and_phone() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let a = app.intake(&c.agent, "13200000001").await;
    let b = app
        .post(
            "/api/v1/tickets",
            &c.agent,
            json!({ "channel": "web", "kind": "inquiry", "subject": "电梯故障 50% off",
            "customer": { "name": "李", "phone": "13200000002" } }),
        )
        .await
        .expect(201);
    let search = |q: &str| {
        let q = q.to_owned();
        let app = &app;
        let agent = c.agent.clone();
        async move {
            let url = reqwest::Url::parse_with_params(&app.url("/api/v1/tickets"), &[("q", q.as_str())]).unwrap();
            let body = app.get(&format!("{}?{}", url.path(), url.query().unwrap_or("")), &agent).await.expect(200);
            body["items"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect::<Vec<_>>()
        }
    };
    assert_eq!(search("电梯").await, [b["id"].clone()]);
    assert_eq!(search("CEILING").await, [a["id"].clone()], "case-insensitive");
    assert_eq!(search("132 0000 0002").await, [b["id"].clone()], "by the whole phone number");
    assert_eq!(search("0002").await, [b["id"].clone()], "by the last four digits");
    assert!(search("0000002").await.is_empty(), "not by a part of the hidden digits");
    assert_eq!(search("wang fang").await, [a["id"].clone()], "by the customer's name");
    assert_eq!(search("garden estate 3-2").await, [a["id"].clone()], "by the customer's unit");
    assert_eq!(search("李").await, [b["id"].clone()]);
    assert_eq!(search(a["number"].as_str().unwrap()).await, [a["id"].clone()]);
    assert_eq!(search("50%").await, [b["id"].clone()], "wildcards are literal");
    assert!(search("nothing like this").await.is_empty());
}

async fn inquiry(app: &TestApp, token: &str, phone: &str) -> Value {
    app.post(
        "/api/v1/tickets",
        token,
        json!({ "channel": "phone", "kind": "inquiry", "subject": "When is the water back?",
                "customer": { "name": "Chen", "phone": phone } }),
    )
    .await
    .expect(201)
}

#[tokio::test]
async fn an_answered_inquiry_closes_by_itself_after_a_week_but_a_complaint_waits_for_its_callback() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let q = inquiry(&app, &c.agent, "12600000001").await;
    let answered = app.act(&q, "answer", &c.agent, json!({ "answer": "at 6pm" })).await.expect(200);
    assert_eq!(time(&answered["auto_close_at"]) - time(&answered["resolved_at"]), TimeDelta::days(7));
    let complaint = app.intake(&c.agent, "12600000002").await;
    let answered = app.act(&complaint, "answer", &c.agent, json!({ "answer": "sorry" })).await.expect(200);
    assert!(answered["auto_close_at"].is_null(), "complaints are called back");

    app.advance(TimeDelta::days(6));
    assert_eq!(app.sweep().await.closed, 0);
    assert_eq!(app.ticket(&q["id"], &c.agent).await["status"], "resolved");
    app.advance(TimeDelta::days(1) + TimeDelta::minutes(1));
    assert_eq!(app.sweep().await.closed, 1, "the inquiry closes by itself");
    assert_eq!(app.ticket(&q["id"], &c.agent).await["status"], "closed");
    let events = app.events(&q["id"], &c.agent).await;
    let closed = events.last().unwrap();
    assert_eq!((closed["kind"].as_str(), closed["data"]["auto"].as_bool()), (Some("closed"), Some(true)));
    assert!(closed["actor_id"].is_null(), "closed by the system");
    assert_eq!(app.ticket(&complaint["id"], &c.agent).await["status"], "resolved");
}

#[tokio::test]
async fn a_repeat_contact_reopens_instead_of_closing() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let q = inquiry(&app, &c.agent, "12600000003").await;
    app.act(&q, "answer", &c.agent, json!({ "answer": "at 6pm" })).await.expect(200);
    app.advance(TimeDelta::days(3));
    let again = app.act(&q, "recontact", &c.agent, json!({ "note": "still no water" })).await.expect(200);
    assert_eq!(again["status"], "reopened");
    assert_eq!(again["contact_count"], 2);
    assert!(again["auto_close_at"].is_null());
    app.act(&q, "recontact", &c.staff, json!({})).await.problem(404);
    app.advance(TimeDelta::days(5));
    assert_eq!(app.sweep().await.closed, 0);
    assert_eq!(app.ticket(&q["id"], &c.agent).await["status"], "reopened");
    assert_eq!(kinds(&app.events(&q["id"], &c.agent).await)[..3], ["created", "answered", "recontacted"]);
}

#[tokio::test]
async fn which_kinds_need_a_callback_is_policy() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let mut policy = app.get("/api/v1/sla-policy", &app.admin).await.expect(200);
    assert_eq!(
        policy["callback_required"],
        json!({ "complaint": true, "inquiry": false, "repair": true, "suggestion": true, "praise": false })
    );
    policy["callback_required"]["complaint"] = json!(false);
    policy["auto_close_after"] = json!("P2D");
    app.put_policy(policy).await;
    let t = app.intake(&c.agent, "12600000004").await;
    let answered = app.act(&t, "answer", &c.agent, json!({ "answer": "done" })).await.expect(200);
    assert_eq!(time(&answered["auto_close_at"]) - time(&answered["resolved_at"]), TimeDelta::days(2));
}

#[tokio::test]
async fn a_supervision_order_is_a_clock_met_by_resolving_and_escalated_when_missed() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let start = chrono::Utc::now() - TimeDelta::minutes(1);
    let taken = |phone: &'static str| {
        let (app, c) = (&app, &c);
        async move {
            let t = app.intake(&c.agent, phone).await;
            app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P4" })).await.expect(200);
            app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
            app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
            t
        }
    };
    let (late, prompt) = (taken("13400000701").await, taken("13400000702").await);
    let order = |t: &Value, hours: i64| {
        let due = app.now() + TimeDelta::hours(hours);
        let (app, supervisor, t) = (&app, c.supervisor.clone(), t.clone());
        async move { app.act(&t, "urge", &supervisor, json!({ "note": "resolve it", "due_at": due })).await }
    };
    let ordered = order(&late, 4).await.expect(200);
    assert_eq!(ordered["clocks"]["supervision"]["state"], "on_time");
    let clock = &ordered["clocks"]["supervision"];
    let window = time(&clock["due_at"]) - time(&clock["started_at"]);
    assert!((window - TimeDelta::hours(4)).abs() < TimeDelta::seconds(5), "{window}");
    order(&prompt, 4).await.expect(200);
    app.advance(TimeDelta::hours(1));
    let resolved = app.act(&prompt, "resolve", &c.staff, json!({ "resolution": "fixed", "root_cause": "wear" })).await;
    assert_eq!(resolved.expect(200)["clocks"]["supervision"]["state"], "met");

    let clock_events = |t: &Value, kind: &'static str| {
        let (app, agent, id) = (&app, c.agent.clone(), t["id"].clone());
        async move {
            let events = app.events(&id, &agent).await;
            events.into_iter().filter(|e| e["kind"] == kind && e["data"]["clock"] == "supervision").count()
        }
    };
    app.advance(TimeDelta::minutes(140)); // 3 h 20 min of 4 h: past 80%
    app.sweep().await;
    assert_eq!(clock_events(&late, "at_risk").await, 1, "the order is noted at risk");
    app.advance(TimeDelta::minutes(41));
    app.sweep().await;
    assert_eq!(clock_events(&late, "escalated").await, 1, "the missed order is escalated");
    let t = app.ticket(&late["id"], &c.agent).await;
    assert_eq!(t["clocks"]["supervision"]["state"], "breached");
    assert!(!t["clocks"]["supervision"]["escalated_at"].is_null());
    assert_eq!(t["breached"], true);
    assert_eq!(clock_events(&prompt, "escalated").await, 0, "met in time");

    // A new order replaces the missed one: a fresh clock, escalated again only if missed again.
    let renewed = order(&late, 2).await.expect(200);
    assert_eq!(renewed["clocks"]["supervision"]["state"], "on_time");
    assert!(renewed["clocks"]["supervision"]["escalated_at"].is_null());
    let done = app.act(&late, "resolve", &c.staff, json!({ "resolution": "fixed", "root_cause": "wear" })).await;
    assert_eq!(done.expect(200)["clocks"]["supervision"]["state"], "met");
    app.advance(TimeDelta::hours(3));
    assert_eq!(app.sweep().await.escalated, 0, "the renewed order was met");
    assert_eq!(clock_events(&late, "escalated").await, 1);

    let url = reqwest::Url::parse_with_params(
        &app.url("/api/v1/reports/summary"),
        &[("from", start.to_rfc3339()), ("to", (app.now() + TimeDelta::hours(1)).to_rfc3339())],
    )
    .unwrap();
    let r = app.get(&format!("{}?{}", url.path(), url.query().unwrap()), &c.supervisor).await.expect(200);
    assert_eq!(r["supervision_orders"], 3);
    assert_eq!(
        r["supervision"],
        json!({ "flagged": 2, "met_on_time": 2, "met_late": 0, "open_breached": 0, "open_on_time": 0 })
    );
}
