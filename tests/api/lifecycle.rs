use chrono::TimeDelta;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn intake_numbers_the_ticket_records_the_owner_and_starts_the_48_hour_clock() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "138-1234-5678").await;

    assert_eq!(t["status"], "new");
    assert_eq!(t["owner_id"], c.agent_id.as_str());
    assert_eq!(t["customer"]["phone"], "138****5678");
    let number = t["number"].as_str().unwrap();
    assert_eq!(number.len(), 13, "{number}");
    assert!(number.ends_with("-0001"), "{number}");
    assert_eq!(time(&t["resolution_due_at"]) - time(&t["created_at"]), TimeDelta::hours(48));
    assert_eq!(t["resolution_due_at"], t["resolution_original_due_at"]);
    assert!(t["response_due_at"].is_null() && t["urgency"].is_null());

    let second = app.intake(&c.agent, "13812345678").await;
    assert!(second["number"].as_str().unwrap() > number, "numbers sort in intake order");
    assert_eq!(second["customer"]["id"], t["customer"]["id"], "the same phone is the same customer");

    let events = app.events(&t["id"], &c.agent).await;
    assert_eq!(kinds(&events), ["created"]);
    assert_eq!(events[0]["actor_id"], c.agent_id.as_str());
    assert!(events[0]["actor_name"].as_str().unwrap().starts_with("agent-"));
    assert!(t["owner_name"].as_str().unwrap().starts_with("agent-"));
}

#[tokio::test]
async fn every_tier_gets_its_response_window_and_the_full_lifecycle_closes_on_a_satisfied_callback() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    for (tier, minutes) in [("P1", 15), ("P2", 30), ("P3", 60), ("P4", 120)] {
        let t = app.intake(&c.agent, "13900000001").await;
        let t = app
            .act(
                &t,
                "dispatch",
                &c.agent,
                json!({ "department_id": c.dept, "urgency": tier, "note": "please call today" }),
            )
            .await
            .expect(200);
        assert_eq!(t["status"], "dispatched");
        assert_eq!(t["urgency"], tier);
        assert_eq!(t["department_id"], c.dept.as_str());
        assert_eq!(t["department_name"], "Property Repairs");
        assert_eq!(
            time(&t["response_due_at"]) - time(&t["dispatched_at"]),
            TimeDelta::minutes(minutes),
            "{tier} window"
        );
        assert_eq!(t["clocks"]["response"]["state"], "on_time");

        let t = app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
        assert_eq!(t["status"], "accepted");
        let t = app.act(&t, "contact", &c.staff, json!({ "note": "called, will visit at 3pm" })).await.expect(200);
        assert_eq!(t["status"], "in_progress");
        assert_eq!(t["clocks"]["response"]["state"], "met");
        assert!(!t["responded_at"].is_null());
        let t = app
            .act(&t, "resolve", &c.staff, json!({ "resolution": "Pipe replaced", "root_cause": "Corroded pipe" }))
            .await
            .expect(200);
        assert_eq!(t["status"], "resolved");
        assert_eq!(t["root_cause"], "Corroded pipe");
        assert_eq!(t["clocks"]["resolution"]["state"], "met");
        let t = app
            .act(&t, "callback", &c.agent, json!({ "reached": true, "satisfaction": "satisfied", "comment": "thanks" }))
            .await
            .expect(200);
        assert_eq!(t["status"], "closed");
        assert!(!t["closed_at"].is_null());

        let events = app.events(&t["id"], &c.agent).await;
        assert_eq!(kinds(&events), ["created", "dispatched", "accepted", "contacted", "resolved", "callback"]);
        assert_eq!(events[1]["data"]["from"], "new");
        assert_eq!(events[1]["data"]["to"], "dispatched");
        assert_eq!(events[5]["data"]["to"], "closed");
    }
}

