//! `cargo bench -p orders --bench orders_faults`: 1,000 submissions through the fault scenario
//! (`ORDERS_FAULTS_N` overrides the size). Prints the same line as the fault test, then the same scenario
//! under each of the simulators' distrust switches (no dedupe on our reference, searches that ignore
//! it, both), one `bench orders-faults-distrust …` line each, with clients that do not re-send creates
//! on their own. Every run must end with 0 duplicates and 0 lost (needs-attention allowed, printed).

#[path = "../tests/common/mod.rs"]
mod common;

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::var("ORDERS_FAULTS_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let started = std::time::Instant::now();
        let env = common::Env::start().await?;
        let dir = tempfile::tempdir()?;
        let out = common::fault_scenario(&env, &dir.path().join("orders.sqlite"), n).await?;
        println!("{}", out.line());
        println!(
            "bench orders-faults detail restarts={} interrupted={} needed_attention={} failed={} sending_at_crash={} rate_limited={} sends={} lookups={} sends_without_lookup={} elapsed_ms={}",
            out.restarts,
            out.interrupted,
            out.needed_attention,
            out.failed,
            out.sending_at_crash,
            out.rate_limited,
            out.sends,
            out.lookups,
            out.sends_without_lookup,
            started.elapsed().as_millis()
        );
        anyhow::ensure!(
            out.duplicates == 0
                && out.lost == 0
                && out.created_once == n
                && out.sends_without_lookup == 0,
            "{out:?}"
        );
        for distrust in [
            common::Distrust::NO_DEDUPE,
            common::Distrust::SEARCH_IGNORES_REFERENCE,
            common::Distrust::BOTH,
        ] {
            let started = std::time::Instant::now();
            let env = common::Env::start_with_retries(0).await?;
            let dir = tempfile::tempdir()?;
            let out =
                common::fault_scenario_with(&env, &dir.path().join("orders.sqlite"), n, distrust)
                    .await?;
            println!(
                "{} failed={} sends_without_lookup={} elapsed_ms={}",
                out.distrust_line(distrust),
                out.failed,
                out.sends_without_lookup,
                started.elapsed().as_millis()
            );
            anyhow::ensure!(
                out.duplicates == 0
                    && out.lost == 0
                    && out.failed == 0
                    && out.sends_without_lookup == 0,
                "{}: {out:?}",
                distrust.label()
            );
        }
        Ok(())
    })
}
