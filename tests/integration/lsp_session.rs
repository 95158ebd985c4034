//! `dockfix server` end to end: the binary started as an editor starts it, spoken to in
//! JSON-RPC over its standard input and output (`tests/lsp_client`).

use crate::lsp_client;

use std::path::{Path, PathBuf};

use lsp_client::{Client, apply_edits, file_uri, position, workspace_edits};
use serde_json::{Value, json};

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_dockfix"))
}

/// A repository folder (with `.git`, so no configuration above it applies).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::create_dir(dir.path().join(".git")).expect(".git");
    dir
}

fn editor_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "workspaceEdit": {"documentChanges": true},
        },
        "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}}},
    })
}

/// What `dockfix SUBCOMMAND -` prints for `text` read as the file at `path`.
fn dockfix_stdin(folder: &Path, subcommand: &str, path: &Path, text: &str) -> String {
    let output = assert_cmd::Command::new(binary())
        .current_dir(folder)
        .args([subcommand, "-", "--stdin-filename"])
        .arg(path)
        .write_stdin(text)
        .output()
        .expect("ran");
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str().map(String::from))
        .collect();
    codes.sort();
    codes
}

fn code_actions(
    client: &mut Client,
    uri: &str,
    range: &Value,
    only: Option<&[&str]>,
) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
    );
    response["result"].as_array().cloned().unwrap_or_default()
}

/// Send `new_text` as the client's incremental changes (the action's edits, last first).
fn change_by_edits(client: &mut Client, uri: &str, version: i64, edits: &[Value]) {
    let mut sorted = edits.to_vec();
    sorted.sort_by(|a, b| {
        let key = |e: &Value| {
            (
                e["range"]["start"]["line"].as_u64().unwrap_or(0),
                e["range"]["start"]["character"].as_u64().unwrap_or(0),
            )
        };
        key(b).cmp(&key(a))
    });
    let changes: Vec<Value> = sorted
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
    );
}

