use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Args, Keyword};

rule! {
    /// A secret passed as ARG or ENV stays in the image: use a secret mount.
    ///
    /// ## What it does
    /// Reports an `ARG` or `ENV` (also under `ONBUILD`) whose name says it holds a secret:
    /// a word of the name, split on `_`, is one of BuildKit's `apikey`, `auth`, `credential`,
    /// `credentials`, `key`, `password`, `pword`, `passwd`, `secret`, `token` (any case).
    /// This is BuildKit's check `SecretsUsedInArgOrEnv`, with the same words.
    ///
    /// It stays away from names that say the value is not a secret: BuildKit's own
    /// exceptions (a word `public`, `file` or `version`: `SSH_PUBLIC_KEY`,
    /// `DB_PASSWORD_FILE`, `AUTH_VERSION`), and, unlike BuildKit, GPG and PGP key
    /// identifiers (`GPG_KEY`, `PYTHON_GPG_KEY`, `RABBITMQ_PGP_KEY_ID`: a word `gpg`, `pgp`,
    /// `gnupg`, `fingerprint`, `keyring` or `keyserver`), which the official images use to
    /// verify downloads and which are public, names of a place rather than a value (a word
    /// `path` or `dir`: `SSL_KEY_PATH`), and apt-key's `APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE`
    /// (a word `apt`), and a `Key` segment of a .NET configuration path
    /// (`DefaultProcess__Filters__0__Key=ProcessId`, a dictionary key). BuildKit reports
    /// those; here they count as false positives. On the corpus BuildKit's words alone would
    /// also report the official images' `GPG_KEY`, `PYTHON_GPG_KEY`, `*_PGP_KEY_ID(S)`.
    ///
    /// ## Why is this bad?
    /// ENV values are stored in the image's configuration, and ARG values in its build
    /// history (`docker history` shows them for every RUN that follows): anyone who can pull
    /// the image can read them. A secret mount (`RUN --mount=type=secret,id=npm_token ...`,
    /// built with `docker build --secret id=npm_token,env=NPM_TOKEN`) gives the secret to one
    /// RUN as a file and leaves no trace in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NPM_TOKEN
    /// RUN NPM_TOKEN=$NPM_TOKEN npm ci
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the build command has to pass the secret differently (`--secret` instead of
    /// `--build-arg`), which a change to the Dockerfile cannot do.
    pub struct SecretsInArgEnv {
        code: "DF701",
        name: "secrets-in-arg-or-env",
        severity: Warning,
        fix: None,
        aliases: ["SecretsUsedInArgOrEnv"],
    }
}

/// BuildKit's words for a secret (`getSecretsRegex` in `dockerfile2llb/validations.go`).
const SECRET_WORDS: [&str; 10] = [
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

/// Words that say the value is not a secret: BuildKit's (`public`, `file`, `version`),
/// then ours (GPG key identifiers, places, apt-key's setting).
const NOT_SECRET_WORDS: [&str; 12] = [
    "public",
    "file",
    "version",
    "gpg",
    "pgp",
    "gnupg",
    "fingerprint",
    "keyring",
    "keyserver",
    "path",
    "dir",
    "apt",
];

/// Whether a variable name says it holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    // In a .NET configuration path (`Filters__0__Key`), a segment `Key` names a dictionary
    // key, not a secret.
    let words = || {
        name.split("__")
            .filter(|segment| !segment.eq_ignore_ascii_case("key"))
            .flat_map(|segment| segment.split('_'))
    };
    let has = |list: &[&str]| words().any(|w| list.iter().any(|s| w.eq_ignore_ascii_case(s)));
    has(&SECRET_WORDS) && !has(&NOT_SECRET_WORDS)
}

impl Rule for SecretsInArgEnv {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        for (_, instruction, command) in context.effective_commands() {
            let keyword = match command.keyword {
                Keyword::Arg => "ARG",
                Keyword::Env => "ENV",
                _ => continue,
            };
            let line = instruction.logical.text.as_ref();
            // (name, its range in the logical line)
            let names: Vec<(&str, std::ops::Range<usize>)> = match &command.args {
                Args::Words(words) => words
                    .iter()
                    .map(|word| {
                        let name = word.text.split('=').next().unwrap_or(&word.text);
                        (name, word.range.start..word.range.start + name.len())
                    })
                    .collect(),
                Args::Pairs(pairs) => pairs
                    .iter()
                    .map(|pair| {
                        let start = pair.word.range.start;
                        (pair.key.as_str(), start..start + pair.key.len())
                    })
                    .collect(),
                Args::Legacy { key, .. } => vec![(&line[key.clone()], key.clone())],
                _ => continue,
            };
            for (name, range) in names {
                if !is_secret_name(name) {
                    continue;
                }
                diagnostics.push(self.diagnostic(
                    format!(
                        "{keyword} {name} may hold a secret, which stays in the image: use `RUN --mount=type=secret`"
                    ),
                    context.span(instruction, range),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn secret_names_as_buildkit_reads_them() {
        for name in [
            "NPM_TOKEN",
            "api_key",
            "DATABASE_PASSWORD",
            "AUTH",
            "secret_MESSAGE",
            "AWS_SECRET_ACCESS_KEY",
            "LICENSE_KEY",
            "ConnectionStrings__ApiKey",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "MONKEY",
            "TOKENS_DIR",
            "KEYS",
            "SSH_PUBLIC_KEY",
            "DB_PASSWORD_FILE",
            "AUTH_VERSION",
            "GPG_KEY",
            "PYTHON_GPG_KEY",
            "GPG_KEYS",
            "RABBITMQ_PGP_KEY_ID",
            "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE",
            "PASSWORDLESS",
            "DefaultProcess__Filters__0__Key",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
