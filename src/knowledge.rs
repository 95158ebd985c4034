//! Ecosystem knowledge as data: `transforms/*.toml`, embedded in the binary and read once.
//! Every field is typed: a value the code does not know (a misspelt check, a cleanup that is
//! neither a flag nor an appended command) is an error when the tables load, never a silent
//! default.

use std::sync::LazyLock;

use serde::Deserialize;

/// A package manager (see `transforms/package-managers.toml` for the fields' meaning).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PackageManager {
    pub name: String,
    pub programs: Vec<String>,
    /// Program words may carry a version: `pip3.12`, `python3.12 -m pip`.
    #[serde(default)]
    pub versioned: bool,
    #[serde(default)]
    pub options_with_value: Vec<String>,
    pub install: Vec<String>,
    /// The program with no subcommand installs (`yarn`, `yarn --frozen-lockfile`).
    #[serde(default)]
    pub bare_install: bool,
    #[serde(default)]
    pub update: Vec<String>,
    #[serde(default)]
    pub needs_update: bool,
    /// Options with which an install only pretends or installs nothing (`apt-get install -s`,
    /// `yarn --version`).
    #[serde(default)]
    pub dry_run: Vec<String>,
    /// Options with which an install downloads nothing, so fills no cache
    /// (`apk add --no-network`).
    #[serde(default)]
    pub offline: Vec<String>,
    /// The folders of the cache; the first is the one named in messages.
    pub cache: Vec<String>,
    pub cleanup: Cleanup,
    /// Why the cleanup may break the image, when it can: its fix is then unsafe.
    pub cleanup_risk: Option<String>,
    /// Other spellings of a `Cleanup::Flag` on the install command.
    #[serde(default)]
    pub flag_aliases: Vec<String>,
    /// Subcommands (one or more words) of the manager that remove the cache.
    #[serde(default)]
    pub cleaned_by: Vec<String>,
    #[serde(default)]
    pub disabled_by_env: Vec<String>,
    /// Subcommands that remove packages (`apt-get purge`, `apk del`).
    #[serde(default)]
    pub removes: Vec<String>,
    /// Consecutive installs may become one install of all their packages.
    #[serde(default)]
    pub combine_installs: bool,
}

/// How a package manager's cache is kept out of the layer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cleanup {
    /// An option on each install command (`apk add --no-cache`).
    Flag(String),
    /// A command appended to the RUN; `{program}` is the program the RUN used.
    Append(String),
}

impl PackageManager {
    /// The cache folder named in messages.
    pub fn cache_dir(&self) -> &str {
        self.cache.first().map_or("", String::as_str)
    }
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
    pub check: Option<ContentCheck>,
    pub from_args: Option<String>,
    #[serde(default)]
    pub outputs: Vec<String>,
}

/// What in the manifests' content can make an install read more than the manifests (see
/// `passes::manifests_first`, which implements each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContentCheck {
    /// `package.json` lifecycle scripts and workspaces.
    NpmScripts,
    /// As `npm-scripts`, and no `.yarnrc.yml` (Yarn 2+ settings).
    Yarn,
    /// As `npm-scripts`, and no `pnpm-workspace.yaml`.
    Pnpm,
    /// Requirements files: no editable or local-path requirements; `-r` includes followed.
    Requirements,
    /// `Pipfile`: no local paths, nothing editable.
    Pipfile,
    /// `pyproject.toml`: no uv workspace, no path sources.
    Uv,
    /// `go.mod`: no `replace` with a local path.
    GoMod,
    /// `Gemfile`: no `gemspec` or `path:`.
    Gemfile,
    /// `pom.xml`: no modules or parent.
    Maven,
    /// Never manifest-only: reported, never moved.
    Never,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManagersFile {
    manager: Vec<PackageManager>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EcosystemsFile {
    ecosystem: Vec<Ecosystem>,
}

/// What the rules know about well-known images (see `transforms/images.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Images {
    pub full_system: Vec<String>,
    pub rpm: Vec<String>,
    pub toolchain: Vec<String>,
}

pub struct Knowledge {
    pub managers: Vec<PackageManager>,
    pub ecosystems: Vec<Ecosystem>,
    pub images: Images,
}

impl Knowledge {
    /// A package manager by its `name` in `transforms/package-managers.toml`.
    pub fn manager(&self, name: &str) -> Option<&PackageManager> {
        self.managers.iter().find(|manager| manager.name == name)
    }
}

const MANAGERS: &str = include_str!("../transforms/package-managers.toml");
const ECOSYSTEMS: &str = include_str!("../transforms/ecosystems.toml");
const IMAGES: &str = include_str!("../transforms/images.toml");

fn load(managers: &str, ecosystems: &str, images: &str) -> Result<Knowledge, String> {
    let managers: ManagersFile =
        toml::from_str(managers).map_err(|e| format!("transforms/package-managers.toml: {e}"))?;
    let ecosystems: EcosystemsFile =
        toml::from_str(ecosystems).map_err(|e| format!("transforms/ecosystems.toml: {e}"))?;
    let images: Images =
        toml::from_str(images).map_err(|e| format!("transforms/images.toml: {e}"))?;
    Ok(Knowledge {
        managers: managers.manager,
        ecosystems: ecosystems.ecosystem,
        images,
    })
}

static KNOWLEDGE: LazyLock<Knowledge> = LazyLock::new(|| {
    // The files are part of the build and checked by a unit test; an empty table would
    // only switch the rules that use it off.
    load(MANAGERS, ECOSYSTEMS, IMAGES).unwrap_or(Knowledge {
        managers: Vec::new(),
        ecosystems: Vec::new(),
        images: Images::default(),
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
        let knowledge = load(MANAGERS, ECOSYSTEMS, IMAGES).unwrap();
        assert!(knowledge.managers.iter().any(|m| m.name == "apt"));
        assert!(knowledge.ecosystems.iter().any(|e| e.name == "npm"));
        let images = &knowledge.images;
        assert!(images.full_system.iter().any(|i| i == "debian"));
        assert!(images.rpm.iter().all(|i| images.full_system.contains(i)));
        assert!(images.toolchain.iter().any(|i| i == "golang"));
        for manager in &knowledge.managers {
            assert!(
                !manager.cache.is_empty(),
                "{}: no cache folder",
                manager.name
            );
        }
    }

    #[test]
    fn unknown_values_are_errors_when_the_tables_load() {
        let misspelt_check =
            ECOSYSTEMS.replace("check = \"npm-scripts\"", "check = \"npm-script\"");
        let error = load(MANAGERS, &misspelt_check, IMAGES).err().unwrap();
        assert!(error.contains("unknown variant `npm-script`"), "{error}");

        let unknown_cleanup = MANAGERS.replace("cleanup = { flag =", "cleanup = { option =");
        let error = load(&unknown_cleanup, ECOSYSTEMS, IMAGES).err().unwrap();
        assert!(error.contains("unknown variant `option`"), "{error}");

        let unknown_field = MANAGERS.replace("needs-update = true", "needs-updates = true");
        let error = load(&unknown_field, ECOSYSTEMS, IMAGES).err().unwrap();
        assert!(error.contains("unknown field `needs-updates`"), "{error}");

        let unknown_list = IMAGES.replace("toolchain =", "toolchains =");
        let error = load(MANAGERS, ECOSYSTEMS, &unknown_list).err().unwrap();
        assert!(error.contains("unknown field `toolchains`"), "{error}");
    }
}