#[tokio::test]
async fn an_agent_can_answer_at_intake() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13900000002").await;
    let t = app.act(&t, "answer", &c.agent, json!({ "answer": "The water will be back at 6pm." })).await.expect(200);
    assert_eq!(t["status"], "resolved");
    assert_eq!(t["resolution"], "The water will be back at 6pm.");
    let t = app.act(&t, "close", &c.agent, json!({})).await.expect(200);
    assert_eq!(t["status"], "closed");
}

#[tokio::test]
async fn a_returned_ticket_goes_back_to_the_queue_and_a_new_dispatch_starts_a_new_response_clock() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let other = app.department("Security").await;
    let t = app.intake(&c.agent, "13900000003").await;
    let first =
        app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.expect(200);

    app.act(&t, "return", &c.staff, json!({ "reason": "" })).await.problem(422);
    let returned = app.act(&t, "return", &c.staff, json!({ "reason": "Not our building" })).await.expect(200);
    assert_eq!(returned["status"], "returned");
    assert!(returned["department_id"].is_null());
    assert_eq!(returned["clocks"]["response"]["state"], "stopped");
    // The department no longer sees it.
    app.get(&format!("/api/v1/tickets/{}", t["id"].as_str().unwrap()), &c.staff).await.problem(404);

    app.advance(TimeDelta::minutes(5));
    let second =
        app.act(&t, "dispatch", &c.agent, json!({ "department_id": other, "urgency": "P1" })).await.expect(200);
    assert_eq!(second["status"], "dispatched");
    assert!(time(&second["dispatched_at"]) > time(&first["dispatched_at"]));
    assert_eq!(time(&second["response_due_at"]) - time(&second["dispatched_at"]), TimeDelta::minutes(15));
    assert_eq!(second["clocks"]["response"]["state"], "on_time");

    let events = app.events(&t["id"], &c.agent).await;
    assert_eq!(kinds(&events), ["created", "dispatched", "returned", "dispatched"]);
    assert_eq!(events[2]["data"]["reason"], "Not our building");
    assert_eq!(events[2]["data"]["department_id"], c.dept.as_str());
}

#[tokio::test]
async fn a_dissatisfied_callback_reopens_and_the_ticket_can_be_dispatched_again() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13900000004").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
    app.act(&t, "resolve", &c.staff, json!({ "resolution": "Fixed", "root_cause": "Loose valve" })).await.expect(200);

    // Not reached: stays resolved, waiting for another try.
    let t2 = app.act(&t, "callback", &c.agent, json!({ "reached": false })).await.expect(200);
    assert_eq!(t2["status"], "resolved");
    // Reached but no satisfaction given: refused.
    app.act(&t, "callback", &c.agent, json!({ "reached": true })).await.problem(422);

    let t2 =
        app.act(&t, "callback", &c.agent, json!({ "reached": true, "satisfaction": "dissatisfied" })).await.expect(200);
    assert_eq!(t2["status"], "reopened");
    assert!(t2["resolved_at"].is_null());
    assert_eq!(t2["clocks"]["resolution"]["state"], "on_time", "the resolution clock runs again");
    let t2 = app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    assert_eq!(t2["status"], "dispatched");
}

#[tokio::test]
async fn a_neutral_callback_does_not_close_and_reopen_works_by_hand() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13900000005").await;
    app.act(&t, "answer", &c.agent, json!({ "answer": "Told them the schedule" })).await.expect(200);
    let t2 =
        app.act(&t, "callback", &c.supervisor, json!({ "reached": true, "satisfaction": "neutral" })).await.expect(200);
    assert_eq!(t2["status"], "reopened");
    app.act(&t, "answer", &c.agent, json!({ "answer": "Explained again" })).await.expect(200);
    app.act(&t, "reopen", &c.agent, json!({ "reason": "" })).await.problem(422);
    let t2 = app.act(&t, "reopen", &c.agent, json!({ "reason": "Customer called again" })).await.expect(200);
    assert_eq!(t2["status"], "reopened");
}

