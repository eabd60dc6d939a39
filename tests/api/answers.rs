use chrono::{TimeDelta, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

/// Issues an answer as `token` for `dept`; `extra` adds or overrides fields.
async fn issue(app: &TestApp, token: &str, dept: &str, title: &str, body: &str, extra: Value) -> Value {
    let mut req = json!({ "title": title, "body": body, "department_id": dept });
    if let (Some(req), Some(extra)) = (req.as_object_mut(), extra.as_object()) {
        req.extend(extra.clone());
    }
    app.post("/api/v1/answers", token, req).await.expect(201)
}

fn path_with(path: &str, app: &TestApp, params: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params(&app.url(path), params).unwrap();
    format!("{}?{}", url.path(), url.query().unwrap_or(""))
}

/// The answers a query offers, as (title, matched_terms), best first.
async fn search(app: &TestApp, token: &str, params: &[(&str, &str)]) -> Vec<(String, Value)> {
    let body = app.get(&path_with("/api/v1/answers", app, params), token).await.expect(200);
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["title"].as_str().unwrap().to_owned(), a["matched_terms"].clone()))
        .collect()
}

fn titles(found: &[(String, Value)]) -> Vec<&str> {
    found.iter().map(|(t, _)| t.as_str()).collect()
}

async fn patch(app: &TestApp, token: &str, answer: &Value, body: Value) -> Reply {
    app.send(Method::PATCH, &format!("/api/v1/answers/{}", answer["id"].as_str().unwrap()), Some(token), Some(body))
        .await
}

async fn answer_of(app: &TestApp, token: &str, answer: &Value) -> Value {
    app.get(&format!("/api/v1/answers/{}", answer["id"].as_str().unwrap()), token).await.expect(200)
}

#[tokio::test]
async fn chinese_search_finds_words_inside_sentences_and_ranks_the_closest_first() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    issue(
        &app,
        &c.supervisor,
        &c.dept,
        "3号楼电梯停运",
        "3号楼电梯故障，维修单位已到场，预计今晚20点前恢复。",
        json!({}),
    )
    .await;
    issue(&app, &c.supervisor, &c.dept, "电梯年检安排", "全小区电梯本周进行年度检验。", json!({ "topic": "电梯" }))
        .await;
    issue(&app, &c.supervisor, &c.dept, "5号楼停水通知", "5号楼明天上午停水检修管道。", json!({})).await;

    let found = search(&app, &c.agent, &[("q", "电梯")]).await;
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(!titles(&found).contains(&"5号楼停水通知"));

    let found = search(&app, &c.agent, &[("q", "电梯故障")]).await;
    assert_eq!(found[0], ("3号楼电梯停运".to_owned(), json!(3)), "all three bigrams match: {found:?}");
    assert_eq!(titles(&found), ["3号楼电梯停运", "电梯年检安排"]);

    let found = search(&app, &c.agent, &[("q", "梯")]).await;
    assert_eq!(found.len(), 2, "one character finds both elevator answers: {found:?}");
    assert_eq!(titles(&search(&app, &c.agent, &[("q", "停水")]).await), ["5号楼停水通知"]);
    assert!(search(&app, &c.agent, &[("q", "燃气")]).await.is_empty());
    assert!(search(&app, &c.agent, &[("q", "！？")]).await.is_empty(), "punctuation matches nothing");
}

