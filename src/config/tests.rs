//! The resolver on temporary trees: discovery, `extend`, fragments, patterns, errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::format::{FormatOptions, Indent, OperatorPosition};
use crate::settings::MergePolicy;

/// A temporary repository (a folder with `.git`, so discovery stops there).
struct Tree {
    root: tempfile::TempDir,
}

impl Tree {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir(root.path().join(".git")).expect("create .git");
        Tree { root }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        std::fs::write(path, text).expect("write");
        self
    }

    fn resolver(&self, values: &[&str]) -> Result<Resolver, ConfigError> {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        let cwd = self.root.path().to_path_buf();
        Resolver::new(cwd.clone(), &ConfigArguments::parse(&values, &cwd)?)
    }

    fn settings(&self, dockerfile: &str) -> FileSettings {
        self.resolver(&[])
            .expect("resolver")
            .for_dockerfile(Path::new(dockerfile))
            .expect("settings")
    }

    fn error(&self, dockerfile: &str) -> String {
        self.resolver(&[])
            .expect("resolver")
            .for_dockerfile(Path::new(dockerfile))
            .expect_err("an error")
            .to_string()
    }
}

#[test]
fn resolver_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Resolver>();
    shared::<FileSettings>();
}

#[test]
fn defaults_without_a_file() {
    let tree = Tree::new();
    let file = tree.settings("Dockerfile");
    assert!(file.config.is_none());
    assert!(file.settings.select.is_empty() && file.settings.ignore.is_empty());
    assert_eq!(file.settings.style, FormatOptions::default());
    assert_eq!(file.context, PathBuf::from("."));
}

#[test]
fn nearest_file_wins_without_merging() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[rules]\nignore = [\"DF101\"]\n[format]\nindent = 2\n",
    )
    .write("services/api/.dockfix.toml", "[format]\nindent = \"tab\"\n");
    let api = tree.settings("services/api/Dockerfile");
    assert_eq!(api.settings.style.indent, Indent::Tab);
    assert!(
        api.settings.ignore.is_empty(),
        "the root file is not merged"
    );
    assert_eq!(
        api.config,
        Some(PathBuf::from("services/api/.dockfix.toml"))
    );
    let web = tree.settings("services/web/Dockerfile");
    assert_eq!(web.settings.style.indent, Indent::Spaces(2));
    assert_eq!(web.settings.ignore, ["DF101"]);
    assert_eq!(web.context, PathBuf::from("services/web"));
}

#[test]
fn discovery_stops_at_the_repository_root() {
    let tree = Tree::new();
    tree.write("dockfix.toml", "[format]\nindent = 2\n")
        .write("vendored/.git/HEAD", "")
        .write("vendored/Dockerfile", "");
    assert_eq!(tree.settings("vendored/Dockerfile").config, None);
}

#[test]
fn extend_chain_inherits_and_overrides() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[rules]\nignore = [\"DF101\"]\nunsafe-fixes = true\n[pins]\nnode = \"node:20@sha256:0000000000000000000000000000000000000000000000000000000000000000\"\n",
    )
    .write(
        "services/dockfix.toml",
        "extend = \"../dockfix.toml\"\n[format]\noperator-position = \"end\"\n",
    )
    .write(
        "services/api/dockfix.toml",
        "extend = \"../dockfix.toml\"\n[rules]\nignore = [\"DF102\"]\n[pins]\npython = \"python:3.12@sha256:1111111111111111111111111111111111111111111111111111111111111111\"\n",
    );
    let file = tree.settings("services/api/Dockerfile");
    assert_eq!(file.settings.ignore, ["DF102"], "the nearer list replaces");
    assert!(file.settings.unsafe_fixes, "inherited from the root");
    assert_eq!(file.settings.style.operator_position, OperatorPosition::End);
    assert_eq!(
        file.settings.pins.keys().collect::<Vec<_>>(),
        ["node", "python"],
        "pins merge"
    );
}

