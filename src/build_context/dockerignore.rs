//! `.dockerignore` as BuildKit reads it: paths relative to the context root, `*` within one
//! folder, `**` across folders, `!` for exceptions, the last matching pattern wins, and a
//! pattern that matches a folder excludes what is inside it.

/// Compiled `.dockerignore` patterns.
#[derive(Debug, Clone, Default)]
pub struct DockerIgnore {
    set: Option<globset::GlobSet>,
    /// For each pattern, whether it is an exception (`!pattern`).
    exceptions: Vec<bool>,
    /// The patterns as written, without `!`, leading `./` or `/` and trailing `/`.
    patterns: Vec<String>,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> DockerIgnore {
        let mut builder = globset::GlobSetBuilder::new();
        let mut exceptions = Vec::new();
        let mut patterns = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exception, pattern) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let pattern = pattern
                .trim_start_matches("./")
                .trim_start_matches('/')
                .trim_end_matches('/');
            let Ok(glob) = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
            else {
                continue;
            };
            builder.add(glob);
            exceptions.push(exception);
            patterns.push(pattern.to_string());
        }
        DockerIgnore {
            set: builder.build().ok(),
            exceptions,
            patterns,
        }
    }

    /// Whether any pattern is an exception (`!pattern`): BuildKit's `CopyIgnoredFile` then
    /// stays silent, since a folder may be excluded and a file in it let back in.
    pub fn has_exceptions(&self) -> bool {
        self.exceptions.contains(&true)
    }

    /// Whether a pattern excludes every entry of the root (`*`, `**`, `**/*`).
    pub fn excludes_everything(&self) -> bool {
        self.patterns
            .iter()
            .zip(&self.exceptions)
            .any(|(pattern, &exception)| {
                !exception && matches!(pattern.as_str(), "*" | "**" | "**/*")
            })
    }

    /// Whether `relative` is excluded (itself or a folder above it).
    pub fn is_ignored(&self, relative: &str) -> bool {
        let Some(set) = &self.set else {
            return false;
        };
        let relative = super::normalize(relative);
        let mut ignored = false;
        let mut prefixes: Vec<&str> = relative
            .match_indices('/')
            .map(|(i, _)| &relative[..i])
            .collect();
        prefixes.push(relative);
        for prefix in prefixes {
            if let Some(&last) = set.matches(prefix).iter().max() {
                ignored = !self.exceptions[last];
            }
        }
        ignored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_semantics() {
        let ignore = DockerIgnore::parse("node_modules\n*.md\n!README.md\n**/*.log\n/build/\n");
        assert!(ignore.is_ignored("node_modules/x/package.json"));
        assert!(ignore.is_ignored("CHANGES.md"));
        assert!(!ignore.is_ignored("README.md"));
        assert!(!ignore.is_ignored("docs/guide.md"));
        assert!(ignore.is_ignored("a/b/c.log"));
        assert!(ignore.is_ignored("build/out"));
        assert!(ignore.is_ignored("./build/out"));
        assert!(!ignore.is_ignored("package.json"));
    }
}
