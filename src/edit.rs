//! Applying fixes: the one place edits touch text.
//!
//! Fixes are applied in source order; a fix that overlaps one already applied is skipped
//! (never merged) and reported as not applied. Callers re-parse the result and run the
//! rules again (see `fix::fix`).

use crate::diagnostic::{Applicability, Fix};

/// The text after applying `fixes` (those at or above `threshold`), and which were applied.
pub struct Applied {
    pub text: String,
    /// Indices into the fixes given, of those applied.
    pub applied: Vec<usize>,
    /// Indices of fixes skipped because they overlapped an applied one.
    pub skipped: Vec<usize>,
}

pub fn apply(source: &str, fixes: &[&Fix], threshold: Applicability) -> Applied {
    let mut order: Vec<usize> = (0..fixes.len())
        .filter(|&i| fixes[i].applicability >= threshold)
        .collect();
    order.sort_by_key(|&i| (fixes[i].range().start, fixes[i].range().end, i));
    let mut text = String::with_capacity(source.len() + 256);
    let mut cursor = 0;
    let (mut applied, mut skipped) = (Vec::new(), Vec::new());
    for index in order {
        let fix = fixes[index];
        // Edits of one fix are sorted and must not overlap each other or what was applied.
        let disjoint = fix
            .edits
            .windows(2)
            .all(|w| w[0].range.end <= w[1].range.start);
        let in_bounds = fix.edits.iter().all(|e| {
            e.range.end <= source.len()
                && source.is_char_boundary(e.range.start)
                && source.is_char_boundary(e.range.end)
        });
        if fix.edits.is_empty() || !disjoint || !in_bounds || fix.range().start < cursor {
            skipped.push(index);
            continue;
        }
        for edit in &fix.edits {
            text.push_str(&source[cursor..edit.range.start]);
            text.push_str(&edit.replacement);
            cursor = edit.range.end;
        }
        applied.push(index);
    }
    text.push_str(&source[cursor..]);
    Applied {
        text,
        applied,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let a = Fix::safe("a", vec![Edit::replace(0..3, "ONE")]);
        let b = Fix::safe("b", vec![Edit::replace(2..5, "x")]);
        let c = Fix::safe("c", vec![Edit::insert(8, "!"), Edit::replace(4..5, "_")]);
        let result = apply("one two three", &[&a, &b, &c], Applicability::Safe);
        assert_eq!(result.text, "ONE _wo !three");
        assert_eq!(result.applied, [0, 2]);
        assert_eq!(result.skipped, [1]);
    }

    #[test]
    fn unsafe_fixes_need_the_lower_threshold() {
        let fix = Fix::unsafe_("u", vec![Edit::replace(0..1, "X")]);
        assert_eq!(apply("abc", &[&fix], Applicability::Safe).text, "abc");
        assert_eq!(apply("abc", &[&fix], Applicability::Unsafe).text, "Xbc");
    }
}
