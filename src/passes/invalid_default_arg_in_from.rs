use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::stage_refs::from_line;
use crate::model::variables::{expand, global_args};

rule! {
    /// A FROM whose global ARG defaults give an empty or invalid image name.
    ///
    /// ## What it does
    /// Expands the image of each FROM with the defaults of the global ARGs (as a build
    /// without `--build-arg` does) and reports it when the result is not a valid image
    /// reference: `FROM alpine:${TAG}` with `ARG TAG` and no default gives `alpine:`.
    /// BuildKit's `InvalidDefaultArgInFrom`.
    ///
    /// ## Why is this bad?
    /// The file only builds when every caller passes the right `--build-arg`; a plain
    /// `docker build .` fails with a confusing reference error.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM alpine:${TAG}
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ARG TAG=3.20
    /// FROM alpine:${TAG}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the default is the author's to choose. An image that uses expansions dockfix
    /// does not evaluate (`${X/a/b}`, `${X:?}`) is not reported.
    pub struct InvalidDefaultArgInFrom {
        code: "DF507",
        name: "invalid-default-arg-in-from",
        severity: Warning,
        fix: None,
        aliases: ["InvalidDefaultArgInFrom"],
    }
}

impl Rule for InvalidDefaultArgInFrom {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        let escape = context.dockerfile.tree.escape.char();
        // Only a base image that names a variable can expand to something invalid: most
        // files have none, and then there is nothing to evaluate.
        let with_variables: Vec<_> = context
            .stages
            .iter()
            .filter_map(|stage| {
                let instruction = &context.instructions()[stage.from];
                let from = from_line(instruction)?;
                let base = instruction.text(from.base.clone());
                base.contains('$').then_some((instruction, from, base))
            })
            .collect();
        if with_variables.is_empty() {
            return;
        }
        // The global ARGs with their defaults, expanded in order (BuildKit's meta args).
        let mut values: Vec<(String, Option<String>)> = platform_defaults();
        for declaration in global_args(context.dockerfile) {
            let Some(default) = declaration.value else {
                // `ARG NAME` without a default sets nothing (nor unsets an earlier value).
                if !values.iter().any(|(name, _)| *name == declaration.name) {
                    values.push((declaration.name, None));
                }
                continue;
            };
            let lookup = |name: &str| lookup(&values, name);
            let Some(value) = expand(&default, escape, &lookup) else {
                return;
            };
            values.retain(|(name, _)| *name != declaration.name);
            values.push((declaration.name, Some(value)));
        }
        for (instruction, from, base) in with_variables {
            let Some(image) = expand(base, escape, &|name| lookup(&values, name)) else {
                continue;
            };
            if is_valid_reference(&image) {
                continue;
            }
            diagnostics.push(self.diagnostic(
                format!(
                    "Default value for ARG {base} results in empty or invalid base image name {image:?}"
                ),
                context.span(instruction, from.base),
            ));
        }
    }
}

fn lookup(values: &[(String, Option<String>)], name: &str) -> Option<String> {
    values
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.clone())
}

/// BuildKit's predefined args, as on a linux/amd64 builder.
fn platform_defaults() -> Vec<(String, Option<String>)> {
    [
        ("BUILDPLATFORM", "linux/amd64"),
        ("BUILDOS", "linux"),
        ("BUILDOSVERSION", ""),
        ("BUILDARCH", "amd64"),
        ("BUILDVARIANT", ""),
        ("TARGETPLATFORM", "linux/amd64"),
        ("TARGETOS", "linux"),
        ("TARGETOSVERSION", ""),
        ("TARGETARCH", "amd64"),
        ("TARGETVARIANT", ""),
        ("TARGETSTAGE", "default"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), Some(value.to_string())))
    .collect()
}

/// The grammar of `reference.ParseNormalizedNamed`: `[domain/]path[:tag][@digest]`.
pub fn is_valid_reference(reference: &str) -> bool {
    let (rest, digest) = match reference.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (reference, None),
    };
    if let Some(digest) = digest {
        let Some((algorithm, hex)) = digest.split_once(':') else {
            return false;
        };
        let algorithm_ok = !algorithm.is_empty()
            && algorithm
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+._-".contains(c));
        if !algorithm_ok || hex.len() < 32 || !hex.chars().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
    }
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(colon) => (
            &rest[..last_slash + colon],
            Some(&rest[last_slash + colon + 1..]),
        ),
        None => (rest, None),
    };
    if let Some(tag) = tag {
        let mut chars = tag.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !first_ok
            || tag.len() > 128
            || !chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        {
            return false;
        }
    }
    let mut components: Vec<&str> = name.split('/').collect();
    if components.len() > 1 {
        let first = components[0];
        if first.contains(['.', ':']) || first == "localhost" {
            let domain_ok = !first.is_empty()
                && first
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
            if !domain_ok {
                return false;
            }
            components.remove(0);
        }
    }
    !components.is_empty() && components.iter().all(|c| is_path_component(c))
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let separator = &component[start..i];
        let ok = matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::is_valid_reference;

    #[test]
    fn references_follow_the_distribution_grammar() {
        for valid in [
            "alpine",
            "alpine:3.20",
            "docker.io/library/alpine:3",
            "localhost:5000/a/b",
            "ghcr.io/o/r@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "my-registry.example.com:443/team/app_1:v1.0-rc",
        ] {
            assert!(is_valid_reference(valid), "{valid}");
        }
        for invalid in ["", "alpine:", ":3.20", "Alpine", "a//b", "a/-b", "/alpine"] {
            assert!(!is_valid_reference(invalid), "{invalid}");
        }
    }
}
