//! `--config` values: a configuration file, or `key = value` fragments.

use std::path::{Path, PathBuf};

use super::ConfigError;

/// What one `--config` value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigArgument {
    /// A configuration file to use instead of looking for one.
    File(PathBuf),
    /// A TOML fragment (`format.indent = "tab"`) applied on top.
    Override(String),
}

impl ConfigArgument {
    /// Tell a file from a fragment the way ruff does: a value naming an existing file
    /// (relative to `cwd`) is a file, one containing `=` is a TOML fragment.
    pub fn classify(value: &str, cwd: &Path) -> Result<Self, ConfigError> {
        let path = Path::new(value);
        if !value.is_empty() && cwd.join(path).is_file() {
            return Ok(ConfigArgument::File(path.to_path_buf()));
        }
        if value.contains('=') {
            return Ok(ConfigArgument::Override(value.to_string()));
        }
        let message = if value.ends_with(".toml") || value.contains(['/', '\\']) {
            "no such file".to_string()
        } else {
            "neither an existing file nor a `key = value` TOML fragment \
             (such as `format.indent = \"tab\"`)"
                .to_string()
        };
        Err(ConfigError::Argument {
            value: value.to_string(),
            message,
        })
    }
}

/// Every `--config` value of a command line, sorted out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigArguments {
    /// `--config PATH`: at most one.
    pub file: Option<PathBuf>,
    /// `--config 'key = value'` fragments, in the order given.
    pub overrides: Vec<String>,
}

impl ConfigArguments {
    /// Sort `--config` values (paths relative to `cwd`) into a file and fragments.
    pub fn parse(values: &[String], cwd: &Path) -> Result<Self, ConfigError> {
        let mut arguments = ConfigArguments::default();
        for value in values {
            match ConfigArgument::classify(value, cwd)? {
                ConfigArgument::File(path) => {
                    if let Some(first) = &arguments.file {
                        return Err(ConfigError::Argument {
                            value: value.clone(),
                            message: format!(
                                "a second configuration file ({} was given first); give one",
                                first.display()
                            ),
                        });
                    }
                    arguments.file = Some(path);
                }
                ConfigArgument::Override(text) => arguments.overrides.push(text),
            }
        }
        Ok(arguments)
    }
}
