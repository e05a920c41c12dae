use super::*;
use crate::source::Seg::{Index, Key};

fn after(id: &str) -> Place {
    Place::After(id.into())
}

fn before(id: &str) -> Place {
    Place::Before(id.into())
}

const TEAM: &str = "\
---
title: Alpha   # the first team
backlog:   # ordered by the PO
  - A-1    # top
  # parked below this line? no
  - \"A-2\"

  -  A-3
capacity: 10
---

Body with - [ ] a task.
";

#[test]
fn inserts_into_a_block_list_in_its_style() {
    let top = insert_entry(TEAM, "backlog", "A-9", Place::Top).unwrap();
    assert_eq!(top, TEAM.replace("  - A-1 ", "  - A-9\n  - A-1 "));
    let bottom = insert_entry(TEAM, "backlog", "A-9", Place::Bottom).unwrap();
    assert_eq!(bottom, TEAM.replace("  -  A-3\n", "  -  A-3\n  - A-9\n"));
    let mid = insert_entry(TEAM, "backlog", "A-9", after("A-2")).unwrap();
    assert_eq!(mid, TEAM.replace("\n\n  -  A-3", "\n  - A-9\n\n  -  A-3"));
    // A comment above an entry stays with it.
    let mid = insert_entry(TEAM, "backlog", "A-9", before("A-2")).unwrap();
    assert_eq!(mid, TEAM.replace("# top\n", "# top\n  - A-9\n"));
    assert_eq!(
        insert_entry(TEAM, "backlog", "A-9", after("Z-1")),
        Err(EditError::NotListed("Z-1".into()))
    );
    assert_eq!(
        insert_entry(TEAM, "backlog", "a b", Place::Top),
        Err(EditError::BadId("a b".into()))
    );
}

#[test]
fn lists_entries_as_yaml_reads_them() {
    assert_eq!(entries(TEAM, "backlog").unwrap(), ["A-1", "A-2", "A-3"]);
    assert!(entries(TEAM, "nothing").unwrap().is_empty());
    assert_eq!(
        entries(TEAM, "title"),
        Ok(vec!["Alpha".to_string()]),
        "a value alone counts as a list of one"
    );
}

#[test]
fn removes_and_moves_block_entries_with_their_comments() {
    let removed = remove_entry(TEAM, "backlog", "A-1").unwrap();
    assert_eq!(removed, TEAM.replace("  - A-1    # top\n", ""));
    let moved = move_entry(TEAM, "backlog", "A-1", Place::Bottom).unwrap();
    assert_eq!(
        moved,
        TEAM.replace("  - A-1    # top\n", "")
            .replace("  -  A-3\n", "  -  A-3\n  - A-1    # top\n")
    );
    let moved = move_entry(TEAM, "backlog", "A-3", after("A-1")).unwrap();
    assert_eq!(
        moved,
        TEAM.replace("\n  -  A-3\n", "\n")
            .replace("  - A-1    # top\n", "  - A-1    # top\n  -  A-3\n")
    );
    assert_eq!(
        move_entry(TEAM, "backlog", "A-1", before("A-2")).unwrap(),
        TEAM
    );
    assert_eq!(
        move_entry(TEAM, "backlog", "A-1", Place::Top).unwrap(),
        TEAM
    );
}

#[test]
fn removes_repeats_but_keeps_the_first() {
    let text = "backlog:\n- A\n- B\n- A # again\n- A\n";
    assert_eq!(
        remove_repeats(text, "backlog", "A").unwrap(),
        "backlog:\n- A\n- B\n"
    );
    assert_eq!(remove_repeats(text, "backlog", "B").unwrap(), text);
    assert_eq!(
        remove_entry(text, "backlog", "A").unwrap(),
        "backlog:\n- B\n"
    );
    let flow = "program_backlog: [F-1, F-2, F-1]  # by WSJF\n";
    assert_eq!(
        remove_repeats(flow, "program_backlog", "F-1").unwrap(),
        "program_backlog: [F-1, F-2]  # by WSJF\n"
    );
}

#[test]
fn edits_flow_lists_inline() {
    let text = "title: T\nprogram_backlog: [F-7, 'F-3', F-12]   # by the PM\nrules: {}\n";
    let edit = |f: &dyn Fn(&str) -> Result<String, EditError>| f(text).unwrap();
    let line = |list: &str| text.replace("[F-7, 'F-3', F-12]", list);
    assert_eq!(
        edit(&|t| insert_entry(t, "program_backlog", "F-1", Place::Top)),
        line("[F-1, F-7, 'F-3', F-12]")
    );
    assert_eq!(
        edit(&|t| insert_entry(t, "program_backlog", "F-1", Place::Bottom)),
        line("[F-7, 'F-3', F-12, F-1]")
    );
    assert_eq!(
        edit(&|t| remove_entry(t, "program_backlog", "F-12")),
        line("[F-7, 'F-3']")
    );
    assert_eq!(
        edit(&|t| remove_entry(t, "program_backlog", "F-7")),
        line("['F-3', F-12]")
    );
    assert_eq!(
        edit(&|t| move_entry(t, "program_backlog", "F-7", Place::Bottom)),
        line("['F-3', F-12, F-7]")
    );
    assert_eq!(
        edit(&|t| move_entry(t, "program_backlog", "F-12", Place::Top)),
        line("[F-12, F-7, 'F-3']")
    );
}