#[test]
fn merge_policy_is_read_and_inherited() {
    let tree = Tree::new();
    assert_eq!(
        tree.settings("Dockerfile").settings.merge_policy,
        MergePolicy::Related,
        "the default"
    );
    tree.write("dockfix.toml", "[rules.merge-runs]\npolicy = \"all\"\n")
        .write("inherits/dockfix.toml", "extend = \"../dockfix.toml\"\n")
        .write(
            "overrides/dockfix.toml",
            "extend = \"../dockfix.toml\"\n[rules.merge-runs]\npolicy = \"related\"\n",
        );
    let policy = |dockerfile: &str| tree.settings(dockerfile).settings.merge_policy;
    assert_eq!(policy("Dockerfile"), MergePolicy::All);
    assert_eq!(policy("inherits/Dockerfile"), MergePolicy::All);
    assert_eq!(policy("overrides/Dockerfile"), MergePolicy::Related);
}

#[test]
fn extend_cycle_is_an_error() {
    let tree = Tree::new();
    tree.write("a/dockfix.toml", "extend = \"../b/dockfix.toml\"\n")
        .write("b/dockfix.toml", "\nextend = \"../a/dockfix.toml\"\n");
    let message = tree.error("a/Dockerfile");
    assert_eq!(
        message,
        "b/dockfix.toml:2:10: extend makes a cycle: a/dockfix.toml -> b/dockfix.toml -> a/dockfix.toml"
    );
    let message = tree.error("a/sub/Dockerfile");
    assert!(message.contains("cycle"), "{message}");
}

#[test]
fn extend_to_itself_is_a_cycle() {
    let tree = Tree::new();
    tree.write("dockfix.toml", "extend = \"./dockfix.toml\"\n");
    assert!(tree.error("Dockerfile").contains("extend makes a cycle"));
}

#[test]
fn extend_of_a_missing_file_is_an_error() {
    let tree = Tree::new();
    tree.write("dockfix.toml", "extend = \"base.toml\"\n");
    assert_eq!(
        tree.error("Dockerfile"),
        "dockfix.toml:1:10: extend: not a file (the path is relative to this file's folder)"
    );
}

#[test]
fn per_file_ignores_match_like_gitignore() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[rules]\nignore = [\"DF104\"]\n[per-file-ignores]\n\"legacy/**\" = [\"DF101\"]\n\"Dockerfile.dev\" = [\"merge-runs\", \"DF3\"]\n\"tools\" = [\"DF102\"]\n",
    );
    let legacy = tree.settings("legacy/old/Dockerfile");
    assert_eq!(legacy.settings.ignore, ["DF104", "DF101"]);
    let dev = tree.settings("app/Dockerfile.dev");
    assert_eq!(dev.settings.ignore, ["DF104", "merge-runs", "DF3"]);
    let tools = tree.settings("src/tools/x/Dockerfile");
    assert_eq!(tools.settings.ignore, ["DF104", "DF102"]);
    let plain = tree.settings("app/Dockerfile");
    assert_eq!(plain.settings.ignore, ["DF104"]);
    // `*` stays within one folder.
    tree.write(
        "dockfix.toml",
        "[per-file-ignores]\n\"a/*.Dockerfile\" = [\"DF101\"]\n",
    );
    assert!(tree.settings("a/b/x.Dockerfile").settings.ignore.is_empty());
    assert_eq!(tree.settings("a/x.Dockerfile").settings.ignore, ["DF101"]);
}

#[test]
fn per_file_patterns_are_relative_to_their_file() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[per-file-ignores]\n\"api/**\" = [\"DF101\"]\n",
    )
    .write("services/dockfix.toml", "extend = \"../dockfix.toml\"\n");
    assert!(
        tree.settings("services/api/Dockerfile")
            .settings
            .ignore
            .is_empty(),
        "api/** is relative to the root, not to services/"
    );
    assert_eq!(tree.settings("api/Dockerfile").settings.ignore, ["DF101"]);
}

