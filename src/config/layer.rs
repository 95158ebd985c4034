//! One configuration file or `--config` fragment: its schema as serde reads it, checked,
//! with its patterns compiled and its paths resolved.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::error::{Source, dotted};
use super::patterns::{PatternMap, Patterns};
use super::{ConfigError, Origin, absolute};
use crate::format::{Indent, OperatorPosition};
use crate::settings::MergePolicy;

/// What one file or fragment sets, checked and with its paths resolved.
#[derive(Debug, Clone, Default)]
pub(super) struct Layer {
    pub extend: Option<Extend>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub unsafe_fixes: Option<bool>,
    pub merge_policy: Option<MergePolicy>,
    pub indent: Option<Indent>,
    pub operator_position: Option<OperatorPosition>,
    pub per_file_ignores: Option<Arc<PatternMap<Vec<String>>>>,
    pub include: Option<Arc<Patterns>>,
    pub exclude: Option<Arc<Patterns>>,
    pub context: Option<Arc<PatternMap<PathBuf>>>,
    pub pins: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub(super) struct Extend {
    /// Absolute path of the file extended.
    pub path: PathBuf,
    pub span: Range<usize>,
}

impl Layer {
    /// What `nearer` sets replaces what `self` has; pins merge.
    pub fn merge(&mut self, nearer: &Layer) {
        fn replace<T: Clone>(value: &mut Option<T>, nearer: &Option<T>) {
            if nearer.is_some() {
                value.clone_from(nearer);
            }
        }
        replace(&mut self.select, &nearer.select);
        replace(&mut self.ignore, &nearer.ignore);
        replace(&mut self.unsafe_fixes, &nearer.unsafe_fixes);
        replace(&mut self.merge_policy, &nearer.merge_policy);
        replace(&mut self.indent, &nearer.indent);
        replace(&mut self.operator_position, &nearer.operator_position);
        replace(&mut self.per_file_ignores, &nearer.per_file_ignores);
        replace(&mut self.include, &nearer.include);
        replace(&mut self.exclude, &nearer.exclude);
        replace(&mut self.context, &nearer.context);
        self.pins
            .extend(nearer.pins.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// Parse and check `text`; patterns and paths are relative to `folder`.
    pub fn parse(text: &str, origin: &Origin, folder: &Path) -> Result<Layer, ConfigError> {
        let source = Source::new(origin, text);
        let raw: RawConfig = toml::from_str(text).map_err(|error| source.toml_error(&error))?;
        let mut layer = Layer::default();
        let rules = |list: Option<Vec<Spanned<String>>>, key: &str| {
            list.map(|list| rule_list(&source, list, key)).transpose()
        };
        if let Some(extend) = raw.extend {
            let span = extend.span();
            if let Origin::Override(_) = origin {
                let message = "`extend` cannot be a --config fragment; use --config PATH";
                return Err(source.error(span, message.into()));
            }
            let target = absolute(folder, Path::new(extend.get_ref()));
            if extend.get_ref().is_empty() || !target.is_file() {
                let message = "extend: not a file (the path is relative to this file's folder)";
                return Err(source.error(span, message.into()));
            }
            layer.extend = Some(Extend { path: target, span });
        }
        if let Some(section) = raw.rules {
            layer.select = rules(section.select, "rules.select")?;
            layer.ignore = rules(section.ignore, "rules.ignore")?;
            layer.unsafe_fixes = section.unsafe_fixes;
            layer.merge_policy = section.merge_runs.map(|table| table.policy);
        }
        if let Some(table) = raw.per_file_ignores {
            let mut entries = Vec::new();
            let mut spans = Vec::new();
            for (pattern, list) in table {
                let key = format!("per-file-ignores.{}", dotted(&[pattern.get_ref().clone()]));
                spans.push((pattern.span(), key.clone()));
                entries.push((pattern.into_inner(), rule_list(&source, list, &key)?));
            }
            let map = PatternMap::new(folder, entries.iter().map(|(p, v)| (p.as_str(), v.clone())))
                .map_err(|bad| {
                    let (span, key) = spans[bad.index].clone();
                    source.error(span, format!("{key}: invalid pattern: {}", bad.reason))
                })?;
            layer.per_file_ignores = Some(Arc::new(map));
        }
        if let Some(section) = raw.format {
            layer.indent = section.indent.map(|IndentValue(indent)| indent);
            layer.operator_position = section.operator_position;
        }
        if let Some(section) = raw.files {
            let list = |patterns: Option<Vec<Spanned<String>>>, key: &str| {
                let Some(patterns) = patterns else {
                    return Ok(None);
                };
                Patterns::new(folder, patterns.iter().map(|p| p.get_ref().as_str()))
                    .map(|compiled| Some(Arc::new(compiled)))
                    .map_err(|bad| {
                        let message = format!("{key}: invalid pattern: {}", bad.reason);
                        source.error(patterns[bad.index].span(), message)
                    })
            };
            layer.include = list(section.include, "files.include")?;
            layer.exclude = list(section.exclude, "files.exclude")?;
        }
        if let Some(overrides) = raw.context {
            let mut entries = Vec::new();
            for entry in &overrides {
                let path = absolute(folder, Path::new(entry.path.get_ref()));
                if !path.is_dir() {
                    let message =
                        "context.path: not a folder (the path is relative to this file's folder)";
                    return Err(source.error(entry.path.span(), message.into()));
                }
                entries.push((entry.dockerfile.get_ref().as_str(), path));
            }
            let map = PatternMap::new(folder, entries).map_err(|bad| {
                let message = format!("context.dockerfile: invalid pattern: {}", bad.reason);
                source.error(overrides[bad.index].dockerfile.span(), message)
            })?;
            layer.context = Some(Arc::new(map));
        }
        for (image, reference) in raw.pins.unwrap_or_default() {
            pin(&source, &image, &reference)?;
            layer
                .pins
                .insert(image.into_inner(), reference.into_inner());
        }
        Ok(layer)
    }
}

/// Rule selectors, each of which must pick a rule.
fn rule_list(
    source: &Source,
    list: Vec<Spanned<String>>,
    key: &str,
) -> Result<Vec<String>, ConfigError> {
    list.into_iter()
        .map(|selector| {
            if crate::passes::is_known_selector(selector.get_ref()) {
                return Ok(selector.into_inner());
            }
            let message = format!(
                "{key}: not a rule code, code prefix or rule name (see `dockfix rule --all`)"
            );
            Err(source.error(selector.span(), message))
        })
        .collect()
}

/// A pin: an image name, and a reference with a digest.
fn pin(
    source: &Source,
    image: &Spanned<String>,
    reference: &Spanned<String>,
) -> Result<(), ConfigError> {
    let name = image.get_ref();
    let key = format!("pins.{}", dotted(std::slice::from_ref(name)));
    if name.is_empty() || name.contains(char::is_whitespace) || name.contains('@') {
        let message = format!("{key}: the key is not an image name");
        return Err(source.error(image.span(), message));
    }
    let digest = reference.get_ref().rsplit_once('@').map(|(_, d)| d);
    let valid = digest
        .and_then(|d| d.split_once(':'))
        .is_some_and(|(algorithm, hex)| {
            let length = match algorithm {
                "sha256" => 64,
                "sha512" => 128,
                _ => return false,
            };
            hex.len() == length && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        });
    if !valid {
        let message = format!("{key}: no digest (expected `image:tag@sha256:<64 hex digits>`)");
        return Err(source.error(reference.span(), message));
    }
    if !crate::passes::pin_base_image::same_image(name, reference.get_ref()) {
        let message = format!("{key}: the reference names another image");
        return Err(source.error(reference.span(), message));
    }
    Ok(())
}

// The schema, as serde reads it. Every key is optional so that files and fragments can
// set only what they change.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    extend: Option<Spanned<String>>,
    rules: Option<RawRules>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    format: Option<RawFormat>,
    files: Option<RawFiles>,
    context: Option<Vec<RawContext>>,
    pins: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    unsafe_fixes: Option<bool>,
    merge_runs: Option<RawMergeRuns>,
}

/// `[rules.merge-runs]`: which consecutive RUNs DF101 merges.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMergeRuns {
    policy: MergePolicy,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFormat {
    indent: Option<IndentValue>,
    operator_position: Option<OperatorPosition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFiles {
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawContext {
    dockerfile: Spanned<String>,
    path: Spanned<String>,
}

/// `indent = 4` or `indent = "tab"`.
#[derive(Debug)]
struct IndentValue(Indent);

impl<'de> Deserialize<'de> for IndentValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        const EXPECTED: &str = "expected a number of spaces (1-16) or \"tab\"";
        impl serde::de::Visitor<'_> for Visitor {
            type Value = IndentValue;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&EXPECTED["expected ".len()..])
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<IndentValue, E> {
                match u8::try_from(value) {
                    Ok(n @ 1..=16) => Ok(IndentValue(Indent::Spaces(n))),
                    _ => Err(E::custom(EXPECTED)),
                }
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<IndentValue, E> {
                if value.eq_ignore_ascii_case("tab") {
                    return Ok(IndentValue(Indent::Tab));
                }
                Err(E::custom(EXPECTED))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