#[test]
fn edits_flow_lists_with_one_item_per_line() {
    let text = "backlog: [\n    A-1,  # first\n    A-2\n]\n";
    assert_eq!(
        insert_entry(text, "backlog", "A-3", Place::Bottom).unwrap(),
        "backlog: [\n    A-1,  # first\n    A-2,\n    A-3\n]\n"
    );
    assert_eq!(
        insert_entry(text, "backlog", "A-3", Place::Top).unwrap(),
        "backlog: [\n    A-3,\n    A-1,  # first\n    A-2\n]\n"
    );
    assert_eq!(
        remove_entry(text, "backlog", "A-2").unwrap(),
        "backlog: [\n    A-1  # first\n]\n"
    );
    assert_eq!(
        remove_entry(text, "backlog", "A-1").unwrap(),
        "backlog: [\n    # first\n    A-2\n]\n"
    );
}

#[test]
fn empty_and_missing_lists_become_block_lists() {
    let cases = [
        (
            "title: T\nbacklog: []  # none yet\n",
            "title: T\nbacklog:  # none yet\n  - A-1\n",
        ),
        ("title: T\nbacklog: ~\n", "title: T\nbacklog:\n  - A-1\n"),
        (
            "title: T\nbacklog:\nteam: x\n",
            "title: T\nbacklog:\n  - A-1\nteam: x\n",
        ),
        ("title: T\n", "title: T\nbacklog:\n  - A-1\n"),
        ("title: T", "title: T\nbacklog:\n  - A-1"),
        (
            "members:\n- a\nbacklog: []\n",
            "members:\n- a\nbacklog:\n- A-1\n",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            insert_entry(text, "backlog", "A-1", Place::Bottom).unwrap(),
            expected,
            "{text}"
        );
    }
    let md = "---\n---\nbody\n";
    assert_eq!(
        insert_entry(md, "backlog", "A-1", Place::Top).unwrap(),
        "---\nbacklog:\n  - A-1\n---\nbody\n"
    );
    assert_eq!(
        remove_entry("backlog: []\n", "backlog", "A-1"),
        Err(EditError::NotListed("A-1".into()))
    );
}

#[test]
fn a_value_alone_grows_into_a_flow_list() {
    assert_eq!(
        insert_entry("backlog: A-1 # only\n", "backlog", "A-2", Place::Bottom).unwrap(),
        "backlog: [A-1, A-2] # only\n"
    );
    assert_eq!(
        remove_entry("backlog: A-1\n", "backlog", "A-1").unwrap(),
        "backlog: []\n"
    );
}

#[test]
fn keeps_crlf_and_a_byte_order_mark() {
    let text = "\u{feff}---\r\ntitle: T\r\nbacklog:\r\n  - A-1\r\n---\r\nbody\r\n";
    assert_eq!(
        insert_entry(text, "backlog", "A-2", Place::Bottom).unwrap(),
        "\u{feff}---\r\ntitle: T\r\nbacklog:\r\n  - A-1\r\n  - A-2\r\n---\r\nbody\r\n"
    );
    let config = "\u{feff}title: T\r\n";
    assert_eq!(
        insert_entry(config, "program_backlog", "F-1", Place::Bottom).unwrap(),
        "\u{feff}title: T\r\nprogram_backlog:\r\n  - F-1\r\n"
    );
}

#[test]
fn quotes_ids_yaml_would_read_as_something_else() {
    assert_eq!(
        insert_entry("backlog: [A]\n", "backlog", "42", Place::Bottom).unwrap(),
        "backlog: [A, \"42\"]\n"
    );
    assert_eq!(
        entries("backlog: [A, 42]\n", "backlog").unwrap(),
        ["A", "42"]
    );
    assert_eq!(
        insert_entry("backlog: ['A']\n", "backlog", "B", Place::Top).unwrap(),
        "backlog: ['B', 'A']\n",
        "new entries are quoted as the first one is"
    );
}

#[test]
fn refuses_what_is_not_a_list_of_ids() {
    let not_a_list = |text: &str| insert_entry(text, "backlog", "A-1", Place::Top);
    for text in [
        "backlog: {a: 1}\n",
        "backlog:\n  - [A, B]\n",
        "backlog:\n  - a: b\n",
        "backlog: |\n  A\n",
    ] {
        assert_eq!(
            not_a_list(text),
            Err(EditError::NotAList("backlog".into())),
            "{text}"
        );
    }
    assert!(matches!(not_a_list("backlog: [A"), Err(EditError::Yaml(_))));
    assert!(matches!(
        not_a_list("backlog: &a [A]\nother: *a\n"),
        Err(EditError::NotAList(_) | EditError::Unsupported(_))
    ));
    assert!(not_a_list("backlog:\n  - A\n    B\n").is_err());
}

