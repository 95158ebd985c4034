use std::collections::BTreeMap;

use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::{Args, Keyword, image};

rule! {
    /// Build on a fixed base image: a version tag at least, the digest your configuration pins.
    ///
    /// ## What it does
    /// Reports a `FROM` whose image has no tag or the tag `latest`. When the configuration
    /// pins the image (`[pins]` in `dockfix.toml`: an image name, or a name and tag, to a
    /// reference with a digest), it reports every `FROM` of that image without a digest and
    /// replaces the reference with the pinned one.
    ///
    /// Stage names, `scratch`, references with a variable (`node:${VERSION}`) and references
    /// that already have a digest are left alone. A pin applies when its name is the image's
    /// (`docker.io/library/node`, `library/node` and `node` are the same image); a pin for
    /// `name:tag` wins over a pin for `name`.
    ///
    /// ## Why is this bad?
    /// A tag is a pointer that moves: `latest` (or no tag) follows every release, even a
    /// major one, and `node:20` follows every point release. Two builds of the same commit
    /// then run on different images. Docker's best-practice guide recommends pinning base
    /// images to a digest, so that an update is a reviewed change of the Dockerfile.
    ///
    /// ## Example
    /// With this configuration:
    /// ```toml
    /// [pins]
    /// "node:20" = "node:20@sha256:<64 hex digits>"
    /// ```
    /// ```dockerfile
    /// FROM node:20 AS build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20@sha256:<64 hex digits> AS build
    /// ```
    ///
    /// ## Fix safety
    /// Safe when the pin names the same image and tag as the `FROM`: the fix only appends
    /// the digest to the reference as written, and that digest is the configuration's own
    /// statement of what the tag means. Unsafe when the pin
    /// changes the tag or the `FROM` had none (`FROM node` pinned to `node:20@sha256:...`):
    /// the build then runs on another image than before. Without a pin there is no fix: only
    /// a registry knows which digest a tag points to, and dockfix does not go online.
    pub struct PinBaseImage {
        code: "DF501",
        name: "pin-base-image",
        severity: Warning,
        fix: Sometimes,
        aliases: ["DL3006", "DL3007"],
    }
}

impl Rule for PinBaseImage {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (index, instruction, command) in context.commands() {
            let Args::List(words) = &command.args else {
                continue;
            };
            if command.keyword != Keyword::From {
                continue;
            }
            let Some(word) = words.first() else {
                continue;
            };
            let written = &instruction.logical.text[word.clone()];
            let Some(image) = HubRef::parse(written) else {
                continue;
            };
            if image.name.eq_ignore_ascii_case("scratch") || is_stage(context, index, written) {
                continue;
            }
            let Some(range) = context.source_range(instruction, word.clone()) else {
                continue;
            };
            let pin = pin_for(&image, context.pins);
            let floating = matches!(image.tag, None | Some("latest"));
            let message = match (pin, floating) {
                (Some((_, reference)), _) => {
                    format!(
                        "{written} is not pinned by digest; the configuration pins it to {reference}"
                    )
                }
                (None, true) => format!(
                    "FROM {written} follows whatever `latest` is at build time: name a version (and pin a digest)"
                ),
                (None, false) => continue,
            };
            let mut diagnostic = self.diagnostic(message, range.clone());
            if let Some((pinned, reference)) = pin {
                let title = format!("Pin to {reference}");
                let same_tag = pinned.tag.is_some() && pinned.tag == image.tag;
                diagnostic.fix = Some(match reference.rsplit_once('@') {
                    // Only the digest is new: keep the reference as written and add it.
                    Some((_, digest)) if same_tag => {
                        let end = range.end;
                        Fix::safe(title, vec![Edit::replace(end..end, format!("@{digest}"))])
                    }
                    _ => Fix::unsafe_(title, vec![Edit::replace(range, reference)]),
                });
            }
            diagnostics.push(diagnostic);
        }
    }
}

/// An image reference as written in FROM, as this rule compares them: Docker Hub's short
/// name and the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HubRef<'a> {
    /// The name without Docker Hub's implicit prefixes (`docker.io/`, `library/`).
    name: &'a str,
    tag: Option<&'a str>,
}

impl<'a> HubRef<'a> {
    /// `None` for references this rule cannot judge: with a digest already, with a
    /// variable, empty, or not a reference at all (a template's `{{placeholder}}`).
    fn parse(reference: &'a str) -> Option<Self> {
        if !image::is_plain(reference) {
            return None;
        }
        let image = image::ImageRef::parse(reference);
        Some(HubRef {
            name: image.hub_name(),
            tag: image.tag,
        })
    }
}

/// Whether pin key `key` (`name` or `name:tag`) and `reference` name the same image.
pub fn same_image(key: &str, reference: &str) -> bool {
    let without_digest = reference.rsplit_once('@').map_or(reference, |(r, _)| r);
    match (HubRef::parse(key), HubRef::parse(without_digest)) {
        (Some(key), Some(pinned)) => key.name == pinned.name,
        _ => false,
    }
}

/// Whether `FROM word` names an earlier stage (BuildKit compares stage names in any case).
fn is_stage(context: &Context, from_index: usize, word: &str) -> bool {
    context.stages.named_before(word, from_index).is_some()
}

/// The pin for `image`, parsed, with its reference: `name:tag` first, then `name`.
fn pin_for<'p>(
    image: &HubRef,
    pins: &'p BTreeMap<String, String>,
) -> Option<(HubRef<'p>, &'p str)> {
    let mut by_name = None;
    for (key, reference) in pins {
        let Some(key) = HubRef::parse(key) else {
            continue;
        };
        if key.name != image.name {
            continue;
        }
        // The reference without its digest says which image and tag it pins.
        let pinned_text = reference
            .rsplit_once('@')
            .map_or(reference.as_str(), |(r, _)| r);
        let Some(pinned) = HubRef::parse(pinned_text) else {
            continue;
        };
        match key.tag {
            Some(tag) if image.tag == Some(tag) => return Some((pinned, reference)),
            Some(_) => {}
            None => by_name = Some((pinned, reference.as_str())),
        }
    }
    by_name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references() {
        let parse = |text| HubRef::parse(text).map(|r| (r.name, r.tag));
        assert_eq!(parse("node"), Some(("node", None)));
        assert_eq!(parse("node:20"), Some(("node", Some("20"))));
        assert_eq!(
            parse("docker.io/library/node:20"),
            Some(("node", Some("20")))
        );
        assert_eq!(parse("library/node"), Some(("node", None)));
        assert_eq!(
            parse("localhost:5000/team/app"),
            Some(("localhost:5000/team/app", None))
        );
        assert_eq!(
            parse("ghcr.io/o/app:1.2"),
            Some(("ghcr.io/o/app", Some("1.2")))
        );
        assert_eq!(parse("node:20@sha256:abc"), None);
        assert_eq!(parse("node:${VERSION}"), None);
        assert_eq!(parse("{{baseImageTag}}"), None);
    }

    #[test]
    fn a_tag_pin_wins_over_a_name_pin() {
        let pins = BTreeMap::from([
            ("node".to_string(), "node:22@sha256:2".to_string()),
            ("node:20".to_string(), "node:20@sha256:1".to_string()),
        ]);
        let pin = |text| pin_for(&HubRef::parse(text).unwrap(), &pins).map(|(_, r)| r);
        assert_eq!(pin("node:20"), Some("node:20@sha256:1"));
        assert_eq!(pin("docker.io/node:18"), Some("node:22@sha256:2"));
        assert_eq!(pin("python:3"), None);
    }
}
