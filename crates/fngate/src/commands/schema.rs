//! `fngate schema`: the JSON Schema of `serverless.yml` (all three dialects),
//! for editors (`# yaml-language-server: $schema=…`) and CI linters.

use std::process::ExitCode;

/// The schema, as published in the repository.
const SCHEMA: &str = include_str!("../../../fngate-config/schema/serverless.schema.json");

pub(crate) fn schema() -> anyhow::Result<ExitCode> {
    super::print_out(SCHEMA.trim_end());
    Ok(ExitCode::SUCCESS)
}