#[tokio::test]
async fn english_and_mixed_search_rank_by_matched_terms() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    issue(&app, &c.supervisor, &c.dept, "Elevator maintenance schedule", "Lifts are serviced on Mondays.", json!({}))
        .await;
    issue(&app, &c.supervisor, &c.dept, "Elevator outage", "Broken since noon; engineers are on site.", json!({}))
        .await;
    issue(&app, &c.supervisor, &c.dept, "Water outage notice", "No water on Tuesday morning.", json!({})).await;
    issue(&app, &c.supervisor, &c.dept, "3号楼 Elevator repair", "3号楼电梯维修中", json!({ "unit": "Garden Estate" }))
        .await;

    let found = search(&app, &c.agent, &[("q", "ELEVATOR")]).await;
    assert_eq!(found.len(), 3, "{found:?}");
    let found = search(&app, &c.agent, &[("q", "elevator schedule")]).await;
    assert_eq!(found[0], ("Elevator maintenance schedule".to_owned(), json!(2)));
    let found = search(&app, &c.agent, &[("q", "outage")]).await;
    assert_eq!(found.len(), 2);
    let found = search(&app, &c.agent, &[("q", "3号楼 elevator 维修")]).await;
    assert_eq!(found[0].0, "3号楼 Elevator repair", "{found:?}");
    // The last word also matches as a prefix: it may be still being typed.
    assert_eq!(search(&app, &c.agent, &[("q", "elev")]).await.len(), 3);
    assert_eq!(
        titles(&search(&app, &c.agent, &[("q", "water out")]).await),
        ["Water outage notice", "Elevator outage"]
    );
    assert!(search(&app, &c.agent, &[("q", "e")]).await.is_empty(), "one letter is no prefix");
    assert!(search(&app, &c.agent, &[("q", "e%_")]).await.is_empty(), "no wildcards reach the database");
    // The unit is searchable, and filters exactly.
    assert_eq!(titles(&search(&app, &c.agent, &[("q", "garden")]).await), ["3号楼 Elevator repair"]);
    assert_eq!(titles(&search(&app, &c.agent, &[("unit", "Garden Estate")]).await), ["3号楼 Elevator repair"]);

    // Ranked results page with a cursor, without repeats.
    let first = app.get(&path_with("/api/v1/answers", &app, &[("q", "elevator"), ("limit", "2")]), &c.agent).await;
    let first = first.expect(200);
    let cursor = first["next_cursor"].as_str().expect("a second page").to_owned();
    let second = app
        .get(&path_with("/api/v1/answers", &app, &[("q", "elevator"), ("limit", "2"), ("cursor", &cursor)]), &c.agent)
        .await
        .expect(200);
    let mut ids: Vec<Value> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(ids.len(), 3);
    ids.dedup();
    assert_eq!(ids.len(), 3);
    assert!(second["next_cursor"].is_null());

    // Without q: newest first.
    let all = search(&app, &c.agent, &[]).await;
    assert_eq!(all[0].0, "3号楼 Elevator repair");
    assert!(all[0].1.is_null(), "no ranking without a query");
}

#[tokio::test]
async fn expired_withdrawn_and_future_answers_are_not_offered() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let now = Utc::now();
    let until = (now + TimeDelta::days(1)).to_rfc3339();
    let from = (now + TimeDelta::days(2)).to_rfc3339();
    issue(&app, &c.supervisor, &c.dept, "停电 until tomorrow", "今晚停电", json!({ "valid_until": until })).await;
    issue(&app, &c.supervisor, &c.dept, "停电 from next week", "下周停电", json!({ "valid_from": from })).await;
    let withdrawn = issue(&app, &c.supervisor, &c.dept, "停电 withdrawn", "停电取消", json!({})).await;
    let withdrawn = patch(&app, &c.supervisor, &withdrawn, json!({ "active": false })).await.expect(200);
    assert_eq!((withdrawn["active"].clone(), withdrawn["in_effect"].clone()), (json!(false), json!(false)));

    assert_eq!(titles(&search(&app, &c.agent, &[("q", "停电")]).await), ["停电 until tomorrow"]);
    assert_eq!(titles(&search(&app, &c.agent, &[]).await), ["停电 until tomorrow"]);
    let everything = search(&app, &c.agent, &[("q", "停电"), ("include_expired", "true")]).await;
    assert_eq!(everything.len(), 3);

    app.advance(TimeDelta::days(3));
    assert_eq!(titles(&search(&app, &c.agent, &[("q", "停电")]).await), ["停电 from next week"]);
    let body = app.get("/api/v1/answers?include_expired=true", &c.agent).await.expect(200);
    let in_effect: Vec<_> = body["items"].as_array().unwrap().iter().map(|a| a["in_effect"].clone()).collect();
    assert_eq!(in_effect.iter().filter(|v| **v == json!(true)).count(), 1);

    // Reinstated, it is offered again.
    patch(&app, &c.supervisor, &withdrawn, json!({ "active": true })).await.expect(200);
    assert_eq!(search(&app, &c.agent, &[("q", "停电")]).await.len(), 2);
}

