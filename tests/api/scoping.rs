use serde_json::{json, Value};

use crate::helpers::*;

#[tokio::test]
async fn department_staff_see_and_touch_only_their_departments_tickets() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let other = app.department("Security").await;
    let (_, other_staff) = app.user("dept_staff", Some(&other)).await;

    let mine = app.intake(&c.agent, "13500000001").await;
    let theirs = app.intake(&c.agent, "13500000002").await;
    app.act(&mine, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P2" })).await.expect(200);
    app.act(&theirs, "dispatch", &c.agent, json!({ "department_id": other, "urgency": "P2" })).await.expect(200);
    let undispatched = app.intake(&c.agent, "13500000003").await;

    // Another department's ticket does not exist for them: 404, not 403.
    let path = format!("/api/v1/tickets/{}", theirs["id"].as_str().unwrap());
    app.get(&path, &c.staff).await.problem(404);
    app.get(&format!("{path}/events"), &c.staff).await.problem(404);
    app.act(&theirs, "accept", &c.staff, json!({})).await.problem(404);
    app.act(&theirs, "comments", &c.staff, json!({ "body": "peek" })).await.problem(404);
    app.get(&format!("/api/v1/tickets/{}", undispatched["id"].as_str().unwrap()), &c.staff).await.problem(404);
    app.act(&theirs, "accept", &other_staff, json!({})).await.expect(200);

    // The queue is scoped too, whatever filter they ask for.
    let list = app.get("/api/v1/tickets", &c.staff).await.expect(200);
    let ids: Vec<_> = list["items"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    assert_eq!(ids, [mine["id"].clone()]);
    let list = app.get(&format!("/api/v1/tickets?department_id={other}"), &c.staff).await.expect(200);
    assert!(list["items"].as_array().unwrap().is_empty());

    // The call center sees all three.
    let list = app.get("/api/v1/tickets", &c.agent).await.expect(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn phones_are_masked_for_everyone_and_revealed_on_the_record() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (_, integration) = app.user("integration", None).await;
    let t = app.intake(&c.agent, "13812345678").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);

    let seen_by_staff = app.ticket(&t["id"], &c.staff).await;
    assert_eq!(seen_by_staff["customer"]["phone"], "138****5678");
    let listed = app.get("/api/v1/tickets", &c.staff).await.expect(200);
    assert_eq!(listed["items"][0]["customer"]["phone"], "138****5678");
    let accepted = app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    assert_eq!(accepted["customer"]["phone"], "138****5678", "action replies are masked too");
    assert_eq!(app.ticket(&t["id"], &integration).await["customer"]["phone"], "138****5678");

    let seen_by_agent = app.ticket(&t["id"], &c.agent).await;
    assert_eq!(seen_by_agent["customer"]["phone"], "138****5678", "the call center too, until it reveals");

    // Revealing is for the call center and, with a reason, for the department the ticket is
    // with; never for integrations. It goes on the record.
    let reveal = format!("/api/v1/tickets/{}/reveal-phone", t["id"].as_str().unwrap());
    app.post(&reveal, &integration, json!({})).await.problem(403);
    let other = app.department("Security").await;
    let (_, other_staff) = app.user("dept_staff", Some(&other)).await;
    app.post(&reveal, &other_staff, json!({ "note": "curious" })).await.problem(404);
    let why = app.post(&reveal, &c.staff, json!({})).await.problem(422);
    assert!(why["errors"]["note"].is_array(), "{why}");
    assert_eq!(
        app.post(&reveal, &c.staff, json!({ "note": "to arrange the repair visit" })).await.expect(200),
        json!({ "phone": "13812345678" })
    );
    let revealed = app.post(&reveal, &c.agent, json!({ "note": "callback" })).await.expect(200);
    assert_eq!(revealed, json!({ "phone": "13812345678" }));
    app.send(reqwest::Method::POST, &reveal, Some(&c.supervisor), None).await.expect(200);
    let events = app.events(&t["id"], &c.agent).await;
    let reveals: Vec<&Value> = events.iter().filter(|e| e["kind"] == "phone_revealed").collect();
    assert_eq!(reveals.len(), 3, "{events:?}");
    assert_eq!(reveals[0]["data"]["note"], "to arrange the repair visit");
    assert_eq!(reveals[1]["actor_id"], c.agent_id.as_str());
    assert_eq!(reveals[1]["data"]["note"], "callback");
    assert!(!reveals[0].to_string().contains("13812345678"), "the history does not repeat the number");
    let after = app.ticket(&t["id"], &c.agent).await;
    assert_eq!(after["version"], seen_by_agent["version"], "revealing does not change the ticket");
    assert_eq!(after["customer"]["phone"], "138****5678");
    let missing = format!("/api/v1/tickets/{}/reveal-phone", uuid::Uuid::new_v4());
    app.post(&missing, &c.agent, json!({})).await.problem(404);
}

#[tokio::test]
async fn internal_comments_are_hidden_from_integrations() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (_, integration) = app.user("integration", None).await;
    let t = app.intake(&c.agent, "13500000009").await;
    app.act(&t, "comments", &c.agent, json!({ "body": "caller was rude", "internal": true })).await.expect(200);
    app.act(&t, "comments", &c.agent, json!({ "body": "we will call back" })).await.expect(200);
    assert_eq!(kinds(&app.events(&t["id"], &c.agent).await), ["created", "comment", "comment"]);
    let seen = app.events(&t["id"], &integration).await;
    assert_eq!(kinds(&seen), ["created", "comment"]);
    assert_eq!(seen[1]["data"]["body"], "we will call back");

    // Pages are cut after the hiding: a full page says when there is more.
    app.act(&t, "comments", &c.agent, json!({ "body": "another internal note", "internal": true })).await.expect(200);
    app.act(&t, "comments", &c.agent, json!({ "body": "visit booked" })).await.expect(200);
    let path = format!("/api/v1/tickets/{}/events?limit=2", t["id"].as_str().unwrap());
    let first = app.get(&path, &integration).await.expect(200);
    assert_eq!(kinds(first["items"].as_array().unwrap()), ["created", "comment"]);
    let cursor = first["next_cursor"].as_str().expect("more events follow");
    let second = app.get(&format!("{path}&cursor={cursor}"), &integration).await.expect(200);
    assert_eq!(second["items"][0]["data"]["body"], "visit booked");
    assert!(second["next_cursor"].is_null());
}

