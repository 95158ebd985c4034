//! Options shared by several commands: style, rule selection, output.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use crate::build_context::{BuildContext, DiskContext};
use crate::folders::Folders;
use crate::format::{FormatOptions, Indent, OperatorPosition};
use crate::output::OutputFormat;
use crate::settings::Settings;

/// Formatter options on the command line; they win over the configuration.
#[derive(Debug, Clone, Args)]
pub struct StyleArgs {
    /// Indentation of continuation lines: a number of spaces, or "tab" [default: 4]
    #[arg(long, value_name = "N|tab", value_parser = parse_indent)]
    indent: Option<Indent>,
    /// Where `&&` and `||` go when a shell command continues on the next line [default: start]
    #[arg(long, value_enum)]
    operator_position: Option<OperatorPosition>,
}

fn parse_indent(text: &str) -> Result<Indent, String> {
    if text.eq_ignore_ascii_case("tab") {
        return Ok(Indent::Tab);
    }
    match text.parse::<u8>() {
        Ok(n @ 1..=16) => Ok(Indent::Spaces(n)),
        _ => Err(format!(
            "expected a number of spaces (1-16) or \"tab\", not {text:?}"
        )),
    }
}

impl StyleArgs {
    /// The configured style with the command line's choices on top.
    pub fn apply(&self, mut options: FormatOptions) -> FormatOptions {
        if let Some(indent) = self.indent {
            options.indent = indent;
        }
        if let Some(position) = self.operator_position {
            options.operator_position = position;
        }
        options
    }
}

/// Which rules run, and the build context they see.
#[derive(Debug, Clone, Args)]
pub struct SelectionArgs {
    /// Run only these rules (codes like DF101, prefixes like DF1, or names), comma-separated;
    /// replaces the configuration's selection
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Do not run these rules (added to the configuration's)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// The build context (default: the configuration's, or each Dockerfile's own folder;
    /// none for standard input without --stdin-filename)
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,
}

impl SelectionArgs {
    /// The configured settings with the command line's choices on top.
    pub fn apply(&self, mut settings: Settings, unsafe_fixes: bool, style: &StyleArgs) -> Settings {
        if !self.select.is_empty() {
            settings.select = self.select.clone();
        }
        settings.ignore.extend(self.ignore.iter().cloned());
        settings.unsafe_fixes |= unsafe_fixes;
        settings.style = style.apply(settings.style);
        settings
    }

    /// The build context for a Dockerfile at `path` whose configured context is `configured`,
    /// its `.dockerignore` looked up in the run's `folders`.
    pub fn build_context(
        &self,
        path: Option<&Path>,
        configured: Option<&Path>,
        folders: Arc<Folders>,
    ) -> Option<Box<dyn BuildContext>> {
        let name = path.and_then(|p| p.file_name()).and_then(|n| n.to_str());
        let folder = self.context_folder(configured)?;
        Some(Box::new(DiskContext::with_folders(folder, name, folders)))
    }

    /// The build context's folder: `--context`, or the configured one.
    pub fn context_folder<'p>(&'p self, configured: Option<&'p Path>) -> Option<&'p Path> {
        self.context.as_deref().or(configured)
    }

    /// Unknown rule names and a missing --context folder are usage errors.
    pub fn validate(&self) -> anyhow::Result<()> {
        if let Some(dir) = &self.context
            && !dir.is_dir()
        {
            anyhow::bail!("--context {}: not a folder", dir.display());
        }
        for name in self.select.iter().chain(&self.ignore) {
            if !crate::passes::is_known_selector(name) {
                anyhow::bail!("unknown rule {name:?} (see `dockfix rule --all`)");
            }
        }
        Ok(())
    }
}

/// How the findings are printed.
#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// How to print the findings [default: text]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_format: Option<OutputFormat>,
    /// Print a count per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,
    /// Print what each fix would do under its finding
    #[arg(long)]
    pub show_fixes: bool,
}

impl OutputArgs {
    /// Whether any of these options was given.
    pub fn given(&self) -> bool {
        self.output_format.is_some() || self.statistics || self.show_fixes
    }
}
