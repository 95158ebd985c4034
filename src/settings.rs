//! What a run is asked to do with a file: which rules, whether unsafe fixes apply, the
//! style new text is written in, and the rules' own options. `dockfix.toml` and the
//! command line fill it in (`config`); the passes and the fix loop read it.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::Applicability;
use crate::format::FormatOptions;

/// Which rules run, and how.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Rules to run (selectors: codes, prefixes, names, aliases, `ALL`); when empty, the
    /// rules that are on by default.
    pub select: Vec<String>,
    /// Rule selectors not to run.
    pub ignore: Vec<String>,
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    pub style: FormatOptions,
    /// `[pins]`: image (`name` or `name:tag`) -> pinned reference with a digest.
    pub pins: Arc<BTreeMap<String, String>>,
    /// `[rules.merge-runs] policy`: which consecutive RUNs merge-runs (DF101) joins.
    pub merge_policy: MergePolicy,
    /// Fixes that write other files of the build context (`.dockerignore`) are not applied,
    /// and their findings stay: for standard input, where only the Dockerfile's text goes
    /// out.
    pub leave_other_files: bool,
}

/// Which consecutive RUN instructions merge-runs (DF101) joins into one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergePolicy {
    /// RUNs that do one job together, in stages whose layers ship: a package manager's index
    /// update and the install that uses it, a RUN that only cleans up after the one before,
    /// a download and the RUN that unpacks, runs or deletes it; consecutive installs with one
    /// package manager become one install (unsafe).
    #[default]
    Related,
    /// Every run of consecutive RUNs that can be merged without changing what they do.
    All,
}

impl Settings {
    /// The least trusted fix that is applied.
    pub fn threshold(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }
}
