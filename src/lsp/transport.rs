//! JSON-RPC messages over a byte stream, framed with `Content-Length`
//! headers, read on a thread of their own.
//!
//! `lsp-server` reads frames too, but its reader thread stops at the first
//! body that is not a message, and every later message with it. This one
//! reports the bad frame, answers it, and reads on: a client's mistake costs
//! one answer, never the session.

use lsp_server::{ErrorCode, Message, RequestId, Response};
use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::Sender;

/// What the server's loop waits for.
#[derive(Debug)]
pub(super) enum Event {
    /// A message from the client.
    Message(Message),
    /// A frame that held no message: why, and the request's id if it had one.
    Malformed(String, Option<RequestId>),
    /// Files changed on disk, as the server's own watcher saw them.
    Files(Vec<std::path::PathBuf>),
    /// The client closed its end.
    Closed,
}

/// Reads frames from `input` on a new thread, sending each as an [`Event`]
/// until the input ends.
pub(super) fn spawn_reader(input: impl BufRead + Send + 'static, events: Sender<Event>) {
    std::thread::spawn(move || read_all(input, &events));
}

fn read_all(mut input: impl BufRead, events: &Sender<Event>) {
    loop {
        let event = match read_frame(&mut input) {
            Ok(Some(body)) => parse(&body),
            Ok(None) => Event::Closed,
            Err(error) if error.kind() == io::ErrorKind::InvalidData => {
                Event::Malformed(error.to_string(), None)
            }
            Err(_) => Event::Closed,
        };
        let closed = matches!(event, Event::Closed);
        if events.send(event).is_err() || closed {
            return;
        }
    }
}

/// The message a frame's body holds, or why it holds none.
fn parse(body: &[u8]) -> Event {
    match serde_json::from_slice::<Message>(body) {
        Ok(message) => Event::Message(message),
        Err(error) => {
            let id = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|value| serde_json::from_value(value.get("id")?.clone()).ok());
            Event::Malformed(format!("not a JSON-RPC message: {error}"), id)
        }
    }
}

/// One frame's body; `None` at the end of the input. A frame whose headers
/// are unusable is an `InvalidData` error, and reading goes on after it.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<u64>().ok();
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a frame without a usable Content-Length header",
        ));
    };
    // Read what comes rather than allocate what a header claims.
    let mut body = Vec::new();
    input.take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(None);
    }
    Ok(Some(body))
}

/// Writes one message, framed.
pub(super) fn write(output: &mut impl Write, message: Message) -> io::Result<()> {
    message.write(output)
}

/// Answers a frame that held no message: with its id if it had one, else
/// with the `null` id JSON-RPC asks for when the id cannot be known.
pub(super) fn write_malformed(
    output: &mut impl Write,
    why: &str,
    id: Option<RequestId>,
) -> io::Result<()> {
    match id {
        Some(id) => {
            let code = ErrorCode::InvalidRequest as i32;
            write(output, Response::new_err(id, code, why.to_string()).into())
        }
        None => {
            let error = serde_json::json!({
                "jsonrpc": "2.0",
                "id": null,
                "error": {"code": ErrorCode::ParseError as i32, "message": why},
            });
            let text = error.to_string();
            write!(output, "Content-Length: {}\r\n\r\n{text}", text.len())?;
            output.flush()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn events(input: &str) -> Vec<Event> {
        let (sender, receiver) = mpsc::channel();
        read_all(io::Cursor::new(input.as_bytes().to_vec()), &sender);
        receiver.try_iter().collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_frames_are_reported_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":42}"#),
            "Content-Type: x\r\n\r\n".to_string(),
            frame(good),
        ]
        .concat();
        let got = events(&input);
        assert!(matches!(&got[0], Event::Malformed(_, None)), "{got:?}");
        assert!(matches!(&got[1], Event::Malformed(_, Some(id)) if *id == 7.into()));
        assert!(matches!(&got[2], Event::Malformed(_, None)));
        assert!(
            matches!(&got[3], Event::Message(Message::Notification(n)) if n.method == "initialized")
        );
        assert!(matches!(&got[4], Event::Closed));
    }

    #[test]
    fn a_length_longer_than_the_input_ends_it() {
        let got = events("Content-Length: 99999999999\r\n\r\n{}");
        assert!(matches!(&got[..], [Event::Closed]), "{got:?}");
    }

    #[test]
    fn an_unknown_id_is_answered_with_null() {
        let mut out = Vec::new();
        write_malformed(&mut out, "bad", None).expect("written");
        let text = String::from_utf8(out).expect("UTF-8");
        let (header, body) = text.split_once("\r\n\r\n").expect("a frame");
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        let answer: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(answer["id"], serde_json::Value::Null);
        assert_eq!(answer["error"]["code"], -32700);
    }
}
