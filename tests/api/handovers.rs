use chrono::TimeDelta;
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn a_handover_snapshots_the_queue_and_is_signed_once_by_the_next_shift() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (next_id, next) = app.user("agent", None).await;
    let late = app.intake(&c.agent, "12400000001").await;
    app.act(&late, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    let soon = app.intake(&c.agent, "12400000002").await;
    app.act(&soon, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P4" })).await.expect(200);
    app.intake(&c.agent, "12400000003").await; // due in 48 hours: after the shift
    let done = app.intake(&c.agent, "12400000004").await;
    app.act(&done, "answer", &c.agent, json!({ "answer": "ok" })).await.expect(200);
    app.act(&done, "close", &c.agent, json!({})).await.expect(200);
    app.advance(TimeDelta::minutes(20)); // P1 breached, P4 due in 100 minutes

    let shift_end = chrono::Utc::now() + TimeDelta::minutes(20) + TimeDelta::hours(8);
    let h = app
        .post(
            "/api/v1/handovers",
            &c.agent,
            json!({ "log": "Lift outage in building 3; chase Repairs.",
            "shift_ends_at": shift_end, "recipient_id": next_id }),
        )
        .await
        .expect(201);
    let snap = &h["snapshot"];
    assert_eq!(snap["open_total"], 3, "closed tickets are not open");
    assert_eq!(snap["open_by_status"]["dispatched"], 2);
    assert_eq!(snap["open_by_status"]["new"], 1);
    assert_eq!(snap["breached"].as_array().unwrap().len(), 1);
    assert_eq!(snap["breached"][0]["number"], late["number"]);
    assert_eq!(snap["breached"][0]["department_name"], "Property Repairs");
    let due: Vec<_> = snap["due_before_shift_end"].as_array().unwrap().iter().map(|t| t["number"].clone()).collect();
    assert_eq!(due, [soon["number"].clone()]);

    let id = h["id"].as_str().unwrap();
    let sign = format!("/api/v1/handovers/{id}/sign");
    app.post(&sign, &c.agent, json!({})).await.problem(409); // not the author
    app.post(&sign, &c.supervisor, json!({})).await.problem(403); // addressed to someone else
    let signed = app.post(&sign, &next, json!({ "note": "received" })).await.expect(200);
    assert_eq!(signed["signed_by"], next_id.as_str());
    assert_eq!(signed["sign_note"], "received");
    assert!(signed["signed_by_name"].as_str().unwrap().starts_with("agent-"));
    assert_eq!(signed["recipient_name"], signed["signed_by_name"]);
    assert!(signed["author_name"].as_str().unwrap().starts_with("agent-"));
    let body = app.post(&sign, &next, json!({})).await.problem(409);
    assert_eq!(body["code"], "already_signed");
    let again = app.get(&format!("/api/v1/handovers/{id}"), &c.supervisor).await.expect(200);
    assert_eq!(again["signed_at"], signed["signed_at"], "signed handovers do not change");
    assert_eq!(again["snapshot"], h["snapshot"]);

    let list = app.get("/api/v1/handovers", &next).await.expect(200);
    assert_eq!(list["items"][0]["id"], h["id"]);
    app.get("/api/v1/handovers", &c.staff).await.problem(403);
    app.send(Method::PATCH, &format!("/api/v1/handovers/{id}"), Some(&next), Some(json!({ "log": "rewritten" })))
        .await
        .problem(405);
    app.post("/api/v1/handovers", &c.agent, json!({ "log": "  " })).await.problem(422);
    app.post("/api/v1/handovers", &c.agent, json!({ "log": "x", "recipient_id": c.agent_id })).await.problem(422);
}

#[tokio::test]
async fn the_queue_filters_what_is_due_before_a_time() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let p1 = app.intake(&c.agent, "12400000011").await;
    app.act(&p1, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    app.intake(&c.agent, "12400000012").await;
    let soon = (chrono::Utc::now() + TimeDelta::minutes(16)).to_rfc3339();
    let url = reqwest::Url::parse_with_params(&app.url("/api/v1/tickets"), &[("due_before", soon.as_str())]).unwrap();
    let list = app.get(&format!("{}?{}", url.path(), url.query().unwrap()), &c.agent).await.expect(200);
    let ids: Vec<_> = list["items"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    assert_eq!(ids, [p1["id"].clone()]);
}
