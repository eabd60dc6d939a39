//! Category-1 incidents (on-site clock) and hot complaints (report within one working day).

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};
use serde_json::{json, Value};

use crate::helpers::*;

fn escalated_clocks(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["kind"] == "escalated")
        .map(|e| e["data"]["clock"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_incident_at_intake_starts_a_two_hour_onsite_clock_that_escalates_when_missed() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app
        .post(
            "/api/v1/tickets",
            &c.agent,
            json!({ "channel": "phone", "kind": "complaint", "subject": "Fire in the basement",
            "incident": true, "customer": { "name": "Guard", "phone": "12500000001" } }),
        )
        .await
        .expect(201);
    assert_eq!(t["incident"], true);
    let onsite = &t["clocks"]["onsite"];
    assert_eq!(time(&onsite["due_at"]) - time(&t["created_at"]), TimeDelta::hours(2));
    assert_eq!(time(&t["clocks"]["onsite"]["due_at"]), time(&t["created_at"]) + TimeDelta::hours(2));
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);

    app.advance(TimeDelta::minutes(121));
    assert_eq!(app.sweep().await.escalated, 1);
    assert_eq!(escalated_clocks(&app.events(&t["id"], &c.agent).await), ["onsite"], "the on-site clock is escalated");
    let late = app.act(&t, "onsite", &c.staff, json!({ "note": "manager Liu arrived" })).await.expect(200);
    assert_eq!(late["clocks"]["onsite"]["state"], "met_late");
    app.act(&t, "onsite", &c.staff, json!({})).await.problem(409);
}

#[tokio::test]
async fn an_incident_flagged_later_is_met_by_a_timely_arrival() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let t = app.intake(&c.agent, "12500000002").await;
    app.act(&t, "onsite", &c.agent, json!({})).await.problem(409); // not an incident
    app.act(&t, "incident", &c.staff, json!({})).await.problem(404); // not theirs (undispatched)
    let flagged = app.act(&t, "incident", &c.agent, json!({ "note": "gas smell" })).await.expect(200);
    assert_eq!(flagged["incident"], true);
    app.act(&t, "incident", &c.agent, json!({})).await.problem(409);
    app.advance(TimeDelta::minutes(90));
    let met = app.act(&t, "onsite", &c.supervisor, json!({ "note": "on site" })).await.expect(200);
    assert_eq!(met["clocks"]["onsite"]["state"], "met");
    app.advance(TimeDelta::hours(1));
    assert_eq!(app.sweep().await.escalated, 0);
    assert!(escalated_clocks(&app.events(&t["id"], &c.agent).await).is_empty());
    assert!(kinds(&app.events(&t["id"], &c.agent).await).contains(&"onsite_arrived".to_owned()));
}

/// Moves the server clock to the next Friday, 15:00 in Beijing (07:00 UTC).
fn to_next_friday_afternoon(app: &TestApp) -> DateTime<Utc> {
    let now = Utc::now();
    let mut target = now.date_naive().and_hms_opt(7, 0, 0).unwrap().and_utc();
    while target.weekday() != chrono::Weekday::Fri || target <= now + TimeDelta::minutes(5) {
        target += TimeDelta::days(1);
    }
    app.advance(target - now);
    target
}

#[tokio::test]
async fn a_media_contact_is_hot_and_due_one_working_day_later_across_the_weekend() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let friday = to_next_friday_afternoon(&app);
    let t = app
        .post(
            "/api/v1/tickets",
            &c.agent,
            json!({ "channel": "media", "kind": "complaint", "subject": "Newspaper: lift trapped kids",
            "customer": { "name": "Reporter", "phone": "12500000003" } }),
        )
        .await
        .expect(201);
    assert_eq!(t["hot"], true);
    let due = time(&t["clocks"]["hot_report"]["due_at"]);
    let created = time(&t["created_at"]);
    assert!((created - friday).num_seconds().abs() < 60);
    assert_eq!(due.weekday(), chrono::Weekday::Mon, "Friday afternoon → Monday afternoon");
    assert_eq!((due - created).num_days(), 3);
    assert_eq!((due.hour(), due.minute()), (created.hour(), created.minute()));
    assert_eq!(kinds(&app.events(&t["id"], &c.agent).await), ["created", "flagged_hot"]);

    // Saturday: not yet due. Monday after the time: escalated.
    app.advance(TimeDelta::days(1));
    app.sweep().await;
    assert!(!escalated_clocks(&app.events(&t["id"], &c.agent).await).contains(&"hot_report".to_owned()));
    app.advance(TimeDelta::days(2) + TimeDelta::minutes(5));
    app.sweep().await;
    assert!(
        escalated_clocks(&app.events(&t["id"], &c.agent).await).contains(&"hot_report".to_owned()),
        "the hot report is escalated"
    );
    app.act(&t, "hot-report", &c.agent, json!({ "note": "to HQ" })).await.problem(403);
    let reported =
        app.act(&t, "hot-report", &c.supervisor, json!({ "note": "reported to HQ duty office" })).await.expect(200);
    assert_eq!(reported["clocks"]["hot_report"]["state"], "met_late");
    let hot = app.get("/api/v1/tickets?hot=true", &c.agent).await.expect(200);
    assert_eq!(hot["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_holiday_moves_the_hot_report_deadline() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let friday = to_next_friday_afternoon(&app);
    let monday = (friday + TimeDelta::days(3)).date_naive();
    let mut policy = app.get("/api/v1/sla-policy", &app.admin).await.expect(200);
    assert_eq!(policy["calendar"]["utc_offset"], "+08:00");
    policy["calendar"]["holidays"] = json!([monday.to_string()]);
    app.put_policy(policy).await;
    let t = app.intake(&c.agent, "12500000004").await;
    app.act(&t, "hot", &c.agent, json!({ "reason": "x" })).await.problem(403);
    let hot =
        app.act(&t, "hot", &c.supervisor, json!({ "reason": "twenty callers from one estate" })).await.expect(200);
    assert_eq!(time(&hot["clocks"]["hot_report"]["due_at"]).weekday(), chrono::Weekday::Tue);
    app.act(&t, "hot", &c.supervisor, json!({ "reason": "again" })).await.problem(409);
}

#[tokio::test]
async fn enough_complainants_make_a_ticket_hot_by_themselves() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let mut policy = app.get("/api/v1/sla-policy", &app.admin).await.expect(200);
    policy["hot_threshold"] = json!(3);
    app.put_policy(policy).await;
    let main = app.intake(&c.agent, "12500000010").await;
    for (i, phone) in ["12500000011", "12500000012"].iter().enumerate() {
        let dup = app.intake(&c.agent, phone).await;
        let merged = app.act(&dup, "merge", &c.agent, json!({ "into": main["id"] })).await.expect(200);
        assert_eq!(merged["hot"], i == 1, "hot at the third complainant");
    }
    let events = app.events(&main["id"], &c.agent).await;
    let flagged = events.iter().find(|e| e["kind"] == "flagged_hot").expect("flagged");
    assert_eq!(flagged["data"]["reason"], "complainants");
    assert_eq!(flagged["data"]["complainant_count"], 3);
}
