//! Role files named by the ids rankdown knows: a Product Owner role kept in
//! `roles/po.md` would silently have no holders, duty checks or CODEOWNERS
//! rules.

use super::Report;
use crate::diagnostic::Code;
use crate::model::authority::KNOWN_ROLES;
use crate::source::Seg;

pub(super) fn check(report: &mut Report) {
    let known_ids = KNOWN_ROLES.map(|(id, _)| id);
    for role in report.backlog.roles.values() {
        let id = role.id.as_str();
        if known_ids.contains(&id) {
            continue;
        }
        // Matched by title, not by a near id: `project-manager` is a role
        // of its own, not a misspelt `product-manager`.
        let titled = KNOWN_ROLES
            .iter()
            .find(|(_, title)| title.eq_ignore_ascii_case(role.title.trim()));
        let Some((known, _)) = titled else {
            continue;
        };
        let folder = crate::layout::folder(crate::model::Kind::Role);
        report.at(
            Code::UnknownRoleId,
            role.file,
            &[Seg::Key("title")],
            format!(
                "role `{id}` is titled {:?}, the role rankdown knows by the id `{known}`: only `{known}` gets its holders, duty checks and CODEOWNERS rules",
                role.title
            ),
            format!("rename the file to {folder}/{known}.md"),
        );
    }
}
