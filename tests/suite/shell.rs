//! Shell completions and man pages, generated from the command line's
//! definition: they load in bash and render with `man`.

use assert_cmd::Command;
use std::process::Command as Process;

fn rankdown(args: &[&str]) -> String {
    let out = Command::cargo_bin("rankdown")
        .expect("binary")
        .args(args)
        .output()
        .expect("rankdown runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// What bash completes after `words`, with the last word being typed.
fn bash_completes(script: &std::path::Path, words: &[&str]) -> String {
    let line = format!(
        "source {}; COMP_WORDS=({}); COMP_CWORD={}; _rankdown rankdown {} {}; echo \"${{COMPREPLY[@]}}\"",
        script.display(),
        words.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Process::new("bash")
        .args(["-c", &line])
        .output()
        .expect("bash");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn bash_completes_commands_and_their_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("rankdown.bash");
    std::fs::write(&script, rankdown(&["completions", "bash"])).expect("write");
    assert_eq!(bash_completes(&script, &["rankdown", "ne"]), "new");
    assert_eq!(
        bash_completes(&script, &["rankdown", "new", "s"]),
        "story spike"
    );
    assert_eq!(
        bash_completes(&script, &["rankdown", "export", "--format", "c"]),
        "csv"
    );
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = rankdown(&["completions", shell]);
        for command in ["check", "build", "init", "new", "fix", "export"] {
            assert!(script.contains(command), "{shell} script lacks {command}");
        }
    }
}

#[test]
fn the_man_page_renders_without_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("rankdown.1");
    std::fs::write(&page, rankdown(&["man"])).expect("write");
    let out = Process::new("man")
        .args(["--warnings", "-l"])
        .arg(&page)
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "0")
        .output()
        .expect("man runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("rankdown-init(1)"), "{text}");
}

#[test]
fn man_writes_a_page_per_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("man1");
    rankdown(&["man", "-o", folder.to_str().expect("UTF-8 path")]);
    let mut pages: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder made")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 19, "{pages:?}");
    for page in [
        "rankdown-import-backlog-md.1",
        "rankdown-import-devstories.1",
    ] {
        assert!(pages.contains(&page.to_string()), "{pages:?}");
    }
    let new = std::fs::read_to_string(folder.join("rankdown-new.1")).expect("page");
    assert!(new.contains("Rank it just after this id"), "{new}");
}
