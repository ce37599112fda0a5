//! `custom.fngate`: fngate's own keys, where Serverless Framework plugins keep theirs.

use saphyr::MarkedYamlOwned;

use crate::apigw::STAGES;
use crate::model::{Custom, FunctionErrorStatus};
use crate::node::{Checker, join};

const FNGATE_KEYS: &[&str] = &["stageVariables", "functionErrorStatus", "keyPairs", "services"];

/// Parses `custom` (only its `fngate` part is fngate's business).
pub(crate) fn parse_custom(c: &mut Checker, node: &MarkedYamlOwned) -> Custom {
    let mut custom = Custom::default();
    for (key, _, value) in c.mapping(node, "custom", &[]) {
        if key != "fngate" {
            continue;
        }
        for (key, key_node, value) in c.mapping(value, "custom.fngate", FNGATE_KEYS) {
            let path = join("custom.fngate", &key);
            match key.as_str() {
                "stageVariables" => {
                    for (stage, stage_node, vars) in c.mapping(value, &path, &[]) {
                        let stage_path = join(&path, &stage);
                        if !STAGES.contains(&stage.as_str()) {
                            c.error(
                                Some(stage_node),
                                &stage_path,
                                format!("unknown stage: use one of {}", STAGES.join(", ")),
                            );
                            continue;
                        }
                        let vars = c.string_map(vars, &stage_path).into_iter().collect();
                        custom.stage_variables.insert(stage, vars);
                    }
                }
                "functionErrorStatus" => match c.string(value, &path).as_deref() {
                    None | Some("seed") => custom.function_error_status = FunctionErrorStatus::Seed,
                    Some("propagate") => custom.function_error_status = FunctionErrorStatus::Propagate,
                    Some(other) => c.error(
                        Some(value),
                        &path,
                        format!("`{other}` is not allowed: use `seed` or `propagate`"),
                    ),
                },
                // Key pairs and per-service IP lists protect APIs: starting without
                // enforcing them would expose what the owner believes is protected.
                _ => c.error(
                    Some(key_node),
                    &path,
                    format!("`{key}` is not supported by this version of fngate"),
                ),
            }
        }
    }
    custom
}
