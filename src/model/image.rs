//! Image references as FROM lines write them: `[registry[:port]/]path[:tag][@digest]`. One
//! reading for every rule that asks which image a stage starts from.

/// An image reference split into its parts (nothing checked: a variable or a template's
/// `{{placeholder}}` splits too; see `is_plain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// Registry and path, without tag and digest: `docker.io/library/python`.
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    pub fn parse(reference: &'a str) -> Self {
        let (named, digest) = match reference.split_once('@') {
            Some((named, digest)) => (named, Some(digest)),
            None => (reference, None),
        };
        // A `:` after the last `/` starts the tag (one before it is a registry's port).
        let name_start = named.rfind('/').map_or(0, |slash| slash + 1);
        let (repository, tag) = match named[name_start..].rfind(':') {
            Some(colon) => {
                let colon = name_start + colon;
                (&named[..colon], Some(&named[colon + 1..]))
            }
            None => (named, None),
        };
        ImageRef {
            repository,
            tag,
            digest,
        }
    }

    /// The last part of the path: `python` for `docker.io/library/python:3.12`.
    pub fn name(&self) -> &'a str {
        let repository = self.repository;
        repository
            .rfind('/')
            .map_or(repository, |slash| &repository[slash + 1..])
    }

    /// The repository as Docker Hub's short form: `docker.io/library/node`,
    /// `index.docker.io/library/node` and `library/node` are `node`.
    pub fn hub_name(&self) -> &'a str {
        let repository = ["docker.io/", "index.docker.io/"]
            .iter()
            .find_map(|registry| self.repository.strip_prefix(registry))
            .unwrap_or(self.repository);
        repository.strip_prefix("library/").unwrap_or(repository)
    }
}

/// Whether `reference` is a plain reference without a digest: not empty, no variable, no
/// template, nothing but the characters of names, tags, ports and paths.
pub fn is_plain(reference: &str) -> bool {
    !reference.is_empty()
        && reference
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_split_into_their_parts() {
        let image = ImageRef::parse("localhost:5000/team/app:1.2@sha256:abc");
        assert_eq!(image.repository, "localhost:5000/team/app");
        assert_eq!((image.tag, image.digest), (Some("1.2"), Some("sha256:abc")));
        assert_eq!(image.name(), "app");
        let image = ImageRef::parse("localhost:5000/app");
        assert_eq!((image.repository, image.tag), ("localhost:5000/app", None));
        let image = ImageRef::parse("docker.io/library/python:3.12-slim");
        assert_eq!((image.name(), image.hub_name()), ("python", "python"));
        assert_eq!(ImageRef::parse("library/node").hub_name(), "node");
        assert_eq!(ImageRef::parse("ghcr.io/a/b").hub_name(), "ghcr.io/a/b");
        assert!(is_plain("node:20") && !is_plain("node@sha256:x") && !is_plain("${IMAGE}"));
    }
}