#[tokio::test]
async fn department_staff_write_only_their_departments_answers_and_agents_none() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let other = app.department("Security").await;
    let (_, other_staff) = app.user("dept_staff", Some(&other)).await;

    let own = issue(&app, &c.staff, &c.dept, "Repairs hotline hours", "8:00–20:00 every day", json!({})).await;
    assert_eq!(own["department_name"], "Property Repairs");
    let body = json!({ "title": "t", "body": "b", "department_id": other });
    app.post("/api/v1/answers", &c.staff, body.clone()).await.problem(403);
    app.post("/api/v1/answers", &c.agent, body.clone()).await.problem(403);
    app.post("/api/v1/answers", &c.agent, json!({})).await.problem(403); // the role first, then the body
    app.post("/api/v1/answers", &other_staff, body).await.expect(201);

    patch(&app, &other_staff, &own, json!({ "title": "mine now" })).await.problem(403);
    patch(&app, &c.agent, &own, json!({ "active": false })).await.problem(403);
    patch(&app, &c.staff, &own, json!({ "department_id": other })).await.problem(403);
    let edited = patch(&app, &c.staff, &own, json!({ "body": "8:00–22:00 every day", "topic": "hours" })).await;
    assert_eq!(edited.expect(200)["topic"], "hours");
    assert_eq!(titles(&search(&app, &c.agent, &[("q", "22")]).await), ["Repairs hotline hours"], "re-indexed");
    let cleared = patch(&app, &c.supervisor, &own, json!({ "topic": null, "department_id": other })).await.expect(200);
    assert!(cleared["topic"].is_null());
    assert_eq!(cleared["department_id"].as_str(), Some(other.as_str()));

    // Everyone signed in reads the library.
    assert_eq!(answer_of(&app, &c.agent, &own).await["title"], "Repairs hotline hours");
    assert_eq!(search(&app, &c.agent, &[("department_id", &other)]).await.len(), 2, "filtered by issuing department");
    app.send(Method::GET, "/api/v1/answers", None, None).await.problem(401);
}

#[tokio::test]
async fn bad_answers_are_refused_with_the_field_named() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let now = Utc::now();
    let bad = |body: Value| app.post("/api/v1/answers", &c.supervisor, body);
    let base = |extra: Value| {
        let mut b = json!({ "title": "t", "body": "b", "department_id": c.dept });
        b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        b
    };
    let e =
        bad(base(json!({ "valid_from": now.to_rfc3339(), "valid_until": (now - TimeDelta::hours(1)).to_rfc3339() })))
            .await
            .problem(422);
    assert!(e["errors"]["valid_until"].is_array(), "{e}");
    assert!(bad(base(json!({ "title": "   " }))).await.problem(422)["errors"]["title"].is_array());
    let e = bad(base(json!({ "department_id": uuid::Uuid::now_v7() }))).await.problem(422);
    assert!(e["errors"]["department_id"].is_array(), "{e}");
    let e = app.get("/api/v1/answers?cursor=bm9wZQ", &c.agent).await.problem(422);
    assert!(e["errors"]["cursor"].is_array(), "{e}");
}