#[tokio::test]
async fn transitions_the_state_does_not_allow_are_refused_with_409() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13900000006").await;
    // new: nothing of the department's, no callback, no close.
    let body =
        app.act(&t, "callback", &c.agent, json!({ "reached": true, "satisfaction": "satisfied" })).await.problem(409);
    assert_eq!(body["code"], "invalid_transition");
    app.act(&t, "close", &c.agent, json!({})).await.problem(409);
    app.act(&t, "reopen", &c.agent, json!({ "reason": "x" })).await.problem(409);
    app.act(&t, "resolve", &c.agent, json!({ "resolution": "x", "root_cause": "y" })).await.problem(409);

    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.expect(200);
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.problem(409);
    app.act(&t, "contact", &c.staff, json!({})).await.problem(409); // must accept first
    app.act(&t, "answer", &c.agent, json!({ "answer": "x" })).await.problem(409);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t, "accept", &c.staff, json!({})).await.problem(409);
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
    app.act(&t, "return", &c.staff, json!({ "reason": "too late to return" })).await.problem(409);
    app.act(&t, "resolve", &c.staff, json!({ "resolution": "done", "root_cause": "wear" })).await.expect(200);
    app.act(&t, "callback", &c.agent, json!({ "reached": true, "satisfaction": "satisfied" })).await.expect(200);
    // closed: nothing more but comments.
    app.act(&t, "reopen", &c.agent, json!({ "reason": "x" })).await.problem(409);
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.problem(409);
    app.act(&t, "comments", &c.agent, json!({ "body": "closed after satisfied callback" })).await.expect(200);

    // Refusals leave no trace in the history.
    let events = app.events(&t["id"], &c.agent).await;
    assert_eq!(kinds(&events), ["created", "dispatched", "accepted", "contacted", "resolved", "callback", "comment"]);
}

#[tokio::test]
async fn a_complaint_needs_its_root_cause_to_be_resolved() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13900000007").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P4" })).await.expect(200);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
    let body = app.act(&t, "resolve", &c.staff, json!({ "resolution": "Fixed it" })).await.problem(422);
    assert!(body["errors"]["root_cause"].is_array(), "{body}");
    assert_eq!(app.ticket(&t["id"], &c.agent).await["status"], "in_progress", "nothing changed");
}

#[tokio::test]
async fn comments_are_on_the_timeline_in_order() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13900000008").await;
    app.act(&t, "comments", &c.agent, json!({ "body": "first", "internal": true })).await.expect(200);
    app.act(&t, "comments", &c.supervisor, json!({ "body": "second" })).await.expect(200);
    app.act(&t, "comments", &c.agent, json!({ "body": "   " })).await.problem(422);
    let events = app.events(&t["id"], &c.agent).await;
    assert_eq!(kinds(&events), ["created", "comment", "comment"]);
    assert_eq!(events[1]["data"]["body"], "first");
    assert_eq!(events[1]["data"]["internal"], true);
    assert_eq!(events[2]["data"]["internal"], false);

    // The timeline pages with a cursor.
    let id = t["id"].as_str().unwrap();
    let page = app.get(&format!("/api/v1/tickets/{id}/events?limit=2"), &c.agent).await.expect(200);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let cursor = page["next_cursor"].as_str().expect("a next page");
    let rest = app.get(&format!("/api/v1/tickets/{id}/events?limit=2&cursor={cursor}"), &c.agent).await.expect(200);
    assert_eq!(kinds(rest["items"].as_array().unwrap()), ["comment"]);
    assert!(rest["next_cursor"].is_null());
}

#[tokio::test]
async fn the_caller_lookup_shows_earlier_tickets() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    app.intake(&c.agent, "13700000001").await;
    app.intake(&c.agent, "137 0000 0001").await;
    let found = app.get("/api/v1/customers/lookup?phone=137-0000-0001", &c.agent).await.expect(200);
    assert_eq!(found["name"], "Wang Fang");
    assert_eq!(found["tickets"].as_array().unwrap().len(), 2);
    app.get("/api/v1/customers/lookup?phone=13700000009", &c.agent).await.problem(404);
    app.get("/api/v1/customers/lookup?phone=abc", &c.agent).await.problem(422);
    app.get("/api/v1/customers/lookup?phone=13700000001", &c.staff).await.problem(403);
}

