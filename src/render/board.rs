//! The program board of a PI: teams × iterations, with the features each team
//! works on in each iteration and the dependencies that cross teams.

use super::Inputs;
use super::links::Links;
use crate::model::{Kind, Pi};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Rows of teams, cells of features, and the cross-team dependencies.
pub fn program_board(input: &Inputs, pi: &Pi, links: &Links) -> Value {
    let b = input.backlog;
    let rows: Vec<Value> = b
        .teams
        .values()
        .map(|team| {
            let cells: Vec<Value> = pi
                .iterations
                .iter()
                .map(|it| {
                    let features: BTreeSet<&str> = input
                        .by_team()
                        .get(team.id.as_str())
                        .into_iter()
                        .flatten()
                        .filter(|s| s.iteration.as_deref() == Some(it.id.as_str()))
                        .filter_map(|s| s.feature.as_deref())
                        .filter(|f| b.features.contains_key(*f))
                        .collect();
                    json!(features.iter().map(|f| json!({
                        "id": f, "url": links.item(Kind::Feature, f), "title": b.features[*f].title,
                    })).collect::<Vec<_>>())
                })
                .collect();
            json!({"team": {"id": team.id, "title": team.title, "url": links.item(Kind::Team, team.id.as_str())}, "cells": cells})
        })
        .collect();
    let in_pi = |it: &str| {
        input
            .iterations()
            .get(it)
            .is_some_and(|(p, _)| **p == pi.id)
    };
    let mut dependencies = Vec::new();
    for story in b.stories.values() {
        if !story.iteration.as_deref().is_some_and(in_pi) {
            continue;
        }
        for r in &story.depends_on {
            let Some(other) = b.stories.get(r.id.as_str()) else {
                continue;
            };
            if other.team != story.team {
                dependencies.push(json!({
                    "from": {"id": story.id, "url": links.item(Kind::Story, story.id.as_str()), "team": story.team, "iteration": story.iteration},
                    "to": {"id": other.id, "url": links.item(Kind::Story, other.id.as_str()), "team": other.team, "iteration": other.iteration},
                }));
            }
        }
    }
    json!({
        "iterations": pi.iterations.iter().map(|it| it.id.clone()).collect::<Vec<_>>(),
        "rows": rows,
        "dependencies": dependencies,
    })
}
