//! The texts ShopDesk shows outside its window (the desktop notification), taken from the UI's own i18n
//! files (`ui/src/i18n/*.json`, built into the binary), so one file holds every user-visible word.

use std::sync::LazyLock;

use serde_json::Value;
use shopdesk_core::Language;

fn parse(text: &str) -> Value {
    // the files are checked by the UI's tests and by `every_key_is_in_both_files` below
    serde_json::from_str(text).unwrap_or(Value::Null)
}

static VI: LazyLock<Value> =
    LazyLock::new(|| parse(include_str!("../../../../ui/src/i18n/vi.json")));
static EN: LazyLock<Value> =
    LazyLock::new(|| parse(include_str!("../../../../ui/src/i18n/en.json")));

fn lookup<'a>(tree: &'a Value, key: &str) -> Option<&'a str> {
    key.split('.')
        .try_fold(tree, |node, part| node.get(part))
        .and_then(Value::as_str)
}

/// The text of `key` (`"notify.lowTitle"`) in `language` with each `{{name}}` replaced by its value in
/// `args` (in one pass: a value is never read as a placeholder). The Vietnamese text when the language
/// lacks the key, the key itself when neither file has it.
pub fn text(language: Language, key: &str, args: &[(&str, &str)]) -> String {
    let tree: &Value = match language {
        Language::Vi => &VI,
        Language::En => &EN,
    };
    let template = lookup(tree, key)
        .or_else(|| lookup(&VI, key))
        .unwrap_or(key);
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}") {
            Some(close) => {
                let name = after[..close].trim();
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + 2 + close + 2]),
                }
                rest = &after[close + 2..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_in_both_files() {
        for key in crate::low_stock::NOTICE_KEYS {
            assert!(lookup(&VI, key).is_some(), "vi.json lacks {key}");
            assert!(lookup(&EN, key).is_some(), "en.json lacks {key}");
        }
    }

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        let t = text(
            Language::Vi,
            "notify.lowOne",
            &[("product", "Áo {{min}}"), ("figure", "2"), ("min", "5")],
        );
        assert_eq!(t, "Áo {{min}}: còn 2, dưới mức tối thiểu 5");
        assert_eq!(text(Language::En, "no.such.key", &[]), "no.such.key");
    }
}