#[test]
fn context_override_first_match_wins() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[[context]]\ndockerfile = \"services/*/Dockerfile\"\npath = \".\"\n\n[[context]]\ndockerfile = \"services/**\"\npath = \"services\"\n",
    )
    .write("services/api/Dockerfile", "");
    assert_eq!(
        tree.settings("services/api/Dockerfile").context,
        PathBuf::from(".")
    );
    assert_eq!(
        tree.settings("services/api/Dockerfile.dev").context,
        PathBuf::from("services")
    );
    assert_eq!(
        tree.settings("tools/Dockerfile").context,
        PathBuf::from("tools")
    );
}

#[test]
fn context_path_must_exist() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[[context]]\ndockerfile = \"*\"\npath = \"nowhere\"\n",
    );
    assert_eq!(
        tree.error("Dockerfile"),
        "dockfix.toml:3:8: context.path: not a folder (the path is relative to this file's folder)"
    );
}

#[test]
fn inline_overrides_apply_on_top_in_order() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[rules]\nignore = [\"DF101\"]\n[format]\nindent = 2\n",
    );
    let resolver = tree
        .resolver(&[
            "format.indent = \"tab\"",
            "rules.ignore = [\"DF102\"]",
            "rules.ignore = [\"DF103\"]",
        ])
        .expect("resolver");
    let file = resolver
        .for_dockerfile(Path::new("Dockerfile"))
        .expect("settings");
    assert_eq!(file.settings.style.indent, Indent::Tab);
    assert_eq!(file.settings.ignore, ["DF103"]);
    // Fragments apply where no file does too.
    let tree = Tree::new();
    let resolver = tree
        .resolver(&["rules.unsafe-fixes = true"])
        .expect("resolver");
    assert!(
        resolver
            .for_dockerfile(Path::new("x/Dockerfile"))
            .expect("settings")
            .settings
            .unsafe_fixes
    );
}

#[test]
fn inline_override_errors_name_the_override() {
    let tree = Tree::new();
    let error = tree.resolver(&["format.indent = 99"]).expect_err("error");
    assert_eq!(
        error.to_string(),
        "--config \"format.indent = …\":1:17: format.indent: expected a number of spaces (1-16) or \"tab\""
    );
    let error = tree.resolver(&["rules.selct = []"]).expect_err("error");
    assert_eq!(
        error.to_string(),
        "--config \"rules.selct = …\":1:7: unknown key \"selct\" in [rules] (expected one of select, ignore, unsafe-fixes, merge-runs)"
    );
    let error = tree.resolver(&["extend = \"x.toml\""]).expect_err("error");
    assert!(
        error.to_string().contains("cannot be a --config fragment"),
        "{error}"
    );
}

#[test]
fn config_path_replaces_discovery() {
    let tree = Tree::new();
    tree.write("dockfix.toml", "[format]\nindent = 2\n")
        .write("ci/strict.toml", "[rules]\nselect = [\"DF1\"]\n");
    let resolver = tree.resolver(&["ci/strict.toml"]).expect("resolver");
    let file = resolver
        .for_dockerfile(Path::new("Dockerfile"))
        .expect("settings");
    assert_eq!(file.settings.select, ["DF1"]);
    assert_eq!(file.settings.style.indent, Indent::Spaces(4));
    assert_eq!(file.config, Some(PathBuf::from("ci/strict.toml")));
}

#[test]
fn config_arguments_tell_files_from_fragments() {
    let tree = Tree::new();
    tree.write("my.toml", "").write("other.toml", "");
    let cwd = tree.root.path();
    let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let parsed =
        ConfigArguments::parse(&values(&["my.toml", "format.indent = 2"]), cwd).expect("parsed");
    assert_eq!(parsed.file, Some(PathBuf::from("my.toml")));
    assert_eq!(parsed.overrides, ["format.indent = 2"]);
    let error =
        ConfigArguments::parse(&values(&["my.toml", "other.toml"]), cwd).expect_err("two files");
    assert!(error.to_string().contains("a second configuration file"));
    let error = ConfigArguments::parse(&values(&["missing.toml"]), cwd).expect_err("missing");
    assert_eq!(error.to_string(), "--config \"missing.toml\": no such file");
    let error = ConfigArguments::parse(&values(&["indent"]), cwd).expect_err("neither");
    assert!(error.to_string().contains("neither an existing file"));
}

