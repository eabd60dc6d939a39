//! The real binary: durability across `kill -9`, and several processes on one database.

use std::{sync::Arc, time::Duration};

use serde_json::{json, Value};

use crate::helpers::*;

const ONE_SECOND_P1: &str = r#"{ "response": { "P1": "PT1S", "P2": "PT30M", "P3": "PT1H", "P4": "PT2H" },
    "resolution": "PT48H", "onsite": "PT2H", "auto_close_after": "P7D" }"#;

fn escalated(events: &[Value]) -> usize {
    events.iter().filter(|e| e["kind"] == "escalated").count()
}

#[tokio::test]
async fn an_acknowledged_ticket_and_its_clocks_survive_kill_9() {
    let db = Arc::new(TestDatabase::new());
    let first = spawn_process(&db).await;
    let app = &first.app;
    let c = cast(app).await;
    app.put_policy(serde_json::from_str(ONE_SECOND_P1).unwrap()).await;
    let t = app.intake(&c.agent, "13000000001").await;
    app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
    drop(first); // SIGKILL, right after the 200s

    // Down while the window passes; the sweeper of the next process escalates.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let second = spawn_process(&db).await;
    let app = &second.app;
    let agent = c.agent.clone(); // tokens stay valid across restarts (same key)
    let back = app.ticket(&t["id"], &agent).await;
    assert_eq!(back["number"], t["number"]);
    assert_eq!(back["status"], "dispatched");
    app.eventually("the breach is escalated after the restart", || async {
        escalated(&app.events(&t["id"], &agent).await) == 1
    })
    .await;
}

#[tokio::test]
async fn two_processes_on_one_database_escalate_each_breach_once() {
    let db = Arc::new(TestDatabase::new());
    if !db.is_postgres() {
        eprintln!("two processes share a database only on PostgreSQL; set TEST_DATABASE_URL (skipped on SQLite)");
        return;
    }
    let a = spawn_process(&db).await;
    let b = spawn_process(&db).await;
    let c = cast(&a.app).await;
    a.app.put_policy(serde_json::from_str(ONE_SECOND_P1).unwrap()).await;
    let mut tickets = Vec::new();
    for i in 0..20 {
        // Alternate the processes taking the calls.
        let app = if i % 2 == 0 { &a.app } else { &b.app };
        let t = app.intake(&c.agent, &format!("1300000{i:04}")).await;
        app.act(&t, "dispatch", &c.agent, json!({ "department_id": c.dept, "urgency": "P1" })).await.expect(200);
        tickets.push(t);
    }
    for t in &tickets {
        a.app
            .eventually("every breach is escalated", || async {
                escalated(&a.app.events(&t["id"], &c.agent).await) >= 1
            })
            .await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await; // many more passes of both sweepers
    for t in &tickets {
        let events = b.app.events(&t["id"], &c.agent).await;
        assert_eq!(escalated(&events), 1, "ticket {}: {events:?}", t["number"]);
        assert_eq!(b.app.ticket(&t["id"], &c.agent).await["escalation_level"], 1);
    }
}
