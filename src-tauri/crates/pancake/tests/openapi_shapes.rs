//! The simulator answers every Pancake GET the app makes with the OpenAPI's shapes
//! (`tests/fixtures/pancake-openapi.yaml`, a copy of the vendor's document):
//!
//! - **types**: every value whose key the response schema declares has the schema's type (`$ref`s
//!   resolved; object / array / string / integer / number / boolean, `allOf` / `oneOf` / `anyOf`), or the
//!   type the document's own example shows at that key path (the document contradicts itself there, e.g.
//!   `order_source` ids are `string` in the schema and `-3` in the example: both are documented). Keys the
//!   schema does not declare are fine. `null` is accepted for any type: the schema marks almost nothing
//!   nullable while its own examples send `null` for absent values of string, integer and object fields
//!   (`note_print`, `custom_id`, `partner.picked_up_at`, …);
//! - **keys**: the answer carries at least [`MIN_COVERAGE`] of the example's key paths (arrays collapsed to
//!   `[]`, maps keyed by a value such as a phone number collapsed to `*`).
//!
//! The endpoint list is the typed calls the app makes (`src/adapter/` and the crates outside this one):
//! `shops`, `warehouses`, `list_orders`, `get_order`, `list_variations`, `inventory_histories`,
//! `list_returned_orders`, `order_sources`, `categories`, `provinces`, `districts`, `communes`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::LazyLock;

use sandbox::pancake::{DEMO_API_KEY, SHOP_ID};
use serde_json::Value;

/// The share of the example's key paths an answer must carry.
const MIN_COVERAGE: f64 = 0.8;

/// Objects keyed by a value (a phone number), not by field names: their keys count as one `*`.
const KEYED_BY_VALUE: &[&str] = &["reports_by_phone"];

static SPEC: LazyLock<Value> = LazyLock::new(|| {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pancake-openapi.yaml");
    let text = std::fs::read_to_string(p).expect("the OpenAPI fixture");
    serde_saphyr::from_str(&text).expect("the OpenAPI fixture is YAML")
});

// ---------------------------------------------------------------- the document

/// Follows `$ref`s (`#/components/...`) until a node without one.
fn resolve(mut node: &Value) -> &Value {
    for _ in 0..32 {
        let Some(r) = node.get("$ref").and_then(Value::as_str) else {
            return node;
        };
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {r}"));
        node = SPEC
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {r}"));
    }
    panic!("a $ref cycle")
}