#[test]
fn unknown_keys_are_errors_with_line_and_column() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[format]\nindent = 2\n\n[rules]\nselct = [\"DF1\"]\n",
    );
    assert_eq!(
        tree.error("Dockerfile"),
        "dockfix.toml:5:1: unknown key \"selct\" in [rules] (expected one of select, ignore, unsafe-fixes, merge-runs)"
    );
    tree.write("dockfix.toml", "\n\nrule = 1\n");
    assert!(
        tree.error("Dockerfile")
            .starts_with("dockfix.toml:3:1: unknown key \"rule\" at the top level")
    );
    tree.write(
        "dockfix.toml",
        "[[context]]\ndockerfile = \"*\"\npth = \".\"\n",
    );
    assert!(
        tree.error("Dockerfile")
            .starts_with("dockfix.toml:3:1: unknown key \"pth\" in [context]")
    );
}

#[test]
fn bad_values_are_errors() {
    let tree = Tree::new();
    let cases = [
        (
            "[format]\nindent = 0\n",
            "dockfix.toml:2:10: format.indent: expected a number of spaces (1-16) or \"tab\"",
        ),
        (
            "[format]\nindent = \"tabs\"\n",
            "dockfix.toml:2:10: format.indent: expected a number of spaces (1-16) or \"tab\"",
        ),
        (
            "[format]\noperator-position = \"middle\"\n",
            "dockfix.toml:2:21: format.operator-position: unknown value, expected one of `start`, `end`, `preserve`",
        ),
        (
            "[rules]\nselect = [\"DF1\", \"DF999\"]\n",
            "dockfix.toml:2:18: rules.select: not a rule code, code prefix or rule name (see `dockfix rule --all`)",
        ),
        (
            "[rules]\nignore = \"DF101\"\n",
            "dockfix.toml:2:10: rules.ignore: invalid type: a string, expected a sequence",
        ),
        (
            "[rules.merge-runs]\npolicy = \"everything\"\n",
            "dockfix.toml:2:10: rules.merge-runs.policy: unknown value, expected `related` or `all`",
        ),
        (
            "[rules.merge-runs]\npolicies = \"all\"\n",
            "dockfix.toml:2:1: unknown key \"policies\" in [rules.merge-runs] (expected policy)",
        ),
        (
            "[rules]\nunsafe-fixes = \"yes\"\n",
            "dockfix.toml:2:16: rules.unsafe-fixes: invalid type: a string, expected a boolean",
        ),
        (
            "[per-file-ignores]\n\"a/[b\" = [\"DF101\"]\n",
            "dockfix.toml:2:1: per-file-ignores.\"a/[b\": invalid pattern: unclosed character class; missing ']'",
        ),
        (
            "[per-file-ignores]\n\"a/**\" = [\"nope\"]\n",
            "dockfix.toml:2:11: per-file-ignores.\"a/**\": not a rule code, code prefix or rule name (see `dockfix rule --all`)",
        ),
        (
            "[files]\nexclude = [\"\"]\n",
            "dockfix.toml:2:12: files.exclude: invalid pattern: empty pattern",
        ),
        (
            "[pins]\nnode = \"node:20\"\n",
            "dockfix.toml:2:8: pins.node: no digest (expected `image:tag@sha256:<64 hex digits>`)",
        ),
        (
            "[pins]\nnode = \"python:3@sha256:0000000000000000000000000000000000000000000000000000000000000000\"\n",
            "dockfix.toml:2:8: pins.node: the reference names another image",
        ),
        (
            "[[context]]\ndockerfile = \"x\"\n",
            "dockfix.toml:1:1: context: missing key `path`",
        ),
        ("[rules\n", "dockfix.toml:1:7: unclosed table, expected `]`"),
    ];
    for (text, expected) in cases {
        tree.write("dockfix.toml", text);
        assert_eq!(tree.error("Dockerfile"), expected, "{text}");
    }
}

