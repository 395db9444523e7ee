//! `whisperwire promote --from WS --to WS [--flow NAME]... [--map FILE] [--write-map FILE]
//! [--dry-run] [--publish]`: prints the preview, then writes the target's local edits (or the
//! map file), and with `--publish` hands the target to `publish`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;

use super::write_stdout;
use crate::promote::{self, MapFile, PromoteOptions};
use crate::words::count;

#[derive(Debug, Args)]
pub struct PromoteArgs {
    /// The source workspace (say, pulled from the dev instance).
    #[arg(long = "from", value_name = "SOURCE_WS")]
    pub from: PathBuf,
    /// The target workspace (say, pulled from the prod instance); receives local edits only.
    #[arg(long = "to", value_name = "TARGET_WS")]
    pub to: PathBuf,
    /// Promote only this flow (its name or file name without .json); repeatable. Default: all.
    #[arg(long = "flow", value_name = "NAME")]
    pub flows: Vec<String>,
    /// Source → target names (or ids, ARNs) per kind of resource, where names differ (README).
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Write the map this promotion uses (the unresolved entries blank, to fill in) to FILE and
    /// nothing else.
    #[arg(long, value_name = "FILE")]
    pub write_map: Option<PathBuf>,
    /// Print the preview and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// After writing, publish the promoted flows and queues of the target (as `publish --flow`).
    #[arg(long, conflicts_with_all = ["dry_run", "write_map"])]
    pub publish: bool,
}

pub fn run(args: &PromoteArgs) -> anyhow::Result<ExitCode> {
    let map = match &args.map {
        Some(path) => MapFile::load(path)?,
        None => MapFile::default(),
    };
    let options = PromoteOptions { flows: args.flows.clone(), map };
    let plan = promote::plan(&args.from, &args.to, &options)?;
    write_stdout(&promote::plan_text(&plan))?;
    if let Some(path) = &args.write_map {
        let map = plan.map_file(&options.map);
        map.save(path)?;
        let (entries, blank) = map.counts();
        write_stdout(&format!(
            "wrote {} ({}, {} to fill in); nothing else was written\n",
            path.display(),
            count(entries, "entry"),
            blank
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    if plan.refused() {
        eprintln!("refused: {}; nothing was written", promote::refusal(&plan));
        return Ok(ExitCode::from(1));
    }
    if args.dry_run {
        write_stdout("dry run: nothing written\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    let applied = promote::apply(&plan).with_context(|| format!("promote into {}", args.to.display()))?;
    let mut written = applied.flows.clone();
    if applied.instance {
        written.push(crate::workspace::names::INSTANCE_FILE.to_owned());
    }
    if written.is_empty() {
        write_stdout("nothing to write: the target already holds these flows and queue settings\n")?;
    } else {
        write_stdout(&format!("wrote {} in {}\n", written.join(", "), args.to.display()))?;
    }
    if args.publish {
        return publish(args, &plan);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "aws")]
fn publish(args: &PromoteArgs, plan: &promote::Plan) -> anyhow::Result<ExitCode> {
    let publish = super::publish::PublishArgs {
        workspace: args.to.clone(),
        flows: plan.target_flow_names(),
        dry_run: false,
        force: false,
        timeout: 60,
        save_only: false,
    };
    super::publish::run(&publish)
}

#[cfg(not(feature = "aws"))]
fn publish(_args: &PromoteArgs, _plan: &promote::Plan) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build has no Amazon Connect support (built without the `aws` feature); run `whisperwire publish` from a full build"
    )
}
