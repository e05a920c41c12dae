//! The program board of a PI, as a PI-planning wall: teams × iterations,
//! a card per feature a team works on in an iteration, and the
//! dependencies that cross teams marked on the cards at both ends.

use super::Inputs;
use super::links::Links;
use crate::model::{Kind, Pi, Story, Timing, timing};
use serde::Serialize;
use std::collections::BTreeSet;

/// The board as `pi.html` shows it.
#[derive(Serialize)]
pub(super) struct Board {
    /// The PI's iterations, in order.
    iterations: Vec<Column>,
    /// One row per team.
    rows: Vec<Row>,
    /// The PI's milestones, in date order.
    milestones: Vec<MilestoneView>,
    /// Every dependency between stories of different teams that a story
    /// planned in this PI has.
    dependencies: Vec<Dependency>,
}

/// An iteration's column.
#[derive(Serialize)]
struct Column {
    id: String,
    /// Whether today falls in it.
    current: bool,
    /// The milestones that fall in it.
    milestones: Vec<MilestoneView>,
}

/// A milestone of the PI.
#[derive(Serialize, Clone)]
struct MilestoneView {
    /// `YYYY-MM-DD`.
    date: String,
    title: String,
    /// The iteration it falls in, if any.
    iteration: Option<String>,
}

/// A team's row: a list of cards per iteration.
#[derive(Serialize)]
struct Row {
    team: Named,
    cells: Vec<Vec<Card>>,
}

/// A feature on the board.
#[derive(Serialize)]
struct Card {
    id: String,
    url: String,
    title: String,
    /// Stories of other teams that stories on this card need.
    needs: Vec<End>,
    /// Stories of other teams that need stories on this card.
    needed_by: Vec<End>,
}

/// A team, or a story at one end of a dependency.
#[derive(Serialize, Clone)]
struct Named {
    id: String,
    url: String,
    title: String,
}

/// One end of a dependency: the story, its team and iteration.
#[derive(Serialize, Clone)]
struct End {
    story: Named,
    /// The team's name.
    team: String,
    iteration: Option<String>,
    /// Whether the dependency this end belongs to is late: the needed
    /// story is not done and not planned in an earlier iteration than the
    /// story that needs it.
    late: bool,
    #[serde(skip)]
    team_id: String,
}

/// A story that needs a story of another team.
#[derive(Serialize)]
struct Dependency {
    from: End,
    to: End,
    #[serde(skip)]
    from_feature: Option<String>,
    #[serde(skip)]
    to_feature: Option<String>,
}

/// The board of `pi` on `input.today`.
pub(super) fn program_board(input: &Inputs, pi: &Pi, links: &Links) -> Board {
    let dependencies = dependencies(input, pi, links);
    let rows = input
        .backlog
        .teams
        .values()
        .map(|team| Row {
            team: Named {
                id: team.id.to_string(),
                url: links.item(Kind::Team, team.id.as_str()),
                title: team.title.clone(),
            },
            cells: pi
                .iterations
                .iter()
                .map(|it| cards(input, team.id.as_str(), &it.id, &dependencies, links))
                .collect(),
        })
        .collect();
    let milestones: Vec<MilestoneView> = (pi.milestones.iter())
        .map(|m| MilestoneView {
            date: m.date.to_string(),
            title: m.title.clone(),
            iteration: (pi.iterations.iter())
                .find(|it| it.start <= m.date && m.date <= it.end)
                .map(|it| it.id.clone()),
        })
        .collect();
    Board {
        iterations: (pi.iterations.iter())
            .map(|it| Column {
                id: it.id.clone(),
                current: it.start <= input.today && input.today <= it.end,
                milestones: (milestones.iter())
                    .filter(|m| m.iteration.as_deref() == Some(it.id.as_str()))
                    .cloned()
                    .collect(),
            })
            .collect(),
        rows,
        milestones,
        dependencies,
    }
}

/// The features `team` works on in `iteration`, each with the dependencies
/// that start or end at its stories there.
fn cards(
    input: &Inputs,
    team: &str,
    iteration: &str,
    dependencies: &[Dependency],
    links: &Links,
) -> Vec<Card> {
    let b = input.backlog;
    let features: BTreeSet<&str> = input
        .by_team()
        .get(team)
        .into_iter()
        .flatten()
        .filter(|s| s.iteration.as_deref() == Some(iteration))
        .filter_map(|s| s.feature.as_deref())
        .filter(|f| b.features.contains_key(*f))
        .collect();
    let at = |end: &End, feature: &Option<String>, f: &str| {
        end.team_id == team
            && end.iteration.as_deref() == Some(iteration)
            && feature.as_deref() == Some(f)
    };
    features
        .into_iter()
        .map(|f| Card {
            id: f.to_string(),
            url: links.item(Kind::Feature, f),
            title: b.features[f].title.clone(),
            needs: (dependencies.iter())
                .filter(|d| at(&d.from, &d.from_feature, f))
                .map(|d| d.to.clone())
                .collect(),
            needed_by: (dependencies.iter())
                .filter(|d| at(&d.to, &d.to_feature, f))
                .map(|d| d.from.clone())
                .collect(),
        })
        .collect()
}

/// Dependencies between teams of the stories planned in `pi`.
fn dependencies(input: &Inputs, pi: &Pi, links: &Links) -> Vec<Dependency> {
    let b = input.backlog;
    let iteration = |story: &Story| {
        let id = story.iteration.as_deref()?;
        input.iterations().get(id).map(|(p, it)| (*p, *it))
    };
    let end = |story: &Story, late: bool| End {
        story: Named {
            id: story.id.to_string(),
            url: links.item(Kind::Story, story.id.as_str()),
            title: story.title.clone(),
        },
        team: b.title_of(&story.team).unwrap_or(&story.team).to_string(),
        iteration: story.iteration.clone(),
        late,
        team_id: story.team.to_string(),
    };
    let mut found = Vec::new();
    for story in b.stories.values() {
        let Some((_, planned)) = iteration(story).filter(|(p, _)| **p == pi.id) else {
            continue;
        };
        for r in &story.depends_on {
            let Some(other) = b.stories.get(r.id.as_str()) else {
                continue;
            };
            if other.team == story.team {
                continue;
            }
            let late = timing(other, iteration(other).map(|(_, it)| it), planned) != Timing::InTime;
            found.push(Dependency {
                from: end(story, late),
                to: end(other, late),
                from_feature: story.feature.clone(),
                to_feature: other.feature.clone(),
            });
        }
    }
    found
}