#[test]
fn both_file_names_in_one_folder_is_an_error() {
    let tree = Tree::new();
    tree.write("app/dockfix.toml", "")
        .write("app/.dockfix.toml", "");
    assert_eq!(
        tree.error("app/Dockerfile"),
        "app/dockfix.toml and app/.dockfix.toml are both there; keep one"
    );
}

#[test]
fn files_include_and_exclude() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[files]\ninclude = [\"*.dockerfile.in\"]\nexclude = [\"vendor\", \"build/*.Dockerfile\"]\n",
    );
    let resolver = tree.resolver(&[]).expect("resolver");
    let excluded = |p: &str| resolver.is_excluded(Path::new(p), false).expect("answer");
    let forced = |p: &str| {
        resolver
            .is_excluded_with_parents(Path::new(p), false)
            .expect("answer")
    };
    let included = |p: &str| resolver.is_included(Path::new(p)).expect("answer");
    assert!(excluded("vendor"));
    assert!(excluded("a/b/vendor"));
    // The walk does not enter `vendor`; a file named below it is taken unless forced.
    assert!(!excluded("a/vendor/x/Dockerfile"));
    assert!(forced("a/vendor/x/Dockerfile"));
    assert!(excluded("build/api.Dockerfile"));
    assert!(!excluded("build/sub/api.Dockerfile"));
    assert!(!excluded("Dockerfile"));
    assert!(included("images/base.dockerfile.in"));
    assert!(!included("images/base.in"));
    let file = resolver
        .for_dockerfile(Path::new("Dockerfile"))
        .expect("settings");
    assert_eq!(
        file.files.exclude_patterns(),
        ["vendor", "build/*.Dockerfile"]
    );
}

#[test]
fn a_later_negation_in_files_exclude_brings_a_folder_back() {
    let tree = Tree::new();
    tree.write(
        "dockfix.toml",
        "[files]\nexclude = [\"b\", \"!b\", \"c\"]\n",
    );
    let resolver = tree.resolver(&[]).expect("resolver");
    assert!(!resolver.is_excluded(Path::new("b"), true).expect("answer"));
    assert!(resolver.is_excluded(Path::new("c"), true).expect("answer"));
}

#[test]
fn a_file_larger_than_the_limit_is_refused_unread() {
    let tree = Tree::new();
    let big = format!("# {}\n", "x".repeat(MAX_FILE_SIZE as usize));
    tree.write("base.toml", &big)
        .write("dockfix.toml", "extend = \"base.toml\"\n");
    assert_eq!(
        tree.error("Dockerfile"),
        "base.toml: larger than 1024 KiB; not a configuration file"
    );
}

#[test]
fn errors_name_the_key_never_the_value() {
    let tree = Tree::new();
    let secret = "AKIAIOSFODNN7EXAMPLE";
    for text in [
        format!("[rules]\nselect = [\"{secret}\"]\n"),
        format!("[rules]\nignore = \"{secret}\"\n"),
        format!("[rules]\nunsafe-fixes = \"{secret}\"\n"),
        format!("[format]\nindent = \"{secret}\"\n"),
        format!("[format]\noperator-position = \"{secret}\"\n"),
        format!("[files]\nexclude = [\"{secret}[\"]\n"),
        format!("[pins]\nnode = \"{secret}\"\n"),
        format!("[pins]\nnode = \"{secret}@sha256:{}\"\n", "0".repeat(64)),
        format!("extend = \"{secret}\"\n"),
        format!("[[context]]\ndockerfile = \"*\"\npath = \"{secret}\"\n"),
        format!("[rules]\nselect = [\"DF1\", {secret}]\n"),
    ] {
        tree.write("dockfix.toml", &text);
        let message = tree.error("Dockerfile");
        assert!(!message.contains(secret), "{text}: {message}");
        assert!(message.starts_with("dockfix.toml:"), "{message}");
    }
    let error = tree
        .resolver(&[&format!("rules.select = [\"{secret}\"]")])
        .expect_err("an error")
        .to_string();
    assert!(!error.contains(secret), "{error}");
}

