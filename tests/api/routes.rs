//! Routes are declared once (`http::routes`): what the document lists is what is served,
//! a known path asked with another method says which methods it takes, and everything else
//! is a 404 under `/api` or the console.

use reqwest::{header, Method};
use serde_json::Value;

use crate::helpers::*;

const METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "PATCH"];

/// A concrete path for a template: every `{param}` becomes the nil UUID.
fn concrete(template: &str) -> String {
    let mut path = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').unwrap();
        path.push_str(&rest[..open]);
        path.push_str("00000000-0000-0000-0000-000000000000");
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    path
}

#[tokio::test]
async fn every_documented_route_is_served_and_other_methods_are_405_with_allow() {
    let app = spawn_app().await;
    let doc: Value = app.client.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 50, "{} paths", paths.len());
    for (template, item) in paths {
        let path = concrete(template);
        let documented: Vec<&str> = METHODS.into_iter().filter(|m| item.get(m.to_lowercase()).is_some()).collect();
        assert!(!documented.is_empty(), "{template}");
        for method in METHODS {
            let res = app.client.request(Method::from_bytes(method.as_bytes()).unwrap(), app.url(&path)).send().await;
            let res = res.unwrap();
            let allow = res.headers().get(header::ALLOW).map(|v| v.to_str().unwrap().to_owned());
            let reply = into_reply(res).await;
            let what = format!("{method} {template}");
            if documented.contains(&method) {
                // Routed to its handler, which answers as it will (mostly 401 here), never
                // with a fallback's 405 or "this API path was not found".
                assert_ne!(reply.status, 405, "{what}: {}", reply.body);
                let fallback = reply.body["detail"].as_str().is_some_and(|d| d.contains("this API path"));
                assert!(!fallback, "{what} is documented but not routed");
            } else {
                assert_eq!(reply.status, 405, "{what}: {}", reply.body);
                assert_eq!(reply.content_type, "application/problem+json", "{what}");
                assert_eq!(reply.body["code"], "method_not_allowed", "{what}");
                assert_eq!(allow.as_deref(), Some(documented.join(", ").as_str()), "{what}");
            }
        }
    }
}

#[tokio::test]
async fn the_allow_header_lists_each_path_s_methods() {
    let app = spawn_app().await;
    let allow = |method: Method, path: &'static str| {
        let req = app.client.request(method, app.url(path));
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 405, "{path}");
            res.headers()[header::ALLOW].to_str().unwrap().to_owned()
        }
    };
    assert_eq!(allow(Method::DELETE, "/api/v1/tickets").await, "GET, POST");
    assert_eq!(allow(Method::HEAD, "/api/v1/answers/00000000-0000-0000-0000-000000000000").await, "GET, PATCH");
    assert_eq!(allow(Method::GET, "/api/v1/tickets/00000000-0000-0000-0000-000000000000/dispatch").await, "POST");
    assert_eq!(allow(Method::PATCH, "/api/v1/sla-policy").await, "GET, PUT");
    assert_eq!(allow(Method::POST, "/healthz").await, "GET");
}

#[tokio::test]
async fn unknown_paths_are_404_under_the_api_and_the_console_elsewhere() {
    let app = spawn_app().await;
    for path in
        ["/api/v1/no-such-thing", "/api/v1/tickets/00000000-0000-0000-0000-000000000000/nope", "/api/nope", "/api"]
    {
        for method in [Method::GET, Method::DELETE] {
            let reply = app.send(method.clone(), path, None, None).await;
            assert_eq!(reply.status, 404, "{method} {path}");
            assert_eq!(reply.content_type, "application/problem+json", "{method} {path}");
        }
    }
    let page = app.send(Method::GET, "/tickets/some-client-side-route", None, None).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type, "text/html");
}