#[test]
fn scripted_session_open_diagnose_fix_format_change_shut_down() {
    let dir = repository();
    let path = dir.path().join("Dockerfile");
    let uri = file_uri(&path);
    let mut text = "FROM node:20\nRUN echo \"☕ é\" && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\nRUN npm ci\nADD ./app /app\nCMD node server.js\n".to_string();
    std::fs::write(&path, &text).expect("written");

    let mut client = Client::start(&binary(), dir.path());
    let result = client.initialize(dir.path(), editor_capabilities());
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(
        capabilities["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(capabilities["documentFormattingProvider"], true);
    assert_eq!(capabilities["documentRangeFormattingProvider"], true);
    assert_eq!(capabilities["hoverProvider"], true);
    assert!(
        capabilities["codeActionProvider"]["codeActionKinds"]
            .as_array()
            .is_some_and(|kinds| kinds.contains(&json!("source.fixAll.dockfix")))
    );
    assert_eq!(result["serverInfo"]["name"], "dockfix");

    // Open: diagnostics with code, rule name, severity, source and exact UTF-16 ranges.
    client.open(&uri, &text, 1);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert_eq!(
        codes(&diagnostics),
        ["DF101", "DF102", "DF104", "DF301", "DF401"]
    );
    for diagnostic in &diagnostics {
        assert_eq!(diagnostic["source"], "dockfix");
        assert!(
            diagnostic["severity"]
                .as_u64()
                .is_some_and(|s| (1..=4).contains(&s))
        );
        assert!(
            diagnostic["message"]
                .as_str()
                .is_some_and(|m| m.ends_with(')'))
        );
    }
    let apt = diagnostics
        .iter()
        .find(|d| d["code"] == "DF104")
        .expect("DF104");
    let start = text.find("apt-get install").expect("apt-get");
    assert_eq!(apt["range"]["start"], position(&text, start));
    assert_eq!(
        apt["range"]["end"],
        position(&text, start + "apt-get install -y curl".len())
    );
    assert!(
        apt["message"]
            .as_str()
            .is_some_and(|m| m.contains("(apt-no-install-recommends)"))
    );

    // Hover over a finding: the rule's documentation.
    let add = diagnostics
        .iter()
        .find(|d| d["code"] == "DF401")
        .expect("DF401")
        .clone();
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": add["range"]["start"]}),
    );
    let contents = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        contents.contains("DF401") && contents.contains("## Fix safety"),
        "{hover}"
    );

    // Quick fix: the safe fix is preferred; applying it and sending the change updates the diagnostics.
    let actions = code_actions(&mut client, &uri, &add["range"], None);
    let quick_fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .expect("a preferred quick fix");
    assert_eq!(quick_fix["diagnostics"][0]["code"], "DF401");
    assert_eq!(
        quick_fix["edit"]["documentChanges"][0]["textDocument"]["version"],
        1
    );
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Ignore DF401 (add-to-copy) for this instruction")
    );
    let edits = workspace_edits(&quick_fix["edit"], &uri);
    text = apply_edits(&text, &edits);
    assert!(text.contains("COPY ./app /app\n"));
    change_by_edits(&mut client, &uri, 2, &edits);
    let diagnostics = client.diagnostics(&uri, Some(2));
    assert_eq!(codes(&diagnostics), ["DF101", "DF102", "DF104", "DF301"]);

    // An unsafe fix is offered, labelled, never preferred.
    let apt = diagnostics
        .iter()
        .find(|d| d["code"] == "DF104")
        .expect("DF104")
        .clone();
    let actions = code_actions(&mut client, &uri, &apt["range"], Some(&["quickfix"]));
    let unsafe_fix = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.contains("--no-install-recommends"))
        })
        .expect("the unsafe fix");
    assert!(
        unsafe_fix["title"]
            .as_str()
            .is_some_and(|t| t.contains("unsafe"))
    );
    assert_ne!(unsafe_fix["isPreferred"], true);

    // "Ignore this rule here": the suppression comment, after which the finding is gone.
    let cmd = diagnostics
        .iter()
        .find(|d| d["code"] == "DF301")
        .expect("DF301")
        .clone();
    let actions = code_actions(&mut client, &uri, &cmd["range"], None);
    let ignore = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Ignore DF301"))
        })
        .expect("the ignore action");
    let edits = workspace_edits(&ignore["edit"], &uri);
    text = apply_edits(&text, &edits);
    assert!(text.contains("# dockfix: ignore[DF301]\nCMD node server.js"));
    change_by_edits(&mut client, &uri, 3, &edits);
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(3))),
        ["DF101", "DF102", "DF104"]
    );

    // Formatting gives what `dockfix fmt` gives.
    let messy = text.replace("RUN npm ci", "run   npm ci");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": messy}]}),
    );
    client.diagnostics(&uri, Some(4));
    let formatting = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = formatting["result"].as_array().cloned().expect("edits");
    let formatted = apply_edits(&messy, &edits);
    assert_eq!(formatted, dockfix_stdin(dir.path(), "fmt", &path, &messy));
    assert!(formatted.contains("RUN npm ci"));

    // Fix all (asked as `source.fixAll`, as format-on-save settings do) gives what `dockfix fix` gives.
    let whole = json!({"start": {"line": 0, "character": 0}, "end": position(&messy, messy.len())});
    let actions = code_actions(&mut client, &uri, &whole, Some(&["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.dockfix");
    let fixed = apply_edits(&messy, &workspace_edits(&actions[0]["edit"], &uri));
    assert_eq!(fixed, dockfix_stdin(dir.path(), "fix", &path, &messy));
    assert!(fixed.contains("# dockfix: ignore[DF301]\nCMD node server.js"));

    // Closing clears the document's diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(client.diagnostics(&uri, None).is_empty());
    assert!(
        client.was_asked("client/registerCapability"),
        "watches configuration files"
    );
    assert!(client.shutdown().success());
}

#[test]
fn the_nearest_configuration_is_read_again_when_it_changes() {
    let dir = repository();
    let service = dir.path().join("services/api");
    std::fs::create_dir_all(&service).expect("folders");
    let path = service.join("Dockerfile");
    let uri = file_uri(&path);
    let text = "FROM node:20\nADD ./app /app\nCMD node server.js\n";
    let mut client = Client::start(&binary(), dir.path());
    client.initialize(dir.path(), editor_capabilities());
    client.open(&uri, text, 1);
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(1))),
        ["DF301", "DF401"]
    );

    // A watched file changed: every open document is checked again.
    std::fs::write(
        dir.path().join("dockfix.toml"),
        "[rules]\nignore = [\"DF401\"]\n",
    )
    .expect("written");
    let changes =
        json!({"changes": [{"uri": file_uri(&dir.path().join("dockfix.toml")), "type": 1}]});
    client.notify("workspace/didChangeWatchedFiles", changes);
    assert_eq!(codes(&client.diagnostics(&uri, Some(1))), ["DF301"]);

    // A nearer file wins; without a file event it applies on the next change.
    std::fs::write(
        service.join("dockfix.toml"),
        "[rules]\nselect = [\"DF401\"]\n",
    )
    .expect("written");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    assert_eq!(codes(&client.diagnostics(&uri, Some(2))), ["DF401"]);

    // A broken configuration is reported on the document, with nothing else.
    std::fs::write(service.join("dockfix.toml"), "[rules]\nselct = []\n").expect("written");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    let diagnostics = client.diagnostics(&uri, Some(3));
    assert_eq!(diagnostics.len(), 1);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown key \"selct\""))
    );
    assert_eq!(diagnostics[0]["severity"], 1);
    assert!(client.shutdown().success());
}