#[test]
fn each_file_is_read_once_per_resolver() {
    let tree = Tree::new();
    tree.write("dockfix.toml", "[format]\nindent = 2\n");
    let resolver = tree.resolver(&[]).expect("resolver");
    let first = resolver.for_folder(&tree.path("a/b")).expect("config");
    // Changing the file now changes nothing: the parsed configuration is cached.
    tree.write("dockfix.toml", "[format]\nindent = 8\n");
    let second = resolver.for_folder(&tree.path("c")).expect("config");
    assert!(Arc::ptr_eq(&first, &second));
    assert_eq!(second.settings.style.indent, Indent::Spaces(2));
}

#[test]
fn parallel_lookups_agree() {
    use rayon::prelude::*;
    let tree = Tree::new();
    tree.write("dockfix.toml", "[format]\nindent = 3\n")
        .write("x/dockfix.toml", "extend = \"../dockfix.toml\"\n");
    let resolver = tree.resolver(&[]).expect("resolver");
    let indents: Vec<Indent> = (0..200)
        .into_par_iter()
        .map(|i| {
            let path = format!(
                "{}/d{}/Dockerfile",
                if i % 2 == 0 { "x" } else { "y" },
                i % 7
            );
            resolver
                .for_dockerfile(Path::new(&path))
                .expect("settings")
                .settings
                .style
                .indent
        })
        .collect();
    assert!(indents.iter().all(|&indent| indent == Indent::Spaces(3)));
}

#[test]
fn never_panics_on_odd_input() {
    let tree = Tree::new();
    for text in [
        "",
        "\u{FEFF}",
        "[rules]\nselect = [\"\"]\n",
        "[format]\nindent = -1\n",
        "[format]\nindent = 1e3\n",
        "[format]\nindent = 99999999999999999\n",
        "[pins]\n\"\" = \"\"\n",
        "[pins]\n\"a\" = \"b@sha256:zz\"\n",
        "rules = 1\n",
        "[[rules]]\n",
        "per-file-ignores = { \"\u{e9}/**\" = [\"DF101\"] }\n",
        "[files]\ninclude = [\"{a,b\"]\n",
        "x\u{0}= 1",
    ] {
        tree.write("dockfix.toml", text);
        let _ = tree
            .resolver(&[])
            .and_then(|r| r.for_dockerfile(Path::new("Dockerfile")));
    }
}

#[test]
fn absolute_paths_resolve_dots_as_text_with_or_without_the_fast_path() {
    let cwd = Path::new("/work/repo");
    for (path, expected) in [
        ("a/b", "/work/repo/a/b"),
        ("./a/./b/", "/work/repo/a/b"),
        ("../x", "/work/x"),
        ("a//b", "/work/repo/a/b"),
        ("/abs/path", "/abs/path"),
        ("/abs/../path", "/path"),
        ("/abs/.", "/abs"),
        ("/abs/../../..", "/"),
        ("/a/b/../../c/./d/..", "/c"),
        ("", "/work/repo"),
        (".hidden/..dots/...", "/work/repo/.hidden/..dots/..."),
    ] {
        assert_eq!(
            super::absolute(cwd, Path::new(path)),
            Path::new(expected),
            "{path}"
        );
        assert_eq!(
            super::normalize(&cwd.join(path)),
            Path::new(expected),
            "{path}"
        );
    }
    assert!(super::is_normal(Path::new("/")));
    assert!(!super::is_normal(Path::new("relative")));
    for normal in ["/a", "/a/b", "/.hidden/..dots/...", "/a/b.c"] {
        assert!(super::is_normal(Path::new(normal)), "{normal}");
    }
    for not_normal in ["/a//b", "/a/./b", "/a/..", "/a/", "//", "/.", "/a/../b"] {
        assert!(!super::is_normal(Path::new(not_normal)), "{not_normal}");
    }
}
