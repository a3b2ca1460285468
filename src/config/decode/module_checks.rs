//! The static checks of a whole configuration, after every file of every module is decoded:
//! references point at declared things with attributes that exist (`each`, `count.index` and
//! `self` only where available), `depends_on`/`provider`/`ignore_changes` name real things,
//! `module` blocks pass the variables their module declares, and `moved`/`removed`/`import`
//! blocks agree with the resources declared. Contract: diagnostics only; nothing is changed.

use super::schema_of;
use super::schema_rules::check_managed_by;
use crate::addr::Address;
use crate::config::{Config, Expr, ModuleCall, ResourceConfig};
use crate::diag::{did_you_mean, Diag, Diags};
use crate::lang::{references, RefTarget, Reference};
use crate::schema::Schema;

/// What an expression belongs to: it decides whether `each` and `count.index` are available.
#[derive(Clone, Copy)]
enum Owner<'c> {
    Module,
    Resource(&'c ResourceConfig),
    /// A resource's `postcondition`, where `self` is the object.
    Postcondition(&'c ResourceConfig),
    /// A `module` block's arguments.
    Call(&'c ModuleCall),
}

impl Owner<'_> {
    /// Whether `each` is available: the resource or `module` block sets `for_each`.
    fn sets_for_each(self) -> bool {
        match self {
            Owner::Resource(r) | Owner::Postcondition(r) => r.for_each.is_some(),
            Owner::Call(c) => c.for_each.is_some(),
            Owner::Module => false,
        }
    }

    /// Whether `count.index` is available: the resource or `module` block sets `count`.
    fn sets_count(self) -> bool {
        match self {
            Owner::Resource(r) | Owner::Postcondition(r) => r.count.is_some(),
            Owner::Call(c) => c.count.is_some(),
            Owner::Module => false,
        }
    }
}

/// Every expression of one module with what it belongs to, for reference checks.
fn all_exprs(config: &Config) -> Vec<(&Expr, Owner<'_>)> {
    let mut out = Vec::new();
    for p in &config.providers {
        let nested = p.assume_role.iter().flat_map(|m| m.values()).chain(p.endpoints.values());
        for e in p.region.iter().chain(p.profile.iter()).chain(nested) {
            out.push((e, Owner::Module));
        }
    }
    for l in config.locals.values() {
        out.push((&l.value, Owner::Module));
    }
    for rule in config.variables.values().flat_map(|v| &v.validations) {
        out.push((&rule.condition, Owner::Module));
        out.push((&rule.error_message, Owner::Module));
    }
    for o in config.outputs.values() {
        out.push((&o.value, Owner::Module));
        for rule in &o.preconditions {
            out.extend([(&rule.condition, Owner::Module), (&rule.error_message, Owner::Module)]);
        }
    }
    for rule in config.checks.iter().flat_map(|c| &c.asserts) {
        out.extend([(&rule.condition, Owner::Module), (&rule.error_message, Owner::Module)]);
    }
    for c in config.calls.values() {
        for e in c.args.values().chain(c.count.iter()).chain(c.for_each.iter()) {
            out.push((e, Owner::Call(c)));
        }
    }
    for r in &config.resources {
        for e in r.attrs.values().chain(r.count.iter()).chain(r.for_each.iter()) {
            out.push((e, Owner::Resource(r)));
        }
        for b in r.blocks.values().flatten() {
            for e in b.exprs() {
                out.push((e, Owner::Resource(r)));
            }
        }
        let lc = &r.lifecycle;
        for e in lc.replace_triggered_by.iter() {
            out.push((e, Owner::Resource(r)));
        }
        for rule in &lc.preconditions {
            out.extend([(&rule.condition, Owner::Resource(r)), (&rule.error_message, Owner::Resource(r))]);
        }
        for rule in &lc.postconditions {
            out.extend([(&rule.condition, Owner::Postcondition(r)), (&rule.error_message, Owner::Postcondition(r))]);
        }
    }
    out
}

/// The schema of the block at `addr`, if baseline knows its type.
fn object_schema(addr: &Address) -> Option<&'static Schema> {
    schema_of(addr.mode, &addr.type_name)
}

/// Checks, in the root module and every module it calls, that every reference points at
/// something declared, with an attribute that exists; that `depends_on` and `ignore_changes`
/// name real things; and that each `module` block passes the variables its module declares.
/// Not while a file could not be parsed ([`Config::parsed`]): its syntax errors are reported
/// alone, as Terraform reports them.
pub fn check_references(root: &Config, diags: &mut Diags) {
    if !root.parsed() {
        return;
    }
    for m in root.modules() {
        check_module(root, m, diags);
        check_calls(m, diags);
    }
    check_imports(root, diags);
    check_moves(root, diags);
}

