//! The site as its readers use it: what each page shows, checked in the
//! built HTML of small backlogs made for the purpose.

use crate::build::{build, output};
use crate::harness::Backlog;
use crate::history::strip_tags;
use std::fs;
use std::path::Path;

fn read(out: &Path, page: &str) -> String {
    fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// Builds `backlog` and returns the site's folder (kept while `.0` lives).
fn built(backlog: &Backlog) -> (tempfile::TempDir, std::path::PathBuf) {
    let (site, out) = output();
    build(backlog.path(), &out).success();
    (site, out)
}

/// The text of the `n`th cell of every row of the first table after `marker`.
fn column(html: &str, marker: &str, n: usize) -> Vec<String> {
    let table = &html[html.find(marker).expect(marker)..];
    let body = &table[table.find("<tbody>").expect("tbody")..table.find("</tbody>").expect("end")];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let cell = row.split("<td").nth(n + 1).unwrap_or("");
            let text = cell.split("</td>").next().unwrap_or("");
            strip_tags(text.split_once('>').map_or("", |(_, t)| t))
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn a_pi_page_shows_the_pi_s_own_text() {
    let backlog = Backlog::minimal();
    let pi = backlog.read("pis/PI-1.md");
    backlog.write(
        "pis/PI-1.md",
        format!("{pi}\nThe train's **theme**: reading at home.\n"),
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "pis/PI-1/index.html");
    assert!(
        page.contains("<strong>theme</strong>: reading at home."),
        "{page}"
    );
}

#[test]
fn stories_whose_criteria_are_scenarios_say_how_many() {
    let backlog = Backlog::minimal();
    backlog.edit(
        "stories/alpha/A-1.md",
        "- [ ] A reserved book shows on my account\n",
        "",
    );
    let (_site, out) = built(&backlog);
    let team = read(&out, "teams/alpha/index.html");
    let criteria = column(&team, "aria-label=\"Team backlog\"", 7);
    assert_eq!(
        criteria.first().map(String::as_str),
        Some("1 scenario"),
        "{team}"
    );
}

#[test]
fn a_feature_s_stories_are_grouped_by_team_with_their_ranks() {
    let backlog = Backlog::minimal();
    backlog.edit(
        "stories/beta/B-1.md",
        "team: beta\n",
        "team: beta\nfeature: F-1\n",
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "features/F-1/index.html");
    let marker = "aria-label=\"Stories of this feature\"";
    assert_eq!(
        column(&page, marker, 0),
        ["Alpha", "Alpha", "Alpha", "Beta"]
    );
    assert_eq!(column(&page, marker, 1), ["1", "2", "", "1"]);
    assert_eq!(column(&page, marker, 2), ["A-1", "A-2", "A-3", "B-1"]);
}

#[test]
fn a_role_page_names_what_it_decides_and_starts_with_its_own_text() {
    let backlog = Backlog::minimal();
    let (_site, out) = built(&backlog);
    let page = read(&out, "roles/product-owner/index.html");
    assert!(
        page.contains("<li>Stories</li><li>The order of the team backlog</li>"),
        "{page}"
    );
    assert!(!page.contains("team-backlog"), "{page}");
    let text = page.find("Speaks for the members").expect("text");
    assert!(
        text < page.find("<h2>Duties</h2>").expect("duties"),
        "{page}"
    );
}

#[test]
fn wsjf_scores_show_enough_decimals_to_explain_the_order() {
    let backlog = Backlog::minimal();
    // 21 / 8 = 2.625 and 13 / 5 = 2.6: "2.6" twice would not explain it.
    backlog.edit(
        "features/F-1.md",
        "risk_reduction: 3\n  job_size: 5",
        "risk_reduction: 8\n  job_size: 8",
    );
    backlog.edit(
        "features/F-2.md",
        "status: done\n",
        "status: done\nwsjf: {business_value: 8, time_criticality: 3, risk_reduction: 2, job_size: 5}\n",
    );
    let (_site, out) = built(&backlog);
    assert!(read(&out, "features/F-1/index.html").contains("<h2>WSJF 2.63</h2>"));
    assert!(read(&out, "features/F-2/index.html").contains("<h2>WSJF 2.60</h2>"));
    assert!(read(&out, "program/index.html").contains(">2.63<"));
}

#[test]
fn the_footer_claims_git_only_for_a_backlog_in_git_and_the_site_has_an_icon() {
    let backlog = Backlog::minimal();
    let (_site, out) = built(&backlog);
    let home = read(&out, "index.html");
    assert!(home.contains("<p>Built by rankdown.</p>"), "{home}");
    assert!(
        home.contains(r#"<link rel="icon" href="static/favicon.svg""#),
        "{home}"
    );
    assert!(read(&out, "static/favicon.svg").starts_with("<svg"));
}

#[test]
fn a_team_page_plans_every_iteration_not_over_and_links_them() {
    let backlog = Backlog::minimal();
    let (_site, out) = built(&backlog);
    // On 2026-01-20 PI-1.1 is over; PI-1.2 runs. Beta plans B-1 (2 points).
    let alpha = read(&out, "teams/alpha/index.html");
    let marker = "aria-label=\"Load per iteration\"";
    assert_eq!(column(&alpha, marker, 0), ["PI-1.2"]);
    assert_eq!(column(&alpha, marker, 1), ["3"]);
    assert!(
        alpha.contains(r#"<a href="../../pis/PI-1/#iterations">PI-1.2</a>"#),
        "{alpha}"
    );
    let finished = &alpha[alpha.find("Finished stories").expect("finished")..];
    assert!(!finished.contains(">Rank<"), "{finished}");
    // A team with nothing planned still sees the iteration, at 0.
    backlog.edit("stories/beta/B-1.md", "iteration: PI-1.2\n", "");
    let (_site, out) = built(&backlog);
    let beta = read(&out, "teams/beta/index.html");
    assert_eq!(column(&beta, marker, 1), ["0"]);
}

#[test]
fn the_roadmap_follows_the_program_backlog_and_marks_what_is_not_planned() {
    let backlog = Backlog::minimal();
    for n in [10, 3] {
        backlog.write(
            &format!("features/F-{n}.md"),
            format!("---\ntitle: Feature {n}\ntype: feature\nstatus: funnel\n---\n"),
        );
    }
    backlog.edit(
        "rankdown.yaml",
        "program_backlog: [F-1]",
        "program_backlog: [F-1, F-10, F-3]",
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "roadmap/index.html");
    let rows: Vec<&str> = page
        .split(r#"<text class="feature-label" x="4" y=""#)
        .skip(1)
        .map(|row| {
            row.split_once('>')
                .map_or("", |(_, t)| t)
                .split(' ')
                .next()
                .unwrap_or("")
        })
        .collect();
    // Listed features in the program backlog's order, then F-2 (not listed).
    assert_eq!(rows, ["F-1", "F-10", "F-3", "F-2"], "{page}");
    assert!(page.contains("F-10 · not planned</text>"), "{page}");
    assert!(
        page.contains("3 features have no PI and no planned stories yet"),
        "{page}"
    );
    for iteration in ["PI-1.1", "PI-1.2"] {
        assert!(
            page.contains(&format!(r#"y="36">{iteration}</text>"#)),
            "{page}"
        );
    }
    // F-1: A-3 (5 points) accepted of 8 points in all.
    let f1 = "<title>F-1 Borrow books online: implementing, 5 of 8 points accepted</title>";
    assert!(page.contains(f1), "{page}");
    assert!(page.contains(r#"<rect class="bar-accepted""#), "{page}");
    assert!(
        page.contains("data-today=\"0."),
        "today is within PI 1: {page}"
    );
}

#[test]
fn the_program_backlog_shows_owner_and_progress_and_only_columns_in_use() {
    let backlog = Backlog::minimal();
    let (_site, out) = built(&backlog);
    let page = read(&out, "program/index.html");
    let marker = "aria-label=\"Program backlog\"";
    assert_eq!(column(&page, marker, 4), ["Pat Moss"]);
    assert_eq!(column(&page, marker, 6), ["62% 5 of 8 points"], "{page}");
    assert!(page.contains("<th scope=\"col\">WSJF</th>"), "{page}");
    // Without WSJF inputs, no column of dashes.
    backlog.edit(
        "features/F-1.md",
        "wsjf:\n  business_value: 8\n  time_criticality: 5\n  risk_reduction: 3\n  job_size: 5\n",
        "",
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "program/index.html");
    assert!(
        !page.contains(">WSJF<") && !page.contains("departs from WSJF"),
        "{page}"
    );
}

#[test]
fn dates_do_not_break_and_clipped_tables_show_a_shadow() {
    let backlog = Backlog::minimal();
    let (_site, out) = built(&backlog);
    let pi = read(&out, "pis/PI-1/index.html");
    assert!(pi.contains("<td><time>2026-01-05</time></td>"), "{pi}");
    let css = read(&out, "static/site.css");
    assert!(css.contains("time, .date { white-space: nowrap; }"));
    assert!(css.contains("background-attachment: local, local, scroll, scroll;"));
}

#[test]
fn the_program_board_shows_titles_dependencies_on_both_cards_and_now() {
    let backlog = Backlog::minimal();
    backlog.edit(
        "stories/beta/B-1.md",
        "team: beta\n",
        "team: beta\nfeature: F-1\ndepends_on: [A-1]\n",
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "pis/PI-1/index.html");
    let board = &page[page.find("<table class=\"board\">").expect("board")..];
    let board = &board[..board.find("</table>").expect("end")];
    assert!(
        board.contains(
            r#"<th scope="col" class="current">PI-1.2 <span class="now">(now)</span></th>"#
        ),
        "{board}"
    );
    let card =
        r#"<a href="../../features/F-1/"><span class="card-id">F-1</span> Borrow books online</a>"#;
    assert!(board.contains(card), "{board}");
    let needs = r#"⇠ needs <a href="../../stories/A-1/">A-1</a> (Alpha, PI-1.2) <span class="flag">late</span>"#;
    let needed = r#"⇢ needed by <a href="../../stories/B-1/">B-1</a> (Beta, PI-1.2) <span class="flag">late</span>"#;
    assert!(board.contains(needs) && board.contains(needed), "{board}");
}

#[test]
fn dependencies_planned_later_or_not_at_all_are_marked_late_on_the_pi_page() {
    let backlog = Backlog::with_rule_fixture("RD506-dependency-planned-later");
    backlog.edit(
        "stories/beta/B-1.md",
        "depends_on: [A-1, B-2]",
        "depends_on: [A-1, A-2, B-2]",
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "pis/PI-1/index.html");
    let list = &page[page
        .find("<h3>Cross-team dependencies</h3>")
        .expect("the list")..];
    let list = &list[..list.find("</ul>").expect("end")];
    let later = r#"<li><a href="../../stories/B-1/">B-1</a> (Beta, PI-1.1) needs <a href="../../stories/A-1/">A-1</a> (Alpha, PI-1.2) <span class="flag">late</span></li>"#;
    let unplanned = r#"<li><a href="../../stories/B-1/">B-1</a> (Beta, PI-1.1) needs <a href="../../stories/A-2/">A-2</a> (Alpha, not planned) <span class="flag">late</span></li>"#;
    assert!(list.contains(later) && list.contains(unplanned), "{list}");
}

#[test]
fn business_owners_show_on_their_role_page_and_the_pi_page() {
    let backlog = Backlog::minimal();
    backlog.edit(
        "rankdown.yaml",
        "product_manager: Pat Moss\n",
        "product_manager: Pat Moss\nbusiness_owners: [Kay Wu, Lee <b>Ng</b>]\n",
    );
    backlog.write(
        "roles/business-owner.md",
        "---\ntitle: Business Owner\nowns: [pi-objective-value]\nresponsibilities: [Rate the objectives]\n---\n",
    );
    let (_site, out) = built(&backlog);
    let pi = read(&out, "pis/PI-1/index.html");
    let named = r#"<a href="../../roles/business-owner/">Business Owners</a>, who rate the objectives' value: Kay Wu, Lee &lt;b&gt;Ng&lt;/b&gt;.</p>"#;
    assert!(pi.contains(named), "{pi}");
    let role = strip_tags(&read(&out, "roles/business-owner/index.html"));
    assert!(role.contains("Kay Wu"), "{role}");
    assert!(
        role.contains("Rates the value of the PI objectives"),
        "{role}"
    );
    assert!(!role.contains("Nobody is named for this role"), "{role}");
}

#[test]
fn a_pi_with_its_own_business_owners_names_them_instead_of_the_trains() {
    let backlog = Backlog::minimal();
    backlog.edit(
        "rankdown.yaml",
        "product_manager: Pat Moss\n",
        "product_manager: Pat Moss\nbusiness_owners: [Kay Wu]\n",
    );
    backlog.edit(
        "pis/PI-1.md",
        "objectives:\n",
        "business_owners: [Ida Berg]\nobjectives:\n",
    );
    backlog.write(
        "roles/business-owner.md",
        "---\ntitle: Business Owner\nowns: [pi-objective-value]\nresponsibilities: [Rate the objectives]\n---\n",
    );
    assert_eq!(backlog.check(), "");
    let (_site, out) = built(&backlog);
    let pi = read(&out, "pis/PI-1/index.html");
    assert!(
        pi.contains("who rate the objectives' value: Ida Berg.</p>"),
        "{pi}"
    );
    let role = strip_tags(&read(&out, "roles/business-owner/index.html"));
    assert!(
        role.contains("Rates the value of the objectives of PI 1"),
        "{role}"
    );
    assert!(role.contains("Kay Wu"), "{role}");
}

#[test]
fn the_ip_iteration_and_an_iterations_own_capacity_show_on_the_pages() {
    let backlog = Backlog::with_rule_fixture("RD507-planned-into-ip");
    backlog.edit("pis/PI-1.md", ", gamma: 5", "");
    let (_site, out) = built(&backlog);
    let pi = read(&out, "pis/PI-1/index.html");
    assert!(
        pi.contains(r#"<td>PI-1.2 <span class="flag">IP</span> <span class="muted">Innovation and Planning: no stories</span>"#),
        "{pi}"
    );
    assert!(pi.contains(">PI-1.2 (IP: no stories)</text>"), "{pi}");
    assert!(pi.contains("<title>Alpha: 3 of 2 points</title>"), "{pi}");
    let team = read(&out, "teams/alpha/index.html");
    let row = r#"<tr class="over"><td><a href="../../pis/PI-1/#iterations">PI-1.2</a> <span class="flag">IP</span></td><td>3</td><td>2</td>"#;
    assert!(team.contains(row), "{team}");
}

#[test]
fn between_pis_the_home_page_names_the_next_one_and_when_it_starts() {
    let backlog = Backlog::minimal();
    for (today, said) in [
        (
            "2025-12-25",
            r#"No program increment is in progress. The next, <a href="pis/PI-1/">PI 1</a>, starts on 2026-01-05 (in 11 days).</p>"#,
        ),
        (
            "2026-03-01",
            "No program increment is in progress. None is planned: add one to <code>pis/</code> (<code>rankdown new pi</code>).</p>",
        ),
    ] {
        let (_site, out) = output();
        let mut build = crate::repo::rankdown();
        build
            .args(["build", "--today", today])
            .arg(backlog.path())
            .arg("-o")
            .arg(&out);
        build.assert().success();
        let home = read(&out, "index.html");
        assert!(home.contains(said), "{today}: {home}");
    }
}

#[test]
fn milestones_show_in_their_iteration_on_the_board_and_as_marks_on_the_roadmap() {
    let backlog = Backlog::minimal();
    backlog.edit(
        "pis/PI-1.md",
        "objectives:\n",
        "milestones:\n  - {date: 2026-01-28, title: \"Launch <b>day</b>\"}\n  - {date: 2026-01-06, title: Kick-off}\nobjectives:\n",
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "pis/PI-1/index.html");
    let head = &page[page.find("<table class=\"board\">").expect("board")..];
    let head = &head[..head.find("</thead>").expect("head")];
    let columns: Vec<&str> = head.split("<th scope=\"col\"").skip(2).collect();
    assert!(
        columns[0].contains("◆</span> Kick-off <time datetime=\"2026-01-06\">"),
        "{head}"
    );
    assert!(
        columns[1]
            .contains("◆</span> Launch &lt;b&gt;day&lt;/b&gt; <time datetime=\"2026-01-28\">"),
        "{head}"
    );
    // The list under the board is in date order, whatever the file's order.
    let list = &page[page.find("<ul class=\"milestones\">").expect("list")..];
    assert!(list.find("Kick-off") < list.find("Launch"), "{list}");
    let roadmap = read(&out, "roadmap/index.html");
    assert!(
        roadmap.contains("<title>2026-01-28 Launch &lt;b&gt;day&lt;/b&gt;</title>"),
        "{roadmap}"
    );
    assert_eq!(roadmap.matches("class=\"milestone-mark\"").count(), 2);
    let listed = &roadmap[roadmap.find("<ul class=\"milestones\">").expect("list")..];
    assert!(
        listed.contains("<time datetime=\"2026-01-06\">2026-01-06</time> Kick-off <span class=\"muted\">(PI 1)</span>"),
        "{listed}"
    );
}

#[test]
fn the_metrics_page_says_why_cycle_times_are_missing_outside_git() {
    let (_site, out) = built(&Backlog::minimal());
    let page = read(&out, "metrics/index.html");
    assert!(
        page.contains(
            "not read from git history, so when stories started and finished is not known"
        ),
        "{page}"
    );
    // PI 1's objectives are rated: 7 of 8 planned is 88 %.
    assert!(
        page.contains(r#"<a href="../pis/PI-1/">PI 1</a></th><td>88%</td>"#),
        "{page}"
    );
}

#[test]
fn the_home_page_is_a_dashboard_of_the_pi_features_and_statuses() {
    let backlog = Backlog::minimal();
    let (_site, out) = built(&backlog);
    let home = read(&out, "index.html");
    // 2026-01-20 in PI 1 (to 2026-01-30); alpha committed 8 and rated 7.
    assert!(home.contains("<strong>10 days left</strong>"), "{home}");
    assert!(
        home.contains(
            "PI objectives: <strong>7</strong> of <strong>8</strong> planned business value"
        ),
        "{home}"
    );
    assert!(
        home.contains(
            r#"<a href="teams/alpha/">Alpha</a>: <span class="healthy">88% predictable</span>"#
        ),
        "{home}"
    );
    assert!(home.contains("5 of 8 points accepted (62%)"), "{home}");
    assert!(
        home.contains(r#"<a href="status/ready/"><span class="count">1</span> ready</a>"#),
        "{home}"
    );
    // Each count leads to the list of those stories.
    let ready = read(&out, "status/ready/index.html");
    let marker = "aria-label=\"Stories: ready\"";
    assert_eq!(column(&ready, marker, 0), ["Alpha"]);
    assert_eq!(column(&ready, marker, 2), ["A-1"]);
}

#[test]
fn the_home_page_lists_the_newest_changes_with_the_items_they_touched() {
    let repo = crate::repo::Repo::minimal();
    repo.backlog.edit(
        "stories/alpha/A-2.md",
        "Cancel a reservation",
        "Cancel a hold",
    );
    repo.commit("Bo Chen", "2026-01-12T10:00:00+01:00", "Rename A-2");
    let (_site, out) = output();
    build(repo.path(), &out).success();
    let home = read(&out, "index.html");
    let newest = home.find("Bo Chen: Rename A-2").expect("newest change");
    let older = home
        .find("Ana Li: Start the backlog")
        .expect("first commit");
    assert!(newest < older, "{home}");
    assert!(home.contains(r#"<time>2026-01-12</time> Bo Chen: Rename A-2 <span class="muted">(<a href="stories/A-2/">A-2</a>)</span>"#), "{home}");
}

#[test]
fn the_check_report_names_items_orders_by_date_and_gives_no_advice_about_the_past() {
    let backlog = Backlog::with_rule_fixture("RD501-over-capacity");
    let (_site, out) = built(&backlog);
    let page = read(&out, "check/index.html");
    assert!(
        page.contains(
            r#"<a href="../teams/alpha/">Alpha</a> <span class="muted">teams/alpha.md</span>"#
        ),
        "{page}"
    );
    assert!(
        page.contains("team Alpha (<code>alpha</code>) plans 5 points"),
        "{page}"
    );
    let first = page.find("iteration <code>PI-1.1</code>").expect("PI-1.1");
    let second = page.find("iteration <code>PI-1.2</code>").expect("PI-1.2");
    assert!(first < second, "in date order: {page}");
    // On 2026-01-20 PI-1.1 is over; PI-1.2 is not.
    assert!(
        page.contains("that iteration is over: nothing to move now"),
        "{page}"
    );
    assert!(
        page.contains("move stories out of <code>PI-1.2</code>"),
        "{page}"
    );
    assert!(!page.contains('`'), "{page}");
}

#[test]
fn load_shows_capacity_as_a_number_no_sliver_for_nothing_and_under_apart_from_over() {
    let backlog = Backlog::minimal();
    let (_site, out) = built(&backlog);
    let pi = read(&out, "pis/PI-1/index.html");
    assert!(
        pi.contains(">capacity 10</text>") && pi.contains(">capacity 8</text>"),
        "{pi}"
    );
    // Four rows (two teams, two iterations); Beta plans nothing in PI-1.1:
    // a 0 and no bar.
    let rows = pi.matches(r#"<text class="team-label" x="20""#).count();
    let bars = pi.matches(r#"height="12"><title>"#).count();
    assert_eq!((rows, bars), (4, 3), "{pi}");
    let alpha = read(&out, "teams/alpha/index.html");
    assert!(alpha.contains(r#"<svg class="loadbar under""#), "{alpha}");
    assert!(alpha.contains(r#"<rect class="loadbar-fill" width="30" height="10"/></svg> 30% <span class="muted">room left</span>"#), "{alpha}");
    let over = Backlog::with_rule_fixture("RD501-over-capacity");
    let (_site, out) = built(&over);
    let alpha = read(&out, "teams/alpha/index.html");
    assert!(alpha.contains(r#"<svg class="loadbar over""#), "{alpha}");
}

#[test]
fn a_team_page_has_a_board_with_a_column_per_status_in_rank_order() {
    let backlog = Backlog::minimal();
    let (_site, out) = built(&backlog);
    let page = read(&out, "teams/alpha/index.html");
    let board = &page[page.find("<h2 id=\"board\">Board</h2>").expect("board")..];
    let column = |status: &str| -> Vec<String> {
        let start = board
            .find(&format!("<h3 id=\"col-{status}\">"))
            .expect(status);
        let rest = &board[start..];
        let end = rest.find("</section>").expect("end");
        rest[..end]
            .split("<span class=\"card-id\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(column("backlog"), ["A-2"]);
    assert_eq!(column("ready"), ["A-1"]);
    assert!(column("in-progress").is_empty());
    assert_eq!(column("accepted"), ["A-3"]);
    assert!(board.contains("rank 1 · 3 points · PI-1.2"), "{board}");
}

#[test]
fn parts_of_the_model_a_backlog_does_not_use_leave_no_scaffolding() {
    let backlog = Backlog::minimal();
    // As `rankdown import` writes a team when not told its Product Owner.
    backlog.edit(
        "teams/beta.md",
        "product_owner: Bo Chen",
        "product_owner: Product Owner",
    );
    let (_site, out) = built(&backlog);
    let beta = read(&out, "teams/beta/index.html");
    assert!(
        beta.contains(r#"<span class="muted">not named yet</span>"#),
        "{beta}"
    );
    assert!(!beta.contains("<dd>Product Owner</dd>"), "{beta}");
    let home = read(&out, "index.html");
    assert!(
        home.contains(
            r#"<a href="teams/beta/">Beta</a><br><span class="muted">1 open stories</span>"#
        ),
        "{home}"
    );
    // F-2 has no stories: no "0 of 0 points accepted".
    let f2 = read(&out, "features/F-2/index.html");
    assert!(
        f2.contains("no points estimated yet") && !f2.contains("0 of 0"),
        "{f2}"
    );
}

#[test]
fn the_roles_page_sets_the_roles_side_by_side() {
    let backlog = Backlog::minimal();
    backlog.write(
        "roles/scrum-master.md",
        "---\ntitle: Scrum Master\nowns: []\nresponsibilities: [Keep the flow healthy]\n---\n",
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "roles/index.html");
    let matrix = &page[page.find("<table class=\"matrix\">").expect("matrix")..];
    let header = r#"<th scope="col"><a href="../roles/product-owner/">Product Owner</a></th><th scope="col"><a href="../roles/scrum-master/">Scrum Master</a></th>"#;
    assert!(matrix.contains(header), "{matrix}");
    assert!(
        matrix.contains("<li>Stories</li><li>The order of the team backlog</li>"),
        "{matrix}"
    );
    assert!(
        matrix.contains(r#"<span class="muted">no backlog content</span>"#),
        "{matrix}"
    );
    // Held by: the teams' Product Owners and Scrum Master.
    assert!(
        matrix.contains("<td>Ana Li, Bo Chen</td><td>Sam Ortiz</td>"),
        "{matrix}"
    );
}

#[test]
fn acceptance_criteria_keep_their_headings_nested_items_and_marks_on_the_page() {
    let backlog = Backlog::minimal();
    backlog.edit(
        "stories/alpha/A-1.md",
        "- [ ] A reserved book shows on my account\n",
        "### On the account page\n\n- [ ] A reserved book shows **at the top**, with `status: held`\n  - newest first\n",
    );
    let (_site, out) = built(&backlog);
    let page = read(&out, "stories/A-1/index.html");
    let section = &page[page.find("id=\"criteria\"").expect("criteria")..];
    assert!(section.contains("(0 of 1 met)"), "{section}");
    assert!(
        section.contains("<h3>On the account page</h3>"),
        "{section}"
    );
    assert!(
        section.contains(
            "○ A reserved book shows <strong>at the top</strong>, with <code>status: held</code>"
        ),
        "{section}"
    );
    assert!(section.contains("<li>newest first</li>"), "{section}");
    assert!(
        section.contains("<span class=\"kw\">Scenario:</span> Reserve an available book"),
        "{section}"
    );
    // Plain tasks stay a checklist that says which are met.
    let (_site, out) = built(&Backlog::minimal());
    let page = read(&out, "stories/A-1/index.html");
    assert!(
        page.contains(r#"<ul class="checklist"><li class="open">"#),
        "{page}"
    );
    assert!(!page.contains("criteria-text"), "{page}");
}
