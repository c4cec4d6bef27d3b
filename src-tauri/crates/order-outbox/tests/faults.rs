//! The fault test: submissions spread over the three simulators under random faults, the engine killed
//! mid-flight and reopened from the same file; every order must exist exactly once at its vendor.
//! `ORDERS_FAULTS_N=1000` runs the full size (the bench `orders_faults` does too).

mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_order_is_created_exactly_once_under_faults_and_restarts() -> anyhow::Result<()> {
    let n: usize = std::env::var("ORDERS_FAULTS_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let env = common::Env::start().await?;
    let dir = tempfile::tempdir()?;
    let out = common::fault_scenario(&env, &dir.path().join("orders.sqlite"), n).await?;
    println!("{}", out.line());
    println!("{out:?}");
    assert_eq!(out.duplicates, 0, "{out:?}");
    assert_eq!(out.lost, 0, "{out:?}");
    assert_eq!(out.failed, 0, "{out:?}");
    assert_eq!(out.created_once, n, "{out:?}");
    assert_eq!(out.restarts, 2);
    assert_eq!(out.sends_without_lookup, 0, "{out:?}");
    assert!(
        out.sends > n,
        "some orders were sent again after a lookup: {out:?}"
    );
    // the faults really happened: rows were mid-send at a crash, and the vendors throttled us
    assert!(out.sending_at_crash + out.unknown_at_crash > 0, "{out:?}");
    assert!(out.rate_limited > 0, "{out:?}");
    Ok(())
}

/// The same scenario (smaller) with the simulators' distrust switches on: the vendor does not refuse a
/// repeated reference and/or its searches ignore it. Clients without pipeline retries: with a vendor
/// that does not dedupe, any create the pipeline re-sent on its own would be doubled whatever the outbox
/// does (the pipeline is being changed to send creates once).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_without_trusting_the_vendor_to_dedupe_or_search() -> anyhow::Result<()> {
    let n: usize = std::env::var("ORDERS_FAULTS_DISTRUST_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    for distrust in [
        common::Distrust::NO_DEDUPE,
        common::Distrust::SEARCH_IGNORES_REFERENCE,
        common::Distrust::BOTH,
    ] {
        let env = common::Env::start_with_retries(0).await?;
        let dir = tempfile::tempdir()?;
        let out = common::fault_scenario_with(&env, &dir.path().join("orders.sqlite"), n, distrust)
            .await?;
        println!("{}", out.distrust_line(distrust));
        println!("{out:?}");
        assert_eq!(out.duplicates, 0, "{}: {out:?}", distrust.label());
        assert_eq!(out.lost, 0, "{}: {out:?}", distrust.label());
        assert_eq!(out.failed, 0, "{}: {out:?}", distrust.label());
        assert!(
            out.created_once + out.needs_attention_left >= n,
            "{}: {out:?}",
            distrust.label()
        );
        assert_eq!(out.sends_without_lookup, 0, "{}: {out:?}", distrust.label());
        assert!(out.sends > n, "answers were lost and looked up: {out:?}");
    }
    Ok(())
}
