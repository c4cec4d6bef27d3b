//! Property: under any sequence of vendor faults, no batch is applied twice, and every row ends in a
//! state that tells the truth about the vendor's figure.

mod common;

use std::sync::atomic::AtomicBool;

use common::*;
use proptest::prelude::*;
use shopdesk_core::ports::order_sink::Lookup;
use shopdesk_core::ports::stock_writer::{StockWriter, WriteKind};
use stock_push::RowState;

fn fault(n: u8) -> Fault {
    match n {
        0 => Fault::None,
        1 => Fault::CommitThenTimeout,
        2 => Fault::TimeoutBeforeCommit,
        3 => Fault::ServerErrorBeforeCommit,
        4 => Fault::Refuse,
        _ => Fault::RateLimited,
    }
}

fn run_case(
    delta: bool,
    max_batch: usize,
    faults: Vec<u8>,
    lookups: Vec<u8>,
) -> Result<(), TestCaseError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let kind = if delta {
        WriteKind::Delta
    } else {
        WriteKind::Absolute
    };
    let w = FakeVendor::new(kind, max_batch);
    let p = pusher("desk-a");
    let originals: Vec<(u32, i64)> = (1..=5).map(|i| (i, i64::from(i) * 3)).collect();
    let targets: Vec<i64> = (1..=5).map(|i| 20 - i64::from(i)).collect();
    let rows: Vec<_> = originals
        .iter()
        .zip(&targets)
        .map(|((i, now), t)| {
            w.set(&cell(*i), *now);
            (cell(*i), Some(*now), *t)
        })
        .collect();
    let plan = plan_for(w.vendor(), &rows);
    let run = p
        .create_run(&plan, &all(&plan), false)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    for f in faults {
        w.script(fault(f));
    }
    for l in lookups {
        match l {
            0 => w.lookup_answers(Lookup::Inconclusive("budget".into())),
            1 => w.lookup_fails(),
            _ => {}
        }
    }
    rt.block_on(async {
        p.apply(run, &*w, &|_| {}, &AtomicBool::new(false)).await?;
        // a later recovery settles whatever a failed lookup left
        p.recover(ACCOUNT, &*w).await?;
        p.recover(ACCOUNT, &*w).await
    })
    .map_err(|e| TestCaseError::fail(e.to_string()))?;

    prop_assert!(w.max_applied() <= 1, "a batch was applied twice");
    let detail = p
        .run_detail(run)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    for r in &detail.rows {
        let i = r.idx as usize;
        let (orig, target) = (originals[i].1, targets[i]);
        let now = w.get(&r.cell).unwrap_or(i64::MIN);
        match r.state {
            RowState::Done => prop_assert_eq!(now, target),
            RowState::Failed => prop_assert_eq!(now, orig, "{:?}", r),
            RowState::NeedsAttention | RowState::Sending => {
                prop_assert!(now == orig || now == target, "{:?} at {}", r, now)
            }
            s => prop_assert!(false, "unexpected state {:?}", s),
        }
        if r.state != RowState::Sending {
            prop_assert!(r.error_code.is_some() || matches!(r.state, RowState::Done));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn no_batch_lands_twice_and_states_tell_the_truth(
        delta in any::<bool>(),
        max_batch in 1usize..4,
        faults in proptest::collection::vec(0u8..6, 0..10),
        lookups in proptest::collection::vec(0u8..4, 0..4),
    ) {
        run_case(delta, max_batch, faults, lookups)?;
    }
}