/// One module's references (see [`check_references`]), then the names it declares and the
/// type-specific rules.
fn check_module(root: &Config, config: &Config, diags: &mut Diags) {
    let declared: Vec<String> =
        config.resources.iter().map(|r| Address { module: Vec::new(), ..r.addr.clone() }.to_string()).collect();
    for (e, owner) in all_exprs(config) {
        for rf in e.references(diags) {
            check_reference(root, config, &declared, owner, &rf, diags);
        }
    }
    check_declared_names(root, config, &declared, diags);
    check_managed_by(config, diags);
}

/// One reference made in `config` by an expression of `owner`, one arm per kind of target:
/// it names something declared, and `each`, `count.index` and `self` are available there.
/// `declared` lists the module's resources, for near-miss help.
fn check_reference(
    root: &Config,
    config: &Config,
    declared: &[String],
    owner: Owner<'_>,
    rf: &Reference,
    diags: &mut Diags,
) {
    match &rf.target {
        RefTarget::Var(n) if !config.variables.contains_key(n) => diags.push(
            Diag::error("baseline::config::undeclared", format!("there is no variable named `{n}`"))
                .at(rf.span, "undeclared variable")
                .maybe_help(did_you_mean(n, config.variables.keys().map(String::as_str)))
                .help_if_none(format!("declare it with `variable \"{n}\" {{}}`")),
        ),
        RefTarget::Local(n) if !config.locals.contains_key(n) => diags.push(
            Diag::error("baseline::config::undeclared", format!("there is no local value named `{n}`"))
                .at(rf.span, "undeclared local value")
                .maybe_help(did_you_mean(n, config.locals.keys().map(String::as_str))),
        ),
        RefTarget::Each(_) if !owner.sets_for_each() => diags.push(
            Diag::error(
                "baseline::config::each",
                "`each` is only available in a resource or module that sets `for_each`",
            )
            .at(rf.span, "no for_each here"),
        ),
        RefTarget::CountIndex if !owner.sets_count() => diags.push(
            Diag::error(
                "baseline::config::count",
                "`count.index` is only available in a resource or module that sets `count`",
            )
            .at(rf.span, "no count here"),
        ),
        RefTarget::SelfObject if matches!(owner, Owner::Postcondition(_)) => {}
        RefTarget::SelfObject => diags.push(
            Diag::error("baseline::config::self", "`self` can be used only in a resource's `postcondition`")
                .at(rf.span, "`self` is not available here")
                .help("refer to the resource by its address instead, e.g. `aws_iam_role.this.arn`"),
        ),
        RefTarget::Module(n) => check_module_ref(config, n, rf, diags),
        RefTarget::Object(a) => check_object_ref(root, config, declared, owner, a, rf, diags),
        _ => {}
    }
}

/// `module.NAME.OUTPUT`: the module is called here, and a plain `module.NAME.OUTPUT` (not
/// indexed first) names one of its outputs.
fn check_module_ref(config: &Config, n: &str, rf: &Reference, diags: &mut Diags) {
    let Some(call) = config.calls.get(n) else {
        diags.push(
            Diag::error("baseline::config::undeclared", format!("there is no module named `{n}`"))
                .at(rf.span, "undeclared module")
                .maybe_help(did_you_mean(n, config.calls.keys().map(String::as_str))),
        );
        return;
    };
    let outputs = call.module.as_ref().map(|m| &m.outputs);
    if let (Some((attr, aspan)), Some(outputs)) = (&rf.attr, outputs) {
        // `module.x[0].y` indexes first: only a plain `module.x.y` names an output.
        if call.count.is_none() && call.for_each.is_none() && !outputs.contains_key(attr) {
            diags.push(
                Diag::error("baseline::config::no_output", format!("module `{n}` has no output named `{attr}`"))
                    .at(aspan.or(rf.span), "unknown output")
                    .maybe_help(did_you_mean(attr, outputs.keys().map(String::as_str))),
            );
        }
    }
}

/// `TYPE.NAME(.ATTR)`: the resource is declared (a rejected one was reported already), is not
/// the resource referring, and has the attribute.
fn check_object_ref(
    root: &Config,
    config: &Config,
    declared: &[String],
    owner: Owner<'_>,
    a: &Address,
    rf: &Reference,
    diags: &mut Diags,
) {
    let abs = a.in_module(&config.steps());
    if config.rejected.contains(&abs) {
        // Its block was reported already: one diagnostic per cause.
    } else if root.resource(&abs).is_none() {
        diags.push(
            Diag::error("baseline::config::undeclared", format!("`{a}` is not declared"))
                .at(rf.span, "undeclared resource")
                .maybe_help(did_you_mean(&a.to_string(), declared.iter().map(String::as_str))),
        );
    } else if matches!(owner, Owner::Resource(r) if r.addr == abs) {
        diags.push(
            Diag::error("baseline::config::self_reference", format!("`{a}` refers to itself"))
                .at(rf.span, "self-reference"),
        );
    } else if let (Some((attr, aspan)), Some(schema)) = (&rf.attr, object_schema(a)) {
        if !schema.open && schema.attr(attr).is_none() && schema.block(attr).is_none() {
            diags.push(
                Diag::error("baseline::config::no_attribute", format!("`{}` has no attribute `{attr}`", a.type_name))
                    .at(aspan.or(rf.span), "unknown attribute")
                    .maybe_help(did_you_mean(attr, schema.names())),
            );
        }
    }
}