#[tokio::test]
async fn answering_a_ticket_with_a_unified_answer_counts_its_use_and_shows_in_the_report() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let start = Utc::now() - TimeDelta::minutes(1);
    let answer = issue(&app, &c.staff, &c.dept, "3号楼电梯停运", "维修单位已到场，预计今晚恢复。", json!({})).await;
    let other = issue(&app, &c.staff, &c.dept, "停水通知", "明天上午停水。", json!({})).await;

    let t1 = app.intake(&c.agent, "13800000001").await;
    let done = app.act(&t1, "answer", &c.agent, json!({ "answer_id": answer["id"] })).await.expect(200);
    assert_eq!(done["status"], "resolved");
    assert_eq!(done["resolution"], "维修单位已到场，预计今晚恢复。", "the answer's text by default");
    let answered = app.events(&t1["id"], &c.agent).await.into_iter().find(|e| e["kind"] == "answered").unwrap();
    assert_eq!(answered["data"]["answer_id"], answer["id"]);

    let t2 = app.intake(&c.agent, "13800000002").await;
    let body = json!({ "answer_id": answer["id"], "answer": "Told them: tonight." });
    let done = app.act(&t2, "answer", &c.agent, body).await.expect(200);
    assert_eq!(done["resolution"], "Told them: tonight.");
    let t3 = app.intake(&c.agent, "13800000003").await;
    app.act(&t3, "answer", &c.agent, json!({ "answer_id": other["id"] })).await.expect(200);
    assert_eq!(answer_of(&app, &c.agent, &answer).await["use_count"], 2);
    assert_eq!(search(&app, &c.agent, &[("q", "电梯")]).await.len(), 1);

    let period = |from: chrono::DateTime<Utc>, to: chrono::DateTime<Utc>| {
        path_with("/api/v1/reports/answers", &app, &[("from", &from.to_rfc3339()), ("to", &to.to_rfc3339())])
    };
    let this_period = period(start, Utc::now() + TimeDelta::hours(1));
    app.get(&this_period, &c.agent).await.problem(403);
    app.get(&this_period, &c.staff).await.problem(403);
    let report = app.get(&this_period, &c.supervisor).await.expect(200);
    assert_eq!(report["total_uses"], 3);
    assert_eq!(report["top"][0]["answer_id"], answer["id"]);
    assert_eq!(report["top"][0]["uses"], 2);
    assert_eq!(report["top"][0]["department_name"], "Property Repairs");
    assert_eq!(report["top"][1]["uses"], 1);

    let earlier = app.get(&period(start - TimeDelta::days(2), start), &c.supervisor).await.expect(200);
    assert_eq!((earlier["total_uses"].clone(), earlier["top"].clone()), (json!(0), json!([])));
}

#[tokio::test]
async fn citing_an_unknown_withdrawn_or_expired_answer_is_422_and_changes_nothing() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let until = (Utc::now() + TimeDelta::hours(1)).to_rfc3339();
    let expiring = issue(&app, &c.staff, &c.dept, "Expiring", "soon gone", json!({ "valid_until": until })).await;
    let withdrawn = issue(&app, &c.staff, &c.dept, "Withdrawn", "gone", json!({})).await;
    patch(&app, &c.staff, &withdrawn, json!({ "active": false })).await.expect(200);
    let t = app.intake(&c.agent, "13800000009").await;

    let e = app.act(&t, "answer", &c.agent, json!({ "answer_id": uuid::Uuid::now_v7() })).await.problem(422);
    assert!(e["errors"]["answer_id"].is_array(), "{e}");
    let e = app.act(&t, "answer", &c.agent, json!({ "answer_id": withdrawn["id"], "answer": "x" })).await.problem(422);
    assert!(e["errors"]["answer_id"].is_array(), "{e}");
    app.advance(TimeDelta::hours(2));
    let e = app.act(&t, "answer", &c.agent, json!({ "answer_id": expiring["id"] })).await.problem(422);
    assert!(e["errors"]["answer_id"].is_array(), "{e}");
    let e = app.act(&t, "answer", &c.agent, json!({})).await.problem(422);
    assert!(e["errors"]["answer"].is_array(), "neither text nor answer: {e}");

    assert_eq!(app.ticket(&t["id"], &c.agent).await["status"], "new");
    assert_eq!(kinds(&app.events(&t["id"], &c.agent).await), ["created"]);
    for a in [&expiring, &withdrawn] {
        assert_eq!(answer_of(&app, &c.agent, a).await["use_count"], 0);
    }
    let report = app.get("/api/v1/reports/answers", &c.supervisor).await.expect(200);
    assert_eq!(report["total_uses"], 0);
}