#[test]
fn renames_keys_at_any_depth() {
    let text = "---\ntitle: T   # x\ndepend_on: [A-1]  # needs\nwsjf:\n  job_sise: 3\n---\n";
    assert_eq!(
        rename_key(text, &[Key("depend_on")], "depends_on").unwrap(),
        text.replace("depend_on:", "depends_on:")
    );
    assert_eq!(
        rename_key(text, &[Key("wsjf"), Key("job_sise")], "job_size").unwrap(),
        text.replace("job_sise", "job_size")
    );
    let pi = "iterations:\n  - {id: PI-1.1, strat: 2026-01-05}\n";
    assert_eq!(
        rename_key(pi, &[Key("iterations"), Index(0), Key("strat")], "start").unwrap(),
        pi.replace("strat", "start")
    );
    assert_eq!(
        rename_key("'titel': T\n", &[Key("titel")], "title").unwrap(),
        "'title': T\n"
    );
    assert_eq!(
        rename_key("titel: a\ntitle: b\n", &[Key("titel")], "title"),
        Err(EditError::KeyExists("title".into()))
    );
    assert_eq!(
        rename_key("title: a\n", &[Key("titel")], "title"),
        Err(EditError::NoSuchKey("titel".into()))
    );
}

#[test]
fn ticks_only_unchecked_tasks_in_the_body() {
    let text = "---\ntitle: - [ ] no\n---\n\n- [ ] one\n  * [x] two\n> 3. [ ] three\n- [ ]\n";
    assert_eq!(
        tick_task(text, 5).unwrap(),
        text.replace("- [ ] one", "- [x] one")
    );
    assert_eq!(
        tick_task(text, 7).unwrap(),
        text.replace("3. [ ] three", "3. [x] three")
    );
    assert_eq!(
        tick_task(text, 8).unwrap(),
        text.replace("- [ ]\n", "- [x]\n")
    );
    for line in [0, 2, 4, 6, 99] {
        assert_eq!(
            tick_task(text, line),
            Err(EditError::NoTask(line)),
            "line {line}"
        );
    }
    let crlf = "---\r\n---\r\n- [ ] a\r\n";
    assert_eq!(tick_task(crlf, 3).unwrap(), "---\r\n---\r\n- [x] a\r\n");
}

mod properties {
    use super::super::*;
    use proptest::prelude::*;

    /// A team file whose block backlog has `ids`, with a comment and a
    /// blank line between entries and around the list.
    fn team(ids: &[String], flow: bool) -> String {
        let list = match flow {
            true => format!(" [{}]  # ranked", ids.join(", ")),
            false => ids
                .iter()
                .map(|id| format!("\n  # about {id}\n  - {id}  # {id}"))
                .collect(),
        };
        format!("---\ntitle: T  # kept\nbacklog:{list}\n\n# after\ncapacity: 3\n---\nbody\n")
    }

    fn ids() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec((0..6u8).prop_map(|n| format!("A-{n}")), 0..6)
    }

    proptest! {
        #[test]
        fn every_edit_lists_what_it_says_and_keeps_the_rest(
            ids in ids(), flow in any::<bool>(), new in 0..8u8, op in 0..4u8, pick in 0..6usize,
        ) {
            let text = team(&ids, flow);
            let new = format!("A-{new}");
            let other = ids.get(pick % ids.len().max(1)).cloned().unwrap_or_default();
            let mut expected = ids.clone();
            let result = match op {
                0 => insert_entry(&text, "backlog", &new, Place::Bottom).inspect(|_| expected.push(new.clone())),
                1 => insert_entry(&text, "backlog", &new, Place::Top).inspect(|_| expected.insert(0, new.clone())),
                2 => remove_repeats(&text, "backlog", &other).inspect(|_| {
                    let first = expected.iter().position(|id| *id == other).unwrap_or(0);
                    let mut i = 0;
                    expected.retain(|id| { i += 1; *id != other || i - 1 == first });
                }),
                _ => move_entry(&text, "backlog", &other, Place::Bottom).inspect(|_| {
                    if let Some(at) = expected.iter().position(|id| *id == other) {
                        let moved = expected.remove(at);
                        expected.push(moved);
                    }
                }),
            };
            match result {
                Ok(after) => {
                    prop_assert_eq!(entries(&after, "backlog").unwrap(), expected);
                    for kept in ["title: T  # kept", "\n\n# after\ncapacity: 3\n---\nbody\n"] {
                        prop_assert!(after.contains(kept), "{}", after);
                    }
                }
                Err(EditError::NotListed(_)) => prop_assert!(ids.is_empty()),
                Err(other) => prop_assert!(false, "{other} for\n{text}"),
            }
        }
    }
}
