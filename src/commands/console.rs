//! `baseline console`: Terraform's console. Each line of standard input (typed at a
//! terminal or piped) is an expression, evaluated against the configuration, its variables
//! and the resources the state records, and its value printed as `terraform console` prints
//! it. Nothing is planned and no account is contacted.

use std::io::{BufRead, IsTerminal, Write};

use super::{load_with, CommandError, ExitStatus, Inputs, Printer};
use crate::cli::RunArgs;
use crate::diag::{Diag, Diags};
use crate::lang::{Resolver, Value};
use crate::plan::world::World;

/// Evaluates each line of standard input. At a terminal each value is printed and a mistake
/// reported as it comes; from a pipe, as Terraform's console: only the last line's value is
/// printed, and the first mistake ends the run with a failure and no value.
pub async fn run(p: &Printer, args: &RunArgs) -> Result<ExitStatus, CommandError> {
    let l = load_with(p, &args.dir, Inputs::Run(args), false)?;
    let store = super::store_of(p, args, &l.config).await?;
    let state = store.read().await?.unwrap_or_default();
    let mut world = World::new(&l.config, &l.vars).with_impure_known();
    for r in &state.resources {
        world.set_instance_obj(&r.address, &r.attributes);
    }
    let console = Console(&world);
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut status = ExitStatus::Success;
    // From a pipe, the value of the last line read (an empty line's is empty).
    let mut last: Option<String> = None;
    for line in stdin.lock().lines() {
        if interactive {
            eprint!("> ");
            let _ = std::io::stderr().flush();
        }
        let Ok(line) = line else { break };
        let text = line.trim();
        if text.is_empty() {
            last = Some(String::new());
            continue;
        }
        if text == "exit" {
            break;
        }
        let mut sources = l.config.sources.clone();
        let file = sources.add("<console-input>", text.to_string());
        let mut diags = Diags::new();
        let mut bare = false;
        let parsed = text
            .parse::<hcl_edit::expr::Expression>()
            .or_else(|e| crate::lang::number::protect_big_literals(text).and_then(|t| t.parse().ok()).ok_or(e));
        let value = match parsed {
            Ok(expr) => {
                // `type(…)` gives a type, which the console prints bare (`list(string)`).
                bare = matches!(&expr, hcl_edit::expr::Expression::FuncCall(f) if f.name.name.as_str() == "type");
                crate::lang::eval(&expr, file, &console, &mut diags)
            }
            Err(e) => {
                diags.push(Diag::error("baseline::console::syntax", format!("Invalid expression: {e}")));
                Value::UNKNOWN
            }
        };
        diags.extend(world.take_diags());
        p.diags(&sources, &diags);
        if diags.has_errors() {
            if !interactive {
                return Ok(ExitStatus::Failure);
            }
            status = ExitStatus::Failure;
            continue;
        }
        let shown = match value {
            Value::String(s) if bare => s,
            v => crate::render::console::value(&v),
        };
        if interactive {
            p.out_data(&format!("{shown}\n"));
        } else {
            last = Some(shown);
        }
    }
    if let Some(shown) = last {
        p.out_data(&format!("{shown}\n"));
    }
    Ok(status)
}

/// The root module's resolver, with the console-only functions.
struct Console<'w, 'a>(&'w World<'a>);

impl Resolver for Console<'_, '_> {
    fn var(&self, name: &str) -> Option<Value> {
        self.0.var(name)
    }
    fn local(&self, name: &str, diags: &mut Diags) -> Option<Value> {
        self.0.local(name, diags)
    }
    fn object(&self, addr: &crate::addr::Address) -> Option<Value> {
        self.0.object(addr)
    }
    fn object_instance(&self, addr: &crate::addr::Address, key: &Value) -> Option<Value> {
        self.0.object_instance(addr, key)
    }
    fn path(&self, which: &str) -> Option<Value> {
        self.0.path(which)
    }
    fn module(&self, name: &str) -> Option<Value> {
        self.0.module(name)
    }
    fn workspace(&self) -> Option<Value> {
        self.0.workspace()
    }
    fn console(&self) -> bool {
        true
    }
    fn var_sensitive(&self, name: &str) -> bool {
        self.0.var_sensitive(name)
    }
    fn local_sensitive(&self, name: &str) -> bool {
        self.0.local_sensitive(name)
    }
}
