//! Options shared by the commands that run rules (`fix`, `check`).

use std::path::{Path, PathBuf};

use clap::Args;

use crate::fix::Settings;
use crate::passes::BuildContext;

#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
    /// Run only these rules (codes like DF101, prefixes like DF1, or names), comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Do not run these rules
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// The build context (default: each Dockerfile's own folder; none for standard input)
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,
}

impl RuleArgs {
    pub fn settings(&self, unsafe_fixes: bool, style: crate::format::FormatOptions) -> Settings {
        Settings {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            unsafe_fixes,
            style,
        }
    }

    /// The build context of the Dockerfile at `path` (`None` for standard input without --context).
    pub fn build_context(&self, path: Option<&Path>) -> Option<BuildContext> {
        let name = path.and_then(|p| p.file_name()).and_then(|n| n.to_str());
        let folder = match (&self.context, path) {
            (Some(dir), _) => dir.clone(),
            (None, Some(path)) => path
                .parent()
                .map(Path::to_path_buf)
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or_else(|| PathBuf::from(".")),
            (None, None) => return None,
        };
        folder.is_dir().then(|| BuildContext::new(&folder, name))
    }

    /// Unknown rule names are usage errors.
    pub fn validate(&self) -> anyhow::Result<()> {
        for name in self.select.iter().chain(&self.ignore) {
            let prefix = name.len() < 5
                && crate::passes::RULES
                    .iter()
                    .any(|r| r.info().code.starts_with(&name.to_ascii_uppercase()));
            if crate::passes::find(name).is_none() && !prefix {
                anyhow::bail!("unknown rule {name:?} (see `dockfix rule --all`)");
            }
        }
        Ok(())
    }
}