/// Each `module` block passes only variables its module declares, and every variable the
/// module requires (declared without a default).
fn check_calls(config: &Config, diags: &mut Diags) {
    for call in config.calls.values() {
        let Some(child) = &call.module else { continue };
        for (arg, e) in &call.args {
            if !child.variables.contains_key(arg) {
                diags.push(
                    Diag::error(
                        "baseline::config::module_argument",
                        format!("module `{}` has no variable named `{arg}`", call.name),
                    )
                    .at(e.span, "unknown argument")
                    .maybe_help(did_you_mean(arg, child.variables.keys().map(String::as_str))),
                );
            }
        }
        for v in child.variables.values() {
            if v.default.is_none() && !call.args.contains_key(&v.name) {
                diags.push(
                    Diag::error(
                        "baseline::config::module_argument",
                        format!("module `{}` needs a value for its variable `{}`", call.name, v.name),
                    )
                    .at(call.span, format!("missing `{}`", v.name)),
                );
            }
        }
        for child_name in call.providers.keys() {
            let alias = child_name.strip_prefix("aws.");
            if let Some(a) = alias.filter(|a| !child.terraform.configuration_aliases.iter().any(|x| x == a)) {
                diags.push(
                    Diag::warning(
                        "baseline::config::module_providers",
                        format!("module `{}` does not declare the provider alias `aws.{a}` it is passed", call.name),
                    )
                    .at(call.span, "unused provider")
                    .help(format!("declare it in the module: `required_providers {{ aws = {{ configuration_aliases = [aws.{a}] }} }}`")),
                );
            }
        }
        // What `configuration_aliases` declares, the caller must pass, as Terraform requires.
        for alias in &child.terraform.configuration_aliases {
            let local = if alias.is_empty() { "aws".to_string() } else { format!("aws.{alias}") };
            if !call.providers.contains_key(&local) {
                diags.push(
                    Diag::error(
                        "baseline::config::module_providers",
                        format!(
                            "module `{}` requires the provider configuration `{local}`, which is not passed",
                            call.name
                        ),
                    )
                    .at(call.span, format!("missing `{local}`"))
                    .help(format!("pass it: `providers = {{ {local} = aws }}` (or `aws.ALIAS`)")),
                );
            }
        }
    }
}

/// True when `depends_on` entry `a` names a declared resource, or a module called here.
fn depended_declared(root: &Config, a: &Address) -> bool {
    let module = || root.module_at(&a.module_names());
    match Config::depended_module(a) {
        Some(path) => root.module_at(&path).is_some(),
        // A variable or a local value: Terraform takes them (the dependency is on what their
        // values refer to).
        None if a.mode == crate::addr::Mode::Managed && a.type_name == "var" => {
            module().is_some_and(|m| m.variables.contains_key(&a.name))
        }
        None if a.mode == crate::addr::Mode::Managed && a.type_name == "local" => {
            module().is_some_and(|m| m.locals.contains_key(&a.name))
        }
        None => root.resource(a).is_some(),
    }
}