#[tokio::test]
async fn metrics_count_requests_and_intakes() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    app.intake(&c.agent, "13900000100").await;
    app.sweep().await;
    app.deliver_webhooks().await;
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    let created: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("switchboard_tickets_created_total "))
        .expect("the intake counter")
        .parse()
        .unwrap();
    assert!(created >= 1.0);
    assert!(
        text.contains(r#"switchboard_http_requests_total{method="POST",route="/api/v1/tickets",status="201"}"#),
        "{text}"
    );
    assert!(text.contains("switchboard_sweep_duration_seconds_count"));
    assert!(text.contains("switchboard_webhook_pass_duration_seconds_count"));
}

#[tokio::test]
async fn the_callback_worklist_is_oldest_first_and_counts_attempts() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let older = app.intake(&c.agent, "13900000201").await;
    let newer = app.intake(&c.agent, "13900000202").await;
    app.act(&older, "answer", &c.agent, json!({ "answer": "a" })).await.expect(200);
    app.advance(TimeDelta::minutes(5));
    app.act(&newer, "answer", &c.agent, json!({ "answer": "b" })).await.expect(200);
    app.intake(&c.agent, "13900000203").await; // not resolved: not on the list

    let list = app.get("/api/v1/callbacks", &c.agent).await.expect(200);
    let ids: Vec<_> = list["items"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    assert_eq!(ids, [older["id"].clone(), newer["id"].clone()]);

    app.act(&older, "callback", &c.agent, json!({ "reached": false })).await.expect(200);
    let t =
        app.act(&older, "callback", &c.agent, json!({ "reached": false, "comment": "no answer" })).await.expect(200);
    assert_eq!(t["callback_attempts"], 2);
    app.act(&older, "callback", &c.agent, json!({ "reached": true, "satisfaction": "satisfied" })).await.expect(200);
    let list = app.get("/api/v1/callbacks?limit=1", &c.agent).await.expect(200);
    assert_eq!(list["items"][0]["id"], newer["id"]);
    assert!(list["next_cursor"].is_null());
    app.get("/api/v1/callbacks", &c.staff).await.problem(403);
}

#[tokio::test]
async fn supervisors_urge_and_issue_supervision_orders_on_the_record() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13900000301").await;
    app.act(&t, "urge", &c.supervisor, json!({ "note": "call them now" })).await.problem(409); // not dispatched
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.expect(200);
    app.act(&t, "urge", &c.agent, json!({ "note": "hurry" })).await.problem(403);
    let urged = app.act(&t, "urge", &c.supervisor, json!({ "note": "call them now" })).await.expect(200);
    assert_eq!(urged["status"], "dispatched");
    assert_eq!(urged["urge_count"], 1);
    assert!(!urged["urged_at"].is_null());
    let due = chrono::Utc::now() + TimeDelta::hours(4);
    app.act(&t, "urge", &c.supervisor, json!({ "note": "report by 6pm", "due_at": due })).await.expect(200);
    app.act(&t, "urge", &c.supervisor, json!({ "note": "late", "due_at": chrono::Utc::now() - TimeDelta::hours(1) }))
        .await
        .problem(422);
    // The department sees it on its queue row.
    let row = &app.get("/api/v1/tickets", &c.staff).await.expect(200)["items"][0];
    assert_eq!(row["urge_count"], 2, "an urge and a supervision order");
    let events = app.events(&t["id"], &c.staff).await;
    assert_eq!(kinds(&events), ["created", "dispatched", "urged", "supervised"]);
    assert_eq!(events[2]["data"]["note"], "call them now");
    assert!(!events[3]["data"]["due_at"].is_null());
}