#[tokio::test]
async fn search_never_rebuilds_a_masked_phone() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "13987654321").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);
    let found = |token: String, q: &'static str| {
        let app = &app;
        async move {
            let body = app.get(&format!("/api/v1/tickets?q={}", urlencode(q)), &token).await.expect(200);
            body["items"].as_array().unwrap().len()
        }
    };

    // The oracle: a prefix or a middle of the hidden digits finds nothing for department
    // staff, so the number cannot be rebuilt one digit at a time.
    for q in ["139", "1398", "13987", "139876", "9876", "87654", "13987654321", "1398765432"] {
        assert_eq!(found(c.staff.clone(), q).await, 0, "staff searching {q:?}");
    }
    // What they are shown, they may search by: the masked form, the last four digits.
    assert_eq!(found(c.staff.clone(), "139****4321").await, 1);
    assert_eq!(found(c.staff.clone(), "4321").await, 1);
    assert_eq!(found(c.staff.clone(), "139****4322").await, 0);
    assert_eq!(found(c.staff.clone(), "138****4321").await, 0);

    // The call center, which takes the call and may reveal on the record, finds the whole
    // number, exactly, and still not a prefix of it.
    assert_eq!(found(c.agent.clone(), "139 8765 4321").await, 1);
    assert_eq!(found(c.agent.clone(), "13987654321").await, 1);
    assert_eq!(found(c.agent.clone(), "1398765").await, 0);
    assert_eq!(found(c.agent.clone(), "139****4321").await, 1);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
