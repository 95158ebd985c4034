//! What the server knows about a document at one version: the settings that apply to it,
//! its findings (with their fixes, for code actions), or why there are none (a syntax
//! error, a broken configuration), and all of it as LSP diagnostics.

use std::path::{Path, PathBuf};

use lsp_types::{DiagnosticSeverity, DiagnosticTag, NumberOrString};

use super::document::{Document, Encoding};
use super::uri;
use crate::build_context::{BuildContext, DiskContext};
use crate::config::{ConfigArguments, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Dockerfile;
use crate::settings::Settings;
use crate::suppression::hadolint_config::HadolintConfigs;

/// Where the documents' configuration is looked up from.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The workspace's root (or the server's current folder): configuration paths in
    /// messages are shown relative to it.
    pub root: PathBuf,
}

/// The settings and build context of one document.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub settings: Settings,
    pub build_context: Option<DiskContext>,
}

impl Setup {
    /// The build context, for the rules.
    pub fn context(&self) -> Option<&dyn BuildContext> {
        self.build_context.as_ref().map(|c| c as &dyn BuildContext)
    }
}

impl Workspace {
    /// The settings of the document at `uri`, read afresh (a configuration file edited a
    /// moment ago applies at once): the nearest `dockfix.toml` (or hadolint's `ignored`
    /// list where there is none) and the document's folder as build context. A document
    /// that is not a file (`untitled:`) gets the defaults.
    pub fn setup(&self, uri: &str) -> Result<Setup, String> {
        let Some(path) = uri::to_path(uri) else {
            return Ok(Setup::default());
        };
        let resolver = Resolver::new(self.root.clone(), &ConfigArguments::default())
            .map_err(|error| error.to_string())?;
        let file = resolver
            .for_dockerfile(&path)
            .map_err(|error| error.to_string())?;
        let mut settings = file.settings;
        if file.config.is_none() {
            settings
                .ignore
                .extend(HadolintConfigs::new(resolver.folders()).ignored_for(&path)?);
        }
        let name = path.file_name().and_then(|name| name.to_str());
        let folder = if file.context.is_absolute() {
            file.context.clone()
        } else {
            self.root.join(&file.context)
        };
        Ok(Setup {
            settings,
            build_context: Some(DiskContext::with_folders(&folder, name, resolver.folders())),
        })
    }
}

/// Why a document has no findings and no fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// BuildKit would reject the file.
    Syntax,
    /// The configuration that applies to it is broken.
    Configuration,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    pub version: i32,
    pub setup: Setup,
    pub findings: Vec<Diagnostic>,
    pub blocked: Option<Blocked>,
    pub diagnostics: Vec<lsp_types::Diagnostic>,
}

/// Check a document as `dockfix check` would.
pub fn analyse(
    document: &Document,
    uri: &str,
    workspace: &Workspace,
    encoding: Encoding,
) -> Analysis {
    let text = &document.text;
    let mut analysis = Analysis {
        version: document.version,
        setup: Setup::default(),
        findings: Vec::new(),
        blocked: None,
        diagnostics: Vec::new(),
    };
    let setup = match workspace.setup(uri) {
        Ok(setup) => setup,
        Err(message) => {
            analysis.blocked = Some(Blocked::Configuration);
            analysis.diagnostics.push(problem(
                document.range(0..0, encoding),
                format!("dockfix could not read its configuration: {message}"),
            ));
            return analysis;
        }
    };
    let dockerfile = Dockerfile::parse(text);
    let errors: Vec<_> = dockerfile
        .errors()
        .iter()
        .filter(|error| error.kind.blocks_rewrite())
        .collect();
    if !errors.is_empty() {
        analysis.blocked = Some(Blocked::Syntax);
        analysis.diagnostics = errors
            .iter()
            .map(|error| {
                problem(
                    document.range(error.range.clone(), encoding),
                    error.message.clone(),
                )
            })
            .collect();
        analysis.setup = setup;
        return analysis;
    }
    analysis.findings = crate::engine::check(&dockerfile, &setup.settings, setup.context());
    analysis.diagnostics = analysis
        .findings
        .iter()
        .map(|finding| to_lsp(document, finding, encoding))
        .collect();
    analysis.setup = setup;
    analysis
}

/// A finding as an LSP diagnostic: code, rule name, severity and exact range.
pub fn to_lsp(
    document: &Document,
    finding: &Diagnostic,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let severity = match finding.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let unnecessary =
        finding.code == crate::passes::unused_suppression::UnusedSuppression::INFO.code;
    lsp_types::Diagnostic {
        range: document.range(finding.range.clone(), encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(finding.code.to_string())),
        source: Some("dockfix".to_string()),
        message: format!("{} ({})", finding.message, finding.name),
        tags: unnecessary.then(|| vec![DiagnosticTag::UNNECESSARY]),
        ..lsp_types::Diagnostic::default()
    }
}

/// An error that stops dockfix from checking the document.
fn problem(range: lsp_types::Range, message: String) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("dockfix".to_string()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

/// Hover text over the findings at `offset`: each rule's documentation (`dockfix rule CODE`).
pub fn hover(analysis: &Analysis, offset: usize) -> Option<String> {
    let mut sections: Vec<String> = Vec::new();
    for finding in &analysis.findings {
        if !(finding.range.start <= offset && offset <= finding.range.end) {
            continue;
        }
        let Some(rule) = crate::passes::find(finding.code) else {
            continue;
        };
        let info = rule.info();
        let section = format!(
            "**{}** `{}`\n\n{}",
            info.code,
            info.name,
            info.documentation().trim_end()
        );
        if !sections.contains(&section) {
            sections.push(section);
        }
    }
    (!sections.is_empty()).then(|| sections.join("\n\n---\n\n"))
}

/// The server's current folder, when the client names no workspace.
pub fn current_folder() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| Path::new("/").to_path_buf())
}