/// `depends_on`, `provider` and `ignore_changes` name things that exist.
fn check_declared_names(root: &Config, config: &Config, declared: &[String], diags: &mut Diags) {
    for r in &config.resources {
        for (a, span) in &r.depends_on {
            if !depended_declared(root, a) {
                diags.push(
                    Diag::error(
                        "baseline::config::undeclared",
                        format!("`depends_on` names `{a}`, which is not declared"),
                    )
                    .at(*span, "undeclared resource")
                    .maybe_help(did_you_mean(&a.to_string(), declared.iter().map(String::as_str))),
                );
            }
        }
        let alias_declared =
            r.provider.as_ref().is_none_or(|(a, _)| config.terraform.configuration_aliases.contains(a));
        if let (Err(msg), false, true) = (
            root.provider_alias(&config.path, r.provider.as_ref().map(|p| p.0.as_str())),
            config.path.is_empty(),
            alias_declared,
        ) {
            diags.push(
                Diag::error("baseline::config::module_providers", msg)
                    .at(r.provider.as_ref().and_then(|p| p.1).or(r.span), "provider not passed"),
            );
        }
        if let Some((alias, span)) = &r.provider {
            if !config.path.is_empty() {
                if !alias_declared {
                    diags.push(
                        Diag::error(
                            "baseline::config::undeclared",
                            format!("this module does not declare the provider alias `aws.{alias}`"),
                        )
                        .at(*span, "undeclared provider")
                        .help(format!("declare it: `terraform {{ required_providers {{ aws = {{ configuration_aliases = [aws.{alias}] }} }} }}`")),
                    );
                }
            } else if config.provider(Some(alias)).is_none() {
                diags.push(
                    Diag::error(
                        "baseline::config::undeclared",
                        format!("there is no provider \"aws\" with alias `{alias}`"),
                    )
                    .at(*span, "undeclared provider")
                    .help(format!("declare `provider \"aws\" {{ alias = \"{alias}\" }}`")),
                );
            }
        }
        if let Some(schema) = object_schema(&r.addr) {
            for ic in &r.lifecycle.ignore_changes {
                if ic != "*" && !schema.open && schema.attr(ic).is_none() && schema.block(ic).is_none() {
                    diags.push(
                        Diag::error(
                            "baseline::config::ignore_changes",
                            format!("`ignore_changes` names `{ic}`, which `{}` does not have", r.addr.type_name),
                        )
                        .at(r.span, "in this resource")
                        .maybe_help(did_you_mean(ic, schema.names())),
                    );
                }
            }
        }
    }
    for o in config.outputs.values() {
        for (a, span) in &o.depends_on {
            if !depended_declared(root, a) {
                diags.push(
                    Diag::error(
                        "baseline::config::undeclared",
                        format!("`depends_on` names `{a}`, which is not declared"),
                    )
                    .at(*span, "undeclared resource"),
                );
            }
        }
    }
}

/// `moved` and `removed` blocks name resources that are no longer declared.
fn check_moves(config: &Config, diags: &mut Diags) {
    for m in config.modules().into_iter().flat_map(|c| c.module_moves.iter()) {
        let names = |p: &[crate::addr::ModuleStep]| p.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        let (from, to) = (names(&m.from), names(&m.to));
        if from != to && config.module_at(&from).is_some() {
            let shown = crate::addr::module_path_string(&m.from);
            diags.push(
                Diag::error("baseline::config::moved", format!("`{shown}` is moved away, but it is still declared"))
                    .at(m.span, "the moved module still exists")
                    .help("remove or rename its `module` block, or remove this moved block"),
            );
        }
    }
    for m in config.all_moves() {
        // Moving `aws_x.y` to `aws_x.y[0]` (adding `count`) keeps the resource declared.
        if m.from.key.is_none() && m.to.config() != m.from && config.resource(&m.from).is_some() {
            diags.push(
                Diag::error("baseline::config::moved", format!("`{}` is moved away, but it is still declared", m.from))
                    .at(m.span, "the moved object still exists")
                    .help(format!("remove or rename the `{}` block, or remove this moved block", m.from)),
            );
        }
    }
    for r in config.all_removed() {
        let declared = match &r.module {
            Some(path) => config.module_at(path).is_some(),
            None => config.resource(&r.from).is_some(),
        };
        if declared {
            let what = r.what();
            diags.push(
                Diag::error(
                    "baseline::config::removed",
                    format!("`{what}` is declared removed, but it is still declared"),
                )
                .at(r.span, "the removed object still exists")
                .help(format!("delete the `{what}` block")),
            );
        }
    }
}

/// `import` blocks target declared, importable resources, with ids known before planning.
fn check_imports(config: &Config, diags: &mut Diags) {
    for i in &config.imports {
        if config.resource(&i.to.config()).is_none() {
            diags.push(
                Diag::error(
                    "baseline::config::undeclared",
                    format!("`import` targets `{}`, which is not declared", i.to),
                )
                .at(i.span, "undeclared resource")
                .help("declare the resource block the object should be managed by"),
            );
        } else if crate::resources::resource_type(&i.to.type_name).is_some_and(|rt| !rt.importable()) {
            diags.push(
                Diag::error("baseline::config::import", format!("`{}` objects cannot be imported", i.to.type_name))
                    .at(i.span, "not importable"),
            );
        }
        let mut quiet = Diags::new();
        if !references(&i.id.expr, i.id.file, &mut quiet)
            .iter()
            .all(|r| matches!(r.target, RefTarget::Var(_) | RefTarget::Local(_)))
        {
            diags.push(
                Diag::error("baseline::config::import", "an import `id` may use only variables and local values")
                    .at(i.id.span, "refers to a resource"),
            );
        }
    }
}