#[test]
fn a_document_that_does_not_parse_gets_its_error_and_no_fixes() {
    let dir = repository();
    let uri = file_uri(&dir.path().join("Dockerfile"));
    let text = "FROM alpine\nADD ./a /a\nRUN <<EOF\necho unterminated\n";
    let mut client = Client::start(&binary(), dir.path());
    client.initialize(dir.path(), editor_capabilities());
    client.open(&uri, text, 1);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 1);
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}});
    assert!(code_actions(&mut client, &uri, &whole, None).is_empty());
    let formatting = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(formatting["result"], json!([]));
    assert!(client.shutdown().success());
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = repository();
    let uri = file_uri(&dir.path().join("Dockerfile"));
    let text = "FROM a\nRUN echo ☕ && apt-get install -y curl\n";
    let mut client = Client::start(&binary(), dir.path());
    let result = client.initialize(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    client.open(&uri, text, 1);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let apt = diagnostics
        .iter()
        .find(|d| d["code"] == "DF104")
        .expect("DF104");
    let byte_column = text.find("apt-get").expect("apt-get") - text.find("RUN").expect("RUN");
    assert_eq!(
        apt["range"]["start"],
        json!({"line": 1, "character": byte_column})
    );
    assert!(client.shutdown().success());
}

#[test]
fn untitled_documents_and_files_outside_the_workspace_work() {
    let workspace = repository();
    let elsewhere = repository();
    std::fs::write(
        elsewhere.path().join("dockfix.toml"),
        "[rules]\nselect = [\"DF401\"]\n",
    )
    .expect("written");
    let mut client = Client::start(&binary(), workspace.path());
    client.initialize(workspace.path(), editor_capabilities());
    let text = "FROM node:20\nADD ./app /app\nCMD node server.js\n";
    client.open("untitled:Untitled-1", text, 1);
    assert_eq!(
        codes(&client.diagnostics("untitled:Untitled-1", Some(1))),
        ["DF301", "DF401"]
    );
    let outside = file_uri(&elsewhere.path().join("Dockerfile"));
    client.open(&outside, text, 1);
    assert_eq!(codes(&client.diagnostics(&outside, Some(1))), ["DF401"]);
    assert!(client.shutdown().success());
}

#[test]
fn range_formatting_formats_only_the_instructions_it_touches() {
    let dir = repository();
    let uri = file_uri(&dir.path().join("Dockerfile"));
    let text = "from alpine\nrun   echo one\nrun   echo two\n";
    let mut client = Client::start(&binary(), dir.path());
    client.initialize(dir.path(), editor_capabilities());
    client.open(&uri, text, 1);
    client.diagnostics(&uri, Some(1));
    let second = text.find("run   echo two").expect("line");
    let response = client.request(
        "textDocument/rangeFormatting",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": position(text, second), "end": position(text, second + 3)},
            "options": {"tabSize": 4, "insertSpaces": true},
        }),
    );
    let edits = response["result"].as_array().cloned().expect("edits");
    assert_eq!(
        apply_edits(text, &edits),
        "from alpine\nrun   echo one\nRUN echo two\n"
    );
    assert!(client.shutdown().success());
}

#[test]
fn unknown_requests_and_bad_parameters_are_errors_and_the_server_goes_on() {
    let dir = repository();
    let uri = file_uri(&dir.path().join("Dockerfile"));
    let mut client = Client::start(&binary(), dir.path());
    client.initialize(dir.path(), json!({}));
    let unknown = client.request("textDocument/definition", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad = client.request("textDocument/codeAction", json!({"textDocument": 3}));
    assert_eq!(bad["error"]["code"], -32602);
    // Changes to a document never opened, and nonsense ranges, are ignored.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere/Dockerfile", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    client.open(&uri, "FROM a:1\n", 1);
    client.diagnostics(&uri, Some(1));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 99, "character": 5}, "end": {"line": 0, "character": 2}}, "text": "\nADD a /a"}
        ]}),
    );
    assert_eq!(codes(&client.diagnostics(&uri, Some(2))), ["DF401"]);
    // Requests without a document: no result, no crash.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["result"], Value::Null);
    assert!(client.shutdown().success());
}
