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
