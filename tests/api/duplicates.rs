use chrono::TimeDelta;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn merging_duplicates_counts_complainants_once_and_keeps_both_records() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let main = app.intake(&c.agent, "12700000001").await;
    let other_caller = app.intake(&c.agent, "12700000002").await;
    let same_caller = app.intake(&c.agent, "127 0000 0001").await;

    let merged = app.act(&other_caller, "merge", &c.agent, json!({ "into": main["id"] })).await.expect(200);
    assert_eq!(merged["id"], main["id"], "the reply is the main ticket");
    assert_eq!((merged["complainant_count"].as_i64(), merged["contact_count"].as_i64()), (Some(2), Some(2)));
    let merged = app.act(&same_caller, "merge", &c.supervisor, json!({ "into": main["id"] })).await.expect(200);
    assert_eq!((merged["complainant_count"].as_i64(), merged["contact_count"].as_i64()), (Some(2), Some(3)));

    let duplicate = app.ticket(&other_caller["id"], &c.agent).await;
    assert_eq!(duplicate["status"], "merged");
    assert_eq!(duplicate["duplicate_of"], main["id"]);
    assert!(duplicate["clocks"]["resolution"]["state"] == "stopped");
    let dup_events = app.events(&other_caller["id"], &c.agent).await;
    assert_eq!(dup_events.last().unwrap()["kind"], "merged");
    assert_eq!(dup_events.last().unwrap()["data"]["into_number"], main["number"]);
    let main_events = app.events(&main["id"], &c.agent).await;
    assert_eq!(kinds(&main_events), ["created", "merged", "merged"]);
    assert_eq!(main_events[1]["data"]["duplicate_number"], other_caller["number"]);

    // A merged duplicate's clocks never escalate.
    app.advance(TimeDelta::hours(49));
    assert_eq!(app.sweep().await.escalated, 1, "the main ticket's resolution clock, and only that");
    assert!(app.events(&main["id"], &c.agent).await.iter().any(|e| e["kind"] == "escalated"));
    assert!(!app.events(&other_caller["id"], &c.agent).await.iter().any(|e| e["kind"] == "escalated"));
}

#[tokio::test]
async fn merges_into_closed_tickets_chains_and_itself_are_refused() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let main = app.intake(&c.agent, "12700000011").await;
    let dup = app.intake(&c.agent, "12700000012").await;
    let third = app.intake(&c.agent, "12700000013").await;
    let closed = app.intake(&c.agent, "12700000014").await;
    app.act(&closed, "answer", &c.agent, json!({ "answer": "done" })).await.expect(200);
    app.act(&closed, "close", &c.agent, json!({})).await.expect(200);
    app.act(&dup, "merge", &c.agent, json!({ "into": main["id"] })).await.expect(200);

    let body = app.act(&third, "merge", &c.agent, json!({ "into": dup["id"] })).await.problem(409);
    assert_eq!(body["code"], "merge_chain", "into a duplicate");
    let body = app.act(&main, "merge", &c.agent, json!({ "into": third["id"] })).await.problem(409);
    assert_eq!(body["code"], "merge_chain", "a main ticket with duplicates");
    let body = app.act(&third, "merge", &c.agent, json!({ "into": closed["id"] })).await.problem(409);
    assert_eq!(body["code"], "merge_closed");
    let body = app.act(&closed, "merge", &c.agent, json!({ "into": main["id"] })).await.problem(409);
    assert_eq!(body["code"], "invalid_transition");
    app.act(&dup, "merge", &c.agent, json!({ "into": main["id"] })).await.problem(409);
    app.act(&third, "merge", &c.agent, json!({ "into": third["id"] })).await.problem(422);
    app.act(&third, "merge", &c.agent, json!({ "into": uuid::Uuid::new_v4() })).await.problem(422);
    app.act(&third, "merge", &c.staff, json!({ "into": main["id"] })).await.problem(404);
    let (_, integration) = app.user("integration", None).await;
    app.act(&third, "merge", &integration, json!({ "into": main["id"] })).await.problem(403);

    // Nothing of that moved the counts.
    let main = app.ticket(&main["id"], &c.agent).await;
    assert_eq!((main["complainant_count"].as_i64(), main["contact_count"].as_i64()), (Some(2), Some(2)));
    assert_eq!(app.ticket(&third["id"], &c.agent).await["status"], "new");
}

#[tokio::test]
async fn the_same_callers_open_tickets_are_offered_as_duplicates() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let first = app.intake(&c.agent, "12700000021").await;
    let done = app.intake(&c.agent, "12700000021").await;
    app.act(&done, "answer", &c.agent, json!({ "answer": "ok" })).await.expect(200);
    app.act(&done, "close", &c.agent, json!({})).await.expect(200);
    // Another caller from the same estate with the same words: the same matter.
    let neighbour = app.intake(&c.agent, "12700000022").await;
    let latest = app.intake(&c.agent, "12700000021").await;
    let path = format!("/api/v1/tickets/{}/duplicates", latest["id"].as_str().unwrap());
    let list = app.get(&path, &c.agent).await.expect(200);
    let ids: Vec<_> = list.as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    assert_eq!(
        ids,
        [first["id"].clone(), neighbour["id"].clone()],
        "the caller's open tickets (not closed ones) first, then the same matter from the same site"
    );
    app.get(&path, &c.staff).await.problem(403);
}

#[tokio::test]
async fn similar_complaints_from_the_same_site_are_offered_as_duplicates() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let intake = |phone: &'static str, unit: &'static str, subject: &'static str| {
        let (app, agent) = (&app, c.agent.clone());
        async move {
            app.post(
                "/api/v1/tickets",
                &agent,
                json!({ "channel": "phone", "kind": "complaint", "subject": subject,
                "customer": { "name": "Resident", "phone": phone, "unit": unit } }),
            )
            .await
            .expect(201)
        }
    };
    let first = intake("12700000031", "阳光花园", "3号楼电梯故障，困人").await;
    intake("12700000032", "阳光花园", "小区停水").await; // same site, another matter
    intake("12700000033", "翠湖苑", "3号楼电梯故障").await; // same matter, another site
    let latest = intake("12700000034", "阳光花园", "3号楼电梯又故障了").await;
    let list =
        app.get(&format!("/api/v1/tickets/{}/duplicates", latest["id"].as_str().unwrap()), &c.agent).await.expect(200);
    let ids: Vec<_> = list.as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    assert_eq!(ids, [first["id"].clone()]);
}

#[tokio::test]
async fn two_opposite_merges_at_once_end_with_one_merge_and_one_refusal() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    for i in 0..8 {
        let a = app.intake(&c.agent, &format!("127000010{i}1")).await;
        let b = app.intake(&c.agent, &format!("127000010{i}2")).await;
        let (ab, ba) = tokio::join!(
            app.act(&a, "merge", &c.agent, json!({ "into": b["id"] })),
            app.act(&b, "merge", &c.supervisor, json!({ "into": a["id"] })),
        );
        let mut statuses = [ab.status.as_u16(), ba.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "pair {i}: {} / {}", ab.body, ba.body);
        let (a, b) = (app.ticket(&a["id"], &c.agent).await, app.ticket(&b["id"], &c.agent).await);
        assert_eq!([&a["status"], &b["status"]].iter().filter(|s| **s == "merged").count(), 1);
    }
}
