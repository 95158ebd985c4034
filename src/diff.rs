//! Unified diffs that `git apply` accepts (`a/` and `b/` headers, no-newline markers).

use similar::TextDiff;

/// The unified diff from `old` to `new` for `path` (a path relative to where the diff will be
/// applied); empty when they are equal.
pub fn unified(old: &str, new: &str, path: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_git_headers_and_hunks() {
        let diff = unified("from a\nrun x\n", "FROM a\nRUN x\n", "Dockerfile");
        assert!(
            diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n"),
            "{diff}"
        );
        assert!(
            diff.contains("-from a\n-run x\n+FROM a\n+RUN x\n"),
            "{diff}"
        );
    }

    #[test]
    fn marks_a_missing_final_newline() {
        let diff = unified("FROM a", "FROM a\n", "Dockerfile");
        assert!(diff.contains("\\ No newline at end of file"), "{diff}");
    }

    #[test]
    fn equal_texts_give_no_diff() {
        assert_eq!(unified("x\n", "x\n", "f"), "");
    }
}
