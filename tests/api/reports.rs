use chrono::TimeDelta;
use serde_json::{json, Value};

use crate::helpers::*;

async fn escalated(app: &TestApp, t: &Value, token: &str) -> bool {
    app.events(&t["id"], token).await.iter().any(|e| e["kind"] == "escalated")
}

#[tokio::test]
async fn the_summary_counts_known_outcomes() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let start = chrono::Utc::now() - TimeDelta::minutes(1);
    let dispatch = |t: Value, tier: &'static str| {
        let (app, agent, dept) = (&app, c.agent.clone(), c.dept.clone());
        async move {
            app.act(&t, "dispatch", &agent, json!({ "department_id": dept, "urgency": tier })).await.expect(200);
            t
        }
    };
    let t1 = dispatch(app.intake(&c.agent, "12900000001").await, "P1").await;
    let t2 = dispatch(app.intake(&c.agent, "12900000002").await, "P1").await;
    let t3 = dispatch(app.intake(&c.agent, "12900000003").await, "P2").await;

    app.advance(TimeDelta::minutes(5));
    app.act(&t1, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t1, "contact", &c.staff, json!({})).await.expect(200); // P1 on time

    app.advance(TimeDelta::minutes(15));
    app.sweep().await;
    assert!(escalated(&app, &t2, &c.agent).await, "t2's response is escalated");
    app.act(&t2, "accept", &c.staff, json!({})).await.expect(200);
    app.act(&t2, "contact", &c.staff, json!({})).await.expect(200); // P1 late
    let _t4 = dispatch(app.intake(&c.agent, "12900000004").await, "P4").await; // runs 2 hours

    app.advance(TimeDelta::minutes(15));
    app.sweep().await;
    assert!(escalated(&app, &t3, &c.agent).await, "t3's response is escalated"); // P2 open, breached

    for t in [&t1, &t2] {
        app.act(t, "resolve", &c.staff, json!({ "resolution": "fixed", "root_cause": "wear" })).await.expect(200);
    }
    app.act(&t1, "callback", &c.agent, json!({ "reached": true, "satisfaction": "satisfied" })).await.expect(200);
    app.act(&t2, "callback", &c.agent, json!({ "reached": true, "satisfaction": "dissatisfied" })).await.expect(200);
    app.act(&t2, "callback", &c.agent, json!({ "reached": false })).await.problem(409); // reopened now
    let t5 = app.intake(&c.agent, "12900000005").await;
    app.act(&t5, "answer", &c.agent, json!({ "answer": "explained" })).await.expect(200);
    app.act(&t5, "callback", &c.agent, json!({ "reached": false })).await.expect(200); // not counted
    app.act(&t5, "callback", &c.agent, json!({ "reached": true, "satisfaction": "satisfied" })).await.expect(200);

    let to = chrono::Utc::now() + TimeDelta::days(1);
    let url = reqwest::Url::parse_with_params(
        &app.url("/api/v1/reports/summary"),
        &[("from", start.to_rfc3339()), ("to", to.to_rfc3339())],
    )
    .unwrap();
    let path = format!("{}?{}", url.path(), url.query().unwrap());
    app.get(&path, &c.agent).await.problem(403);
    let r = app.get(&path, &c.supervisor).await.expect(200);

    let tier = |u: &str| r["response_by_tier"].as_array().unwrap().iter().find(|x| x["urgency"] == u).unwrap().clone();
    let p1 = tier("P1");
    assert_eq!(
        (p1["dispatched"].as_i64(), p1["met_on_time"].as_i64(), p1["met_late"].as_i64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(p1["compliance_rate"], 0.5);
    let p2 = tier("P2");
    assert_eq!((p2["open_breached"].as_i64(), p2["compliance_rate"].as_f64()), (Some(1), Some(0.0)));
    let p4 = tier("P4");
    assert_eq!(p4["open_on_time"], 1);
    assert!(p4["compliance_rate"].is_null(), "nothing decided yet");
    assert_eq!(tier("P3")["dispatched"], 0);

    let dept = &r["response_by_department"][0];
    assert_eq!(dept["department_name"], "Property Repairs");
    assert_eq!(dept["dispatched"], 4);
    assert!((dept["compliance_rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);

    assert_eq!(r["satisfaction"]["callbacks"], 3);
    assert_eq!(r["satisfaction"]["satisfied"], 2);
    assert_eq!(r["satisfaction"]["meets_target"], false);
    assert_eq!(r["satisfaction"]["target"], 0.9);
    let by_dept = r["satisfaction_by_department"].as_array().unwrap();
    let call_center = by_dept.iter().find(|d| d["department_id"].is_null()).unwrap();
    assert_eq!((call_center["callbacks"].as_i64(), call_center["satisfied"].as_i64()), (Some(1), Some(1)));

    // t1 and t5 resolved on time; t2 was reopened, t3 and t4 still run.
    assert_eq!(r["resolution"]["total"], 5);
    assert_eq!(r["resolution"]["on_time"], 2);
    assert_eq!(r["resolution"]["open_on_time"], 3);
    assert_eq!(r["resolution"]["rate_48h"], 1.0);
    let by_dept = r["resolution_by_department"].as_array().unwrap();
    let repairs = by_dept.iter().find(|d| d["department_name"] == "Property Repairs").unwrap();
    let own = by_dept.iter().find(|d| d["department_id"].is_null()).unwrap();
    assert_eq!((repairs["total"].as_i64(), repairs["on_time"].as_i64()), (Some(4), Some(1)));
    assert_eq!((own["total"].as_i64(), own["on_time"].as_i64()), (Some(1), Some(1)), "answered at intake");
    assert_eq!(r["escalations"], 2);
    assert_eq!(r["contacts"], json!([{ "channel": "phone", "kind": "complaint", "count": 5 }]));

    let bad = format!("/api/v1/reports/summary?from={}&to={}", "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z");
    app.get(&bad, &c.supervisor).await.problem(422);
    app.get("/api/v1/reports/summary?from=yesterday", &c.supervisor).await.problem(400);
}

#[tokio::test]
async fn the_summary_counts_extensions_causes_and_flags_and_exports_csv() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let start = chrono::Utc::now() - TimeDelta::minutes(1);
    let cat = app.post("/api/v1/root-causes", &app.admin, json!({ "name": "Plumbing" })).await.expect(201);
    let pipe = app
        .post("/api/v1/root-causes", &app.admin, json!({ "name": "Corroded pipe", "parent_id": cat["id"] }))
        .await
        .expect(201);

    // One complaint: extension approved, resolved with a cause.
    let t = app.intake(&c.agent, "12900000101").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);
    app.act(&t, "accept", &c.staff, json!({})).await.expect(200);
    let ext = app
        .act(&t, "extensions", &c.staff, json!({ "new_due_at": time(&t["resolution_due_at"]) + TimeDelta::days(1), "reason": "parts", "customer_agreed": true }))
        .await
        .expect(201);
    app.act(&t, &format!("extensions/{}/approve", ext["id"].as_str().unwrap()), &c.agent, json!({})).await.expect(200);
    app.act(&t, "contact", &c.staff, json!({})).await.expect(200);
    app.act(&t, "resolve", &c.staff, json!({ "resolution": "replaced", "root_cause_id": pipe["id"] }))
        .await
        .expect(200);
    // A hot complaint reported in time; an incident not yet attended.
    let hot = app
        .post(
            "/api/v1/tickets",
            &c.agent,
            json!({ "channel": "online_forum", "kind": "complaint", "subject": "Forum thread",
            "customer": { "name": "Netizen", "phone": "12900000102" } }),
        )
        .await
        .expect(201);
    app.act(&hot, "hot-report", &c.supervisor, json!({ "note": "reported" })).await.expect(200);
    app.post(
        "/api/v1/tickets",
        &c.agent,
        json!({ "channel": "phone", "kind": "complaint", "subject": "Explosion",
        "incident": true, "customer": { "name": "Guard", "phone": "12900000103" } }),
    )
    .await
    .expect(201);

    let to = chrono::Utc::now() + TimeDelta::hours(1);
    let url = reqwest::Url::parse_with_params(
        &app.url("/api/v1/reports/summary"),
        &[("from", start.to_rfc3339()), ("to", to.to_rfc3339())],
    )
    .unwrap();
    let query = url.query().unwrap().to_owned();
    let r = app.get(&format!("/api/v1/reports/summary?{query}"), &c.supervisor).await.expect(200);
    assert_eq!(r["extensions"], json!({ "requested": 1, "approved": 1, "rejected": 0 }));
    assert_eq!(
        r["top_root_causes"],
        json!([{ "root_cause_id": pipe["id"], "name": "Plumbing / Corroded pipe", "count": 1 }])
    );
    assert_eq!(
        (r["hot_complaints"]["flagged"].as_i64(), r["hot_complaints"]["met_on_time"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!((r["incidents"]["flagged"].as_i64(), r["incidents"]["open_on_time"].as_i64()), (Some(1), Some(1)));

    let resp = app
        .client
        .get(app.url(&format!("/api/v1/reports/summary.csv?{query}")))
        .bearer_auth(&c.supervisor)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = resp.text().await.unwrap();
    assert!(csv.starts_with("section,key,metric,value\n"), "{csv}");
    assert!(csv.contains("top_root_causes,Plumbing / Corroded pipe,count,1\n"), "{csv}");
    assert!(csv.contains("extensions,,approved,1\n"), "{csv}");
    assert!(csv.contains("response_by_tier,P3,met_on_time,1\n"), "{csv}");
    app.get(&format!("/api/v1/reports/summary.csv?{query}"), &c.agent).await.problem(403);
}

fn summary_path(app: &TestApp, path: &str, params: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params(&app.url(path), params).unwrap();
    format!("{}?{}", url.path(), url.query().unwrap())
}

#[tokio::test]
async fn the_summary_is_kept_per_department_and_events_stay_with_the_department_they_happened_in() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let gardens = app.department("Gardens").await;
    let (_, gardener) = app.user("dept_staff", Some(&gardens)).await;
    let start = chrono::Utc::now() - TimeDelta::minutes(1);

    // A P1 escalated with Repairs, returned, then sent to Gardens: the escalation stays
    // Repairs' while the ticket now counts for Gardens.
    let moved = app.intake(&c.agent, "12900000201").await;
    app.act(&moved, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    app.advance(TimeDelta::minutes(16));
    app.sweep().await;
    assert!(escalated(&app, &moved, &c.agent).await, "the P1 is escalated");
    app.act(&moved, "return", &c.staff, json!({ "reason": "Gardens' lawn" })).await.expect(200);
    app.act(&moved, "dispatch", &c.agent, json!({ "department_id": gardens, "urgency": "P4" })).await.expect(200);
    // Repairs keeps one ticket of its own and is urged about it, then given a supervision order.
    let kept = app
        .post(
            "/api/v1/tickets",
            &c.agent,
            json!({ "channel": "email", "kind": "repair", "subject": "Lift stuck",
                    "customer": { "name": "Ms Li", "phone": "12900000202" } }),
        )
        .await
        .expect(201);
    app.act(&kept, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P3" })).await.expect(200);
    app.act(&kept, "urge", &c.supervisor, json!({ "note": "please call" })).await.expect(200);
    let due = chrono::Utc::now() + TimeDelta::hours(30);
    app.act(&kept, "urge", &c.supervisor, json!({ "note": "by tomorrow", "due_at": due })).await.expect(200);
    // A unified answer of Gardens' is cited at intake.
    let answer = app
        .post(
            "/api/v1/answers",
            &c.supervisor,
            json!({ "title": "Mowing days", "body": "Tuesdays", "department_id": gardens }),
        )
        .await
        .expect(201);
    let asked = app.intake(&c.agent, "12900000203").await;
    app.act(&asked, "answer", &c.agent, json!({ "answer_id": answer["id"] })).await.expect(200);

    let to = (chrono::Utc::now() + TimeDelta::days(1)).to_rfc3339();
    let from = start.to_rfc3339();
    let period = [("from", from.as_str()), ("to", to.as_str())];
    let all = app.get(&summary_path(&app, "/api/v1/reports/summary", &period), &c.supervisor).await.expect(200);
    assert!(all["department_id"].is_null());
    assert_eq!(all["escalations"], 1);
    assert_eq!(
        all["escalations_by_department"],
        json!([{ "department_id": c.dept, "department_name": "Property Repairs", "count": 1 }])
    );
    assert_eq!((all["urges"].as_i64(), all["supervision_orders"].as_i64()), (Some(1), Some(1)));
    assert_eq!(all["top_answers"][0]["title"], "Mowing days");
    assert_eq!(all["top_answers"][0]["uses"], 1);

    let of = |dept: &str| {
        let mut p = period.to_vec();
        p.push(("department_id", dept));
        summary_path(&app, "/api/v1/reports/summary", &p)
    };
    let repairs = app.get(&of(&c.dept), &c.supervisor).await.expect(200);
    assert_eq!(repairs["department_name"], "Property Repairs");
    assert_eq!(repairs["contacts"], json!([{ "channel": "email", "kind": "repair", "count": 1 }]));
    assert_eq!(repairs["escalations"], 1, "escalated while with Repairs");
    assert_eq!((repairs["urges"].as_i64(), repairs["supervision_orders"].as_i64()), (Some(1), Some(1)));
    assert_eq!(repairs["resolution"]["total"], 1);
    assert_eq!(repairs["top_answers"], json!([]), "Repairs issued no answer");
    let p1 = &repairs["response_by_tier"][0];
    assert_eq!(
        (p1["urgency"].as_str(), p1["dispatched"].as_i64()),
        (Some("P1"), Some(0)),
        "that dispatch was returned"
    );

    let garden = app.get(&of(&gardens), &c.supervisor).await.expect(200);
    assert_eq!(garden["contacts"], json!([{ "channel": "phone", "kind": "complaint", "count": 1 }]));
    assert_eq!(garden["escalations"], 0);
    assert_eq!(garden["urges"], 0);
    assert_eq!(garden["top_answers"][0]["title"], "Mowing days");
    assert_eq!(garden["response_by_tier"][3]["open_on_time"], 1);

    // Department staff see their own department's figures, and only those.
    let own = app.get(&summary_path(&app, "/api/v1/reports/summary", &period), &gardener).await.expect(200);
    assert_eq!(own["department_name"], "Gardens");
    assert_eq!(own["contacts"], garden["contacts"]);
    app.get(&of(&c.dept), &gardener).await.problem(403);
    app.get(&of(&uuid::Uuid::new_v4().to_string()), &c.supervisor).await.problem(404);
    let csv = app
        .client
        .get(app.url(&summary_path(&app, "/api/v1/reports/summary.csv", &period)))
        .bearer_auth(&c.staff)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("period,,department,Property Repairs\n"), "{csv}");
    assert!(csv.contains("escalations_by_department,Property Repairs,count,1\n"), "{csv}");
    assert!(csv.contains("supervision_orders,,issued,1\n"), "{csv}");
    assert!(!csv.contains("Mowing days"), "{csv}");
}