/// The 200 answer's schema and example of `GET path` (the OpenAPI path, e.g. `/shops/{SHOP_ID}/orders`).
fn documented(path: &str) -> (&'static Value, &'static Value) {
    let content = SPEC["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        .as_object()
        .unwrap_or_else(|| panic!("no JSON 200 answer for GET {path}"));
    let schema = resolve(&content["schema"]);
    let example = match content.get("example") {
        Some(e) => e,
        None => {
            let first = content["examples"]
                .as_object()
                .and_then(|m| m.values().next())
                .unwrap_or_else(|| panic!("no example for GET {path}"));
            &resolve(first)["value"]
        }
    };
    (schema, example)
}

// ---------------------------------------------------------------- key paths

fn child_key(parent: &str, key: &str) -> String {
    let last = parent.rsplit(['.', '[']).next().unwrap_or(parent);
    let key = if KEYED_BY_VALUE.contains(&last) {
        "*"
    } else {
        key
    };
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Every key path of `v` (`data[].items[].variation_id`), with the JSON kinds seen there.
fn key_paths(v: &Value, at: &str, out: &mut BTreeMap<String, BTreeSet<&'static str>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = child_key(at, k);
                out.entry(p.clone()).or_default().insert(kind(x));
                key_paths(x, &p, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                key_paths(x, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------- types

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn has_type(ty: &str, v: &Value) -> bool {
    let k = kind(v);
    k == ty || (ty == "number" && k == "integer")
}

/// The schema's types (`type: x` or `type: [x, "null"]`; inferred from `properties` / `items` when absent).
fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ if schema.get("properties").is_some() => vec!["object"],
        _ if schema.get("items").is_some() => vec!["array"],
        _ => Vec::new(),
    }
}

/// Type mismatches of `v` against `schema`, as `path: the type sent where the schema says another`.
/// `example` holds the kinds the document's example shows at each key path (`None`: the schema alone).
fn type_errors(
    schema: &Value,
    v: &Value,
    at: &str,
    example: Option<&BTreeMap<String, BTreeSet<&'static str>>>,
    out: &mut Vec<String>,
) {
    let schema = resolve(schema);
    if v.is_null() {
        return;
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        type_errors(part, v, at, example, out);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = schema[key].as_array() {
            let fits = alts.iter().any(|alt| {
                let mut errs = Vec::new();
                type_errors(alt, v, at, example, &mut errs);
                errs.is_empty()
            });
            if !fits {
                out.push(format!("{at}: fits none of the {key} alternatives"));
            }
        }
    }
    let ts = types(schema);
    let documented_by_example = example
        .and_then(|e| e.get(at))
        .is_some_and(|ks| ks.contains(kind(v)));
    if !ts.is_empty() && !ts.iter().any(|t| has_type(t, v)) && !documented_by_example {
        out.push(format!("{at}: {} where the schema says {ts:?}", kind(v)));
        return;
    }
    match v {
        Value::Object(m) => {
            let props = schema["properties"].as_object();
            for (k, x) in m {
                let p = child_key(at, k);
                if let Some(s) = props.and_then(|ps| ps.get(k)) {
                    type_errors(s, x, &p, example, out);
                } else if let Some(s) = schema.get("additionalProperties").filter(|s| s.is_object())
                {
                    type_errors(s, x, &p, example, out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items") {
                for x in items {
                    type_errors(s, x, &format!("{at}[]"), example, out);
                }
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------- the check

struct Shape {
    coverage: f64,
    missing: Vec<String>,
    type_errors: Vec<String>,
}

/// `answer` against the documented 200 answer of `GET path`.
fn shape(path: &str, answer: &Value) -> Shape {
    let (schema, example) = documented(path);
    let mut want = BTreeMap::new();
    key_paths(example, "", &mut want);
    let mut got = BTreeMap::new();
    key_paths(answer, "", &mut got);
    let missing: Vec<String> = want
        .keys()
        .filter(|p| !got.contains_key(*p))
        .cloned()
        .collect();
    let coverage = 1.0 - missing.len() as f64 / want.len().max(1) as f64;
    let mut errors = Vec::new();
    type_errors(schema, answer, "", Some(&want), &mut errors);
    errors.dedup();
    Shape {
        coverage,
        missing,
        type_errors: errors,
    }
}

async fn get(base: &str, path: &str) -> anyhow::Result<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let url = format!("{base}/api/v1{path}{sep}api_key={DEMO_API_KEY}");
    let r = reqwest::get(url).await?;
    anyhow::ensure!(r.status().is_success(), "GET {path}: {}", r.status());
    Ok(r.json().await?)
}

#[tokio::test]
async fn every_get_the_app_makes_has_the_openapi_shape() -> anyhow::Result<()> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, sandbox::Options::default()).await?;
    let base = sb.base_url();
    let s = format!("/shops/{SHOP_ID}");
    // one stock movement, so the inventory history has a row
    let (vars, whs) = sb.pancake.ids();
    sb.pancake
        .adjust_stock(&vars[0], &whs[0], 3)
        .expect("a seeded variation");
    // one order like the example's: shipped (a carrier block) and paid in part by transfer (its proofs);
    // an order without a carrier or a deposit has no such blocks, so it carries fewer of the example's keys
    let shipped = get(
        &base,
        &format!("{s}/orders?filter_status[]=2&page_size=100"),
    )
    .await?;
    let order_id = shipped["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| {
            o["transfer_proofs"]
                .as_array()
                .is_some_and(|p| !p.is_empty())
        })
        .map(|o| o["id"].clone())
        .ok_or_else(|| anyhow::anyhow!("no shipped order with a deposit in the seed"))?;

    let calls: Vec<(&str, &str, String)> = vec![
        ("shops", "/shops", "/shops".into()),
        (
            "warehouses",
            "/shops/{SHOP_ID}/warehouses",
            format!("{s}/warehouses"),
        ),
        (
            "list_orders",
            "/shops/{SHOP_ID}/orders",
            format!("{s}/orders?page_size=100"),
        ),
        (
            "get_order",
            "/shops/{SHOP_ID}/orders/{ORDER_ID}",
            format!("{s}/orders/{order_id}"),
        ),
        (
            "list_variations",
            "/shops/{SHOP_ID}/products/variations",
            format!("{s}/products/variations?page_size=20"),
        ),
        (
            "inventory_histories",
            "/shops/{SHOP_ID}/inventory_histories",
            // page and page_size are required on this list (dump + OpenAPI `required`)
            format!("{s}/inventory_histories?page=1&page_size=30"),
        ),
        (
            "list_returned_orders",
            "/shops/{SHOP_ID}/orders_returned",
            format!("{s}/orders_returned"),
        ),
        (
            "order_sources",
            "/shops/{SHOP_ID}/order_source",
            format!("{s}/order_source"),
        ),
        (
            "categories",
            "/shops/{SHOP_ID}/categories",
            format!("{s}/categories"),
        ),
        (
            "provinces",
            "/geo/provinces",
            "/geo/provinces?country_code=84".into(),
        ),
        (
            "provinces (2025 model)",
            "/geo/provinces",
            "/geo/provinces?country_code=84&is_new=true".into(),
        ),
        (
            "districts",
            "/geo/districts",
            "/geo/districts?province_id=101".into(),
        ),
        (
            "communes",
            "/geo/communes",
            "/geo/communes?province_id=101&district_id=10101".into(),
        ),
        (
            "communes (2025 model)",
            "/geo/communes",
            "/geo/communes?province_id=84_VN101".into(),
        ),
    ];
    let mut failures = Vec::new();
    for (call, path, request) in &calls {
        let answer = get(&base, request).await?;
        let sh = shape(path, &answer);
        println!(
            "{call:24} {:5.1}% of the example's key paths, {} type mismatches",
            sh.coverage * 100.0,
            sh.type_errors.len()
        );
        if sh.coverage < MIN_COVERAGE {
            failures.push(format!(
                "{call} (GET {request}) carries {:.1}% of the example's key paths; missing: {:#?}",
                sh.coverage * 100.0,
                sh.missing
            ));
        }
        if !sh.type_errors.is_empty() {
            failures.push(format!(
                "{call} (GET {request}) differs from the schema's types: {:#?}",
                sh.type_errors
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

/// The walker itself: a wrong type is named by its path, a documented one (schema or example) passes,
/// and a missing key lowers the coverage.
#[test]
fn the_shape_check_names_wrong_types_and_missing_keys() {
    let (_, example) = documented("/shops/{SHOP_ID}/warehouses");
    assert!(shape("/shops/{SHOP_ID}/warehouses", example)
        .type_errors
        .is_empty());
    assert!((shape("/shops/{SHOP_ID}/warehouses", example).coverage - 1.0).abs() < 1e-9);

    let mut wrong = example.clone();
    wrong["data"][0]["name"] = Value::from(7);
    let sh = shape("/shops/{SHOP_ID}/warehouses", &wrong);
    assert_eq!(
        sh.type_errors,
        vec![r#"data[].name: integer where the schema says ["string"]"#]
    );

    let mut fewer = example.clone();
    for row in fewer["data"].as_array_mut().expect("rows") {
        row.as_object_mut().expect("a row").remove("phone_number");
    }
    let sh = shape("/shops/{SHOP_ID}/warehouses", &fewer);
    assert_eq!(sh.missing, vec!["data[].phone_number"]);
    assert!(sh.coverage < 1.0);

    // `order_source` ids: `string` in the schema, numbers in the example; both are documented
    let (_, sources) = documented("/shops/{SHOP_ID}/order_source");
    assert!(shape("/shops/{SHOP_ID}/order_source", sources)
        .type_errors
        .is_empty());
    let mut bad = sources.clone();
    bad["data"][0]["id"] = Value::Bool(true);
    assert_eq!(
        shape("/shops/{SHOP_ID}/order_source", &bad)
            .type_errors
            .len(),
        1
    );
}

/// Where the document's examples contradict its own schemas (the only places the example's type is
/// needed), so a mismatch the test above reports is the simulator's, not the document's.
#[test]
fn the_documents_own_contradictions_are_these() {
    let mut found = Vec::new();
    for path in [
        "/shops",
        "/shops/{SHOP_ID}/warehouses",
        "/shops/{SHOP_ID}/orders",
        "/shops/{SHOP_ID}/orders/{ORDER_ID}",
        "/shops/{SHOP_ID}/products/variations",
        "/shops/{SHOP_ID}/inventory_histories",
        "/shops/{SHOP_ID}/orders_returned",
        "/shops/{SHOP_ID}/order_source",
        "/shops/{SHOP_ID}/categories",
        "/geo/provinces",
        "/geo/districts",
        "/geo/communes",
    ] {
        let (schema, example) = documented(path);
        let mut errs = Vec::new();
        type_errors(schema, example, "", None, &mut errs);
        errs.dedup();
        found.extend(errs.into_iter().map(|e| format!("{path} {e}")));
    }
    assert_eq!(
        found,
        vec![
            r#"/shops/{SHOP_ID}/orders_returned data[].status_histories[].id: integer where the schema says ["string"]"#,
            r#"/shops/{SHOP_ID}/order_source data[].id: integer where the schema says ["string"]"#,
        ]
    );
}