#[tokio::test]
async fn a_disputed_return_can_be_overruled_back_to_the_same_department() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13900000401").await;
    app.act(&t, "overrule", &c.agent, json!({ "reason": "x" })).await.problem(409);
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.expect(200);
    app.act(&t, "return", &c.staff, json!({ "reason": "Not our area" })).await.expect(200);
    app.advance(TimeDelta::minutes(10));
    // The department that returned it no longer sees it; integrations may not arbitrate.
    app.act(&t, "overrule", &c.staff, json!({ "reason": "no" })).await.problem(404);
    let (_, integration) = app.user("integration", None).await;
    app.act(&t, "overrule", &integration, json!({ "reason": "no" })).await.problem(403);
    let back = app
        .act(&t, "overrule", &c.supervisor, json!({ "reason": "Building 3 is yours per the site list" }))
        .await
        .expect(200);
    assert_eq!(back["status"], "dispatched");
    assert_eq!(back["department_id"], c.dept.as_str());
    assert_eq!(back["urgency"], "P2");
    assert_eq!(time(&back["response_due_at"]) - time(&back["dispatched_at"]), TimeDelta::minutes(30));
    assert_eq!(back["clocks"]["response"]["state"], "on_time", "a new response clock");
    app.ticket(&t["id"], &c.staff).await; // the department sees it again
    let events = app.events(&t["id"], &c.agent).await;
    assert_eq!(kinds(&events), ["created", "dispatched", "returned", "return_overruled"]);
    assert_eq!(events[3]["data"]["return_reason"], "Not our area");
}

#[tokio::test]
async fn complaints_are_classified_by_a_root_cause_from_the_admins_two_level_list() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    app.post("/api/v1/root-causes", &c.supervisor, json!({ "name": "Plumbing" })).await.problem(403);
    let plumbing = app.post("/api/v1/root-causes", &app.admin, json!({ "name": "Plumbing" })).await.expect(201);
    let pipe = app
        .post("/api/v1/root-causes", &app.admin, json!({ "name": "Corroded pipe", "parent_id": plumbing["id"] }))
        .await
        .expect(201);
    app.post("/api/v1/root-causes", &app.admin, json!({ "name": "Deeper", "parent_id": pipe["id"] }))
        .await
        .problem(422);
    app.post("/api/v1/root-causes", &app.admin, json!({ "name": "Corroded pipe", "parent_id": plumbing["id"] }))
        .await
        .problem(409);
    let list = app.get("/api/v1/root-causes", &c.staff).await.expect(200);
    assert_eq!(list.as_array().unwrap().len(), 2);

    let t = app.intake(&c.agent, "13900000501").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
    // Free text no longer does once the list has causes; a category is not a cause.
    let body =
        app.act(&t, "resolve", &c.staff, json!({ "resolution": "fixed", "root_cause": "pipe" })).await.problem(422);
    assert!(body["errors"]["root_cause_id"].is_array());
    app.act(&t, "resolve", &c.staff, json!({ "resolution": "fixed", "root_cause_id": plumbing["id"] }))
        .await
        .problem(422);
    let resolved = app
        .act(&t, "resolve", &c.staff, json!({ "resolution": "fixed", "root_cause_id": pipe["id"] }))
        .await
        .expect(200);
    assert_eq!(resolved["root_cause"], "Plumbing / Corroded pipe");
    assert_eq!(resolved["root_cause_id"], pipe["id"]);

    // A deactivated cause can no longer be chosen, and is hidden unless asked for.
    app.send(
        reqwest::Method::PATCH,
        &format!("/api/v1/root-causes/{}", pipe["id"].as_str().unwrap()),
        Some(&app.admin),
        Some(json!({ "active": false })),
    )
    .await
    .expect(200);
    assert_eq!(app.get("/api/v1/root-causes", &c.staff).await.expect(200).as_array().unwrap().len(), 1);
    assert_eq!(
        app.get("/api/v1/root-causes?include_inactive=true", &c.staff).await.expect(200).as_array().unwrap().len(),
        2
    );
    let other = app.intake(&c.agent, "13900000502").await;
    app.act(&other, "answer", &c.agent, json!({ "answer": "explained" })).await.expect(200);
    // answering needs no cause
}
