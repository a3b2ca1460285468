//! `baseline output [NAME] [--json|--raw]`: the outputs the last apply recorded, as
//! `terraform output` prints them.

use super::{CommandError, ExitStatus, Printer};
use crate::cli::OutputArgs;

/// Prints one output or all of them from the state.
pub async fn run(p: &Printer, args: &OutputArgs) -> Result<ExitStatus, CommandError> {
    let state = crate::state::open_store(&args.state).read().await?.unwrap_or_default();
    let Some(name) = &args.name else {
        if args.json {
            let all: serde_json::Map<String, serde_json::Value> = state
                .outputs
                .iter()
                .map(|(k, o)| {
                    (
                        k.clone(),
                        serde_json::json!({ "sensitive": o.sensitive, "type": o.type_json(), "value": o.value }),
                    )
                })
                .collect();
            p.out_data(&(serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"));
            return Ok(ExitStatus::Success);
        }
        if state.outputs.is_empty() {
            p.log("Warning: No outputs found. The state has no outputs: declare `output` blocks, then apply.");
            return Ok(ExitStatus::Success);
        }
        let mut out = String::new();
        for (k, o) in &state.outputs {
            let shown =
                if o.sensitive { "<sensitive>".to_string() } else { crate::render::console::value(&o.typed_value()) };
            out.push_str(&format!("{k} = {shown}\n"));
        }
        p.out(&out);
        return Ok(ExitStatus::Success);
    };
    let Some(o) = state.outputs.get(name) else {
        let hint = crate::diag::did_you_mean(name, state.outputs.keys().map(String::as_str))
            .unwrap_or_else(|| "list them with `baseline output`".to_string());
        return Err(CommandError::message(
            "baseline::output::missing",
            format!("no output named {name:?} in the state"),
            Some(&hint),
        ));
    };
    // Asked for by name: shown, sensitive or not, as Terraform does.
    // One output as JSON is one line, as Terraform prints it.
    let text = if args.json {
        serde_json::to_string(&o.value).unwrap_or_default()
    } else if args.raw {
        match &o.value {
            serde_json::Value::String(s) => s.clone(),
            v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => v.to_string(),
            _ => {
                return Err(CommandError::message(
                    "baseline::output::raw",
                    format!("output {name:?} is not a string, number or bool; --raw cannot print it"),
                    Some("use --json"),
                ));
            }
        }
    } else {
        crate::render::console::value(&o.typed_value())
    };
    p.out_data(&(text + if args.raw { "" } else { "\n" }));
    Ok(ExitStatus::Success)
}
