//! Each POS account's push rules are kept in the journal file: defaults until saved, saved rules survive a
//! restart, out-of-bounds rules are refused with the field that is wrong.

use stock_push::{Journal, PushError, Rule, RuleSet};

fn keep_two() -> RuleSet {
    let mut rules = RuleSet {
        default: Rule {
            keep_back: 2,
            percent: 80,
            cap: Some(50),
            ..Rule::default()
        },
        ..RuleSet::default()
    };
    rules.overrides.insert(
        "AT0001-DEN-M".into(),
        Rule {
            excluded: true,
            ..Rule::default()
        },
    );
    rules
}

#[test]
fn saved_rules_survive_a_restart_and_stay_per_account() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("push.sqlite");
    {
        let j = Journal::open(&path).expect("open");
        assert_eq!(j.rules("pc-1").expect("rules"), RuleSet::default());
        j.set_rules("pc-1", &keep_two()).expect("save");
    }
    let j = Journal::open(&path).expect("reopen");
    assert_eq!(j.rules("pc-1").expect("rules"), keep_two());
    assert_eq!(
        j.rules("nh-1").expect("rules"),
        RuleSet::default(),
        "another account keeps the defaults"
    );
    let mut changed = keep_two();
    changed.default.keep_back = 5;
    j.set_rules("pc-1", &changed).expect("save again");
    assert_eq!(j.rules("pc-1").expect("rules").default.keep_back, 5);
}

#[test]
fn out_of_bounds_rules_are_refused_with_the_field() {
    let j = Journal::open_in_memory().expect("open");
    let refused = |rules: RuleSet| match j.set_rules("pc-1", &rules) {
        Err(PushError::InvalidRules(p)) => (p.field, p.code),
        other => panic!("not refused: {other:?}"),
    };
    let mut r = RuleSet::default();
    r.default.keep_back = -1;
    assert_eq!(refused(r), ("default.keepBack".into(), "range".into()));
    let mut r = RuleSet::default();
    r.default.percent = 101;
    assert_eq!(refused(r), ("default.percent".into(), "percent".into()));
    let r = RuleSet {
        max_age_minutes: -5,
        ..RuleSet::default()
    };
    assert_eq!(refused(r), ("maxAgeMinutes".into(), "range".into()));
    let mut r = RuleSet::default();
    r.overrides.insert("at0001".into(), Rule::default());
    assert_eq!(
        refused(r),
        ("overrides.at0001".into(), "sku".into()),
        "keys are trimmed upper-case"
    );
    let mut r = RuleSet::default();
    r.overrides.insert(
        "X1".into(),
        Rule {
            cap: Some(-3),
            ..Rule::default()
        },
    );
    assert_eq!(refused(r), ("overrides.X1.cap".into(), "range".into()));
    let mut r = RuleSet::default();
    r.breaker.max_share_percent = 120;
    assert_eq!(
        refused(r),
        ("breaker.maxSharePercent".into(), "percent".into())
    );
    let mut r = RuleSet::default();
    r.breaker.max_move = -1;
    assert_eq!(refused(r), ("breaker.maxMove".into(), "range".into()));
    assert_eq!(
        j.rules("pc-1").expect("rules"),
        RuleSet::default(),
        "nothing refused was saved"
    );
}

/// Rules saved before the automatic mode existed read back with it off and the default breaker; a saved
/// automatic mode and its breaker survive a restart.
#[test]
fn automatic_mode_is_off_until_saved_and_older_rules_still_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("push.sqlite");
    {
        let j = Journal::open(&path).expect("open");
        assert!(!j.rules("pc-1").expect("rules").automatic);
        let mut on = keep_two();
        on.automatic = true;
        on.breaker.max_move = 10;
        j.set_rules("pc-1", &on).expect("save");
    }
    {
        let conn = rusqlite::Connection::open(&path).expect("sqlite");
        conn.execute(
            "INSERT INTO rules (account_id, rules, updated_at) VALUES ('nh-1', ?1, 0)",
            [r#"{"default":{"keepBack":1,"percent":100,"cap":null,"excluded":false,"subtractUnshipped":true},"overrides":{},"maxAgeMinutes":30}"#],
        )
        .expect("an older row");
    }
    let j = Journal::open(&path).expect("reopen");
    let on = j.rules("pc-1").expect("rules");
    assert!(on.automatic);
    assert_eq!(on.breaker.max_move, 10);
    let old = j.rules("nh-1").expect("older rules");
    assert!(!old.automatic);
    assert_eq!(old.breaker, stock_push::BreakerSettings::default());
    assert_eq!(old.default.keep_back, 1);
}

/// The owner's warehouse mapping is kept per account and survives a restart; forgetting it goes back to
/// the default proposal; an out-of-bounds mapping is refused and nothing is saved.
#[test]
fn a_saved_mapping_survives_a_restart_and_can_be_forgotten() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("push.sqlite");
    let mut m = stock_push::Mapping::default();
    m.feeds.insert("wh-hn".into(), vec![1, 2]);
    m.feeds.insert("wh-hcm".into(), vec![]);
    {
        let j = Journal::open(&path).expect("open");
        assert_eq!(j.mapping("pc-1").expect("mapping"), None);
        j.set_mapping("pc-1", Some(&m)).expect("save");
    }
    let j = Journal::open(&path).expect("reopen");
    assert_eq!(j.mapping("pc-1").expect("mapping"), Some(m.clone()));
    assert_eq!(j.mapping("nh-1").expect("mapping"), None);
    let mut bad = m.clone();
    bad.feeds.insert(String::new(), vec![1]);
    assert!(matches!(
        j.set_mapping("pc-1", Some(&bad)),
        Err(PushError::InvalidRules(_))
    ));
    assert_eq!(j.mapping("pc-1").expect("mapping"), Some(m));
    j.set_mapping("pc-1", None).expect("forget");
    assert_eq!(j.mapping("pc-1").expect("mapping"), None);
}
