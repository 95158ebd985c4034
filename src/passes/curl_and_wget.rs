use foldhash::{HashMap, HashMapExt};

use super::run_commands::run_commands;
use super::{Context, Rule, RuleInfo, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// Use either `wget` or `curl` in a stage, not both.
    ///
    /// ## What it does
    /// Reports each RUN that runs `curl` or `wget` once the stage has run the other one
    /// (in that RUN or an earlier one): the first RUN of the pair is not reported, every
    /// later RUN with either is. Each stage starts afresh; ONBUILD RUN triggers are counted
    /// apart from the stage's RUNs, as hadolint does.
    ///
    /// ## Why is this bad?
    /// Both tools download files; an image that installs both carries a program it does not
    /// need, and a file that uses both is harder to make consistent (proxies, retries,
    /// TLS options).
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget -q https://example.com/a.tgz
    /// RUN curl -fsSLO https://example.com/b.tgz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN curl -fsSLO https://example.com/a.tgz
    /// RUN curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// ## Fix safety
    /// No fix: their options differ.
    pub struct CurlAndWget {
        code: "DF804",
        name: "curl-and-wget",
        severity: Warning,
        fix: None,
        aliases: ["DL4001"],
    }
}

impl Rule for CurlAndWget {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, context: &Context, diagnostics: &mut Vec<Diagnostic>) {
        // (stage, ONBUILD) -> which of curl and wget it ran.
        let mut seen: HashMap<(Option<usize>, bool), [bool; 2]> = HashMap::new();
        let mut reported_run = None;
        for command in run_commands(context, true) {
            let tool = match command.program() {
                "curl" => 0,
                "wget" => 1,
                _ => continue,
            };
            let run = command.run;
            let stage = context.stages.index_of(run.index);
            let used = seen.entry((stage, run.onbuild)).or_default();
            used[tool] = true;
            if !(used[0] && used[1]) || reported_run == Some(run.index) {
                continue;
            }
            reported_run = Some(run.index);
            let message = "this stage runs both curl and wget: use one of them".to_string();
            diagnostics.push(self.diagnostic(message, command.span(context)));
        }
    }
}
