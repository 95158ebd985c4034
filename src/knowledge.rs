//! Ecosystem knowledge as data: `transforms/*.toml`, embedded in the binary and read once.

use std::sync::LazyLock;

use serde::Deserialize;

/// A package manager (see `transforms/package-managers.toml` for the fields' meaning).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PackageManager {
    pub name: String,
    pub programs: Vec<String>,
    #[serde(default)]
    pub options_with_value: Vec<String>,
    pub install: Vec<String>,
    #[serde(default)]
    pub update: Vec<String>,
    #[serde(default)]
    pub needs_update: bool,
    pub cleanup_dir: String,
    pub flag: Option<String>,
    pub append: Option<String>,
    #[serde(default)]
    pub cleaned_by: Vec<String>,
    #[serde(default)]
    pub disabled_by_env: Vec<String>,
}

/// A language ecosystem (see `transforms/ecosystems.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ecosystem {
    pub name: String,
    pub install: Vec<String>,
    #[serde(default)]
    pub bare: bool,
    #[serde(default)]
    pub options_with_value: Vec<String>,
    #[serde(default)]
    pub requires: Vec<Vec<String>>,
    #[serde(default)]
    pub forbids: Vec<String>,
    #[serde(default)]
    pub manifests: Vec<String>,
    #[serde(default)]
    pub optional: Vec<String>,
    pub check: Option<String>,
    pub from_args: Option<String>,
    #[serde(default)]
    pub outputs: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ManagersFile {
    manager: Vec<PackageManager>,
}

#[derive(Debug, Deserialize)]
struct EcosystemsFile {
    ecosystem: Vec<Ecosystem>,
}

pub struct Knowledge {
    pub managers: Vec<PackageManager>,
    pub ecosystems: Vec<Ecosystem>,
}

impl Knowledge {
    /// A package manager by its `name` in `transforms/package-managers.toml`.
    pub fn manager(&self, name: &str) -> Option<&PackageManager> {
        self.managers.iter().find(|manager| manager.name == name)
    }
}

const MANAGERS: &str = include_str!("../transforms/package-managers.toml");
const ECOSYSTEMS: &str = include_str!("../transforms/ecosystems.toml");

fn load() -> Result<Knowledge, String> {
    let managers: ManagersFile =
        toml::from_str(MANAGERS).map_err(|e| format!("transforms/package-managers.toml: {e}"))?;
    let ecosystems: EcosystemsFile =
        toml::from_str(ECOSYSTEMS).map_err(|e| format!("transforms/ecosystems.toml: {e}"))?;
    Ok(Knowledge {
        managers: managers.manager,
        ecosystems: ecosystems.ecosystem,
    })
}

static KNOWLEDGE: LazyLock<Knowledge> = LazyLock::new(|| {
    // The files are part of the build and checked by a unit test; an empty table would
    // only switch the rules that use it off.
    load().unwrap_or(Knowledge {
        managers: Vec::new(),
        ecosystems: Vec::new(),
    })
});

pub fn knowledge() -> &'static Knowledge {
    &KNOWLEDGE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_transforms_load() {
        let knowledge = load().unwrap();
        assert!(knowledge.managers.iter().any(|m| m.name == "apt"));
        assert!(knowledge.ecosystems.iter().any(|e| e.name == "npm"));
        for manager in &knowledge.managers {
            assert!(
                manager.flag.is_some() != manager.append.is_some(),
                "{}: exactly one of flag and append",
                manager.name
            );
        }
    }
}
