//! Investigation of saphyr-parser 0.3.3 event spans.
//!
//! `cargo run --release -- --spans` prints every event with its span for the
//! cases below; the test module pins the findings as assertions (summarised
//! in SPANS.md).

use saphyr_parser::{Event, Marker, Parser, ScanError, Span};

/// Cases dumped by `--spans`: (label, input).
pub const CASES: &[(&str, &str)] = &[
    ("plain key + plain value", "owner: 张伟\n"),
    ("single-quoted value", "a: 'x y'\n"),
    ("double-quoted value", "a: \"x y\"\n"),
    ("multi-line plain scalar", "a: one\n  two\nb: c\n"),
    ("literal block scalar", "a: |\n  l1\n  l2\nb: c\n"),
    (
        "literal block scalar, strip chomping",
        "a: |-\n  l1\n  l2\nb: c\n",
    ),
    ("folded block scalar", "a: >\n  l1\n  l2\nb: c\n"),
    ("empty value", "a:\nb: c\n"),
    ("empty value variants", "a: \nb: # note\nc:"),
    ("no trailing newline", "a: b"),
    ("flow sequence", "to: [a, b]\nx: y\n"),
    ("flow sequence with inner spaces", "to: [ a, b ]\n"),
    (
        "block sequence of mappings",
        "actions:\n  - task: t1\n    owner: o1\n  - task: t2\n    owner: o2\nnext: z\n",
    ),
    (
        "block sequence of mappings at end of input",
        "actions:\n  - task: t1\n  - task: t2\n",
    ),
    (
        "block sequence followed by blank line and comment",
        "actions:\n  - task: t1\n\n# note\nnext: z\n",
    ),
    (
        "flow mapping in flow sequence",
        "acks: [{ by: 李娜, at: x }]\n",
    ),
    ("anchor / alias", "a: &x foo\nb: *x\n"),
    ("comment after value", "a: b # note\nc: d\n"),
    ("CRLF line endings", "a: b\r\nc: d e\r\n  f\r\n"),
    (
        "CRLF literal block scalar",
        "a: |\r\n  l1\r\n  l2\r\nb: c\r\n",
    ),
    (
        "CRLF double-quoted multi-line",
        "a: \"x\r\n  y\"\r\nb: c\r\n",
    ),
    ("CRLF block sequence", "s:\r\n  - x\r\n  - y\r\nb: c\r\n"),
    (
        "Chinese value (char vs byte index)",
        "subject: 【紧急】通知\nowner: 张伟\n",
    ),
    ("duplicate keys", "a: 1\na: 2\n"),
    ("error: value starting with @", "owner: @MrLesk\n"),
    ("error: unclosed flow sequence", "a: ["),
    ("error: unclosed flow sequence, trailing newline", "a: [\n"),
    ("error: unclosed flow sequence + next key", "a: [b\nc: d\n"),
    ("error: after Chinese text", "owner: 张伟\nx: @y\n"),
    ("error: backtick value", "a: `x`\n"),
    ("error: undefined alias", "b: *nope\n"),
    ("error: tab-indented line", "a:\n\tb: c\n"),
];

/// All events (or the first error) of `input`.
pub fn events(input: &str) -> Result<Vec<(Event<'_>, Span)>, ScanError> {
    let mut parser = Parser::new_from_str(input);
    let mut out = Vec::new();
    while let Some(next) = parser.next_event() {
        out.push(next?);
    }
    Ok(out)
}

fn fmt_marker(m: &Marker) -> String {
    format!("L{} C{} I{}", m.line(), m.col(), m.index())
}

/// Characters `start.index..end.index` of `input` (index counted in chars).
pub fn covered(input: &str, span: &Span) -> String {
    input
        .chars()
        .skip(span.start.index())
        .take(span.end.index().saturating_sub(span.start.index()))
        .collect()
}

fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Scalar(value, style, anchor, _) => {
            format!("Scalar({value:?}, {style:?}, anchor={anchor})")
        }
        Event::SequenceStart(anchor, _) => format!("SequenceStart(anchor={anchor})"),
        Event::MappingStart(anchor, _) => format!("MappingStart(anchor={anchor})"),
        other => format!("{other:?}"),
    }
}

/// `--spans`: print every case's events with their spans.
pub fn dump_all() {
    println!("# saphyr-parser 0.3.3 event spans\n");
    println!(
        "Markers are L=line (1-based) C=col (0-based) I=index; \
         `covered` = chars I_start..I_end of the input.\n"
    );
    for (label, input) in CASES {
        println!("## {label}\n\ninput: {input:?}\n\n```");
        match events(input) {
            Ok(events) => {
                for (event, span) in &events {
                    println!(
                        "{:<40} {:>12} .. {:<12} covered={:?}",
                        describe(event),
                        fmt_marker(&span.start),
                        fmt_marker(&span.end),
                        covered(input, span)
                    );
                }
            }
            Err(err) => {
                println!(
                    "ScanError: info={:?} marker=({})\nDisplay: {err}",
                    err.info(),
                    fmt_marker(err.marker())
                );
            }
        }
        println!("```\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, col, index) of a marker.
    fn lci(m: &Marker) -> (usize, usize, usize) {
        (m.line(), m.col(), m.index())
    }

    /// (start, end) as (line, col, index) triples.
    type Range = ((usize, usize, usize), (usize, usize, usize));

    fn range(span: &Span) -> Range {
        (lci(&span.start), lci(&span.end))
    }

    /// Spans of events matching `pred`, in order.
    fn spans_of(input: &str, pred: impl Fn(&Event<'_>) -> bool) -> Vec<Span> {
        events(input)
            .unwrap()
            .into_iter()
            .filter(|(e, _)| pred(e))
            .map(|(_, s)| s)
            .collect()
    }

    /// (value, span) of every scalar event.
    fn scalars(input: &str) -> Vec<(String, Span)> {
        events(input)
            .unwrap()
            .into_iter()
            .filter_map(|(e, s)| match e {
                Event::Scalar(v, ..) => Some((v.into_owned(), s)),
                _ => None,
            })
            .collect()
    }

    fn is_seq_start(e: &Event<'_>) -> bool {
        matches!(e, Event::SequenceStart(..))
    }
    fn is_seq_end(e: &Event<'_>) -> bool {
        matches!(e, Event::SequenceEnd)
    }
    fn is_map_start(e: &Event<'_>) -> bool {
        matches!(e, Event::MappingStart(..))
    }
    fn is_map_end(e: &Event<'_>) -> bool {
        matches!(e, Event::MappingEnd)
    }

    #[test]
    fn plain_key_and_value_cover_exactly_the_text() {
        let input = "owner: 张伟\n";
        let s = scalars(input);
        assert_eq!(range(&s[0].1), ((1, 0, 0), (1, 5, 5)));
        assert_eq!(covered(input, &s[0].1), "owner");
        assert_eq!(range(&s[1].1), ((1, 7, 7), (1, 9, 9)));
        assert_eq!(covered(input, &s[1].1), "张伟");
    }

    #[test]
    fn quoted_spans_include_the_quotes() {
        for (input, text) in [("a: 'x y'\n", "'x y'"), ("a: \"x y\"\n", "\"x y\"")] {
            let s = scalars(input);
            assert_eq!(s[1].0, "x y");
            assert_eq!(range(&s[1].1), ((1, 3, 3), (1, 8, 8)));
            assert_eq!(covered(input, &s[1].1), text);
        }
    }

    #[test]
    fn multi_line_plain_scalar_spans_both_lines() {
        let input = "a: one\n  two\nb: c\n";
        let s = scalars(input);
        assert_eq!(s[1].0, "one two");
        assert_eq!(range(&s[1].1), ((1, 3, 3), (2, 5, 12)));
        assert_eq!(covered(input, &s[1].1), "one\n  two");
    }

    #[test]
    fn block_scalar_span_starts_at_content_not_at_indicator() {
        let input = "a: |\n  l1\n  l2\nb: c\n";
        let s = scalars(input);
        assert_eq!(s[1].0, "l1\nl2\n");
        // starts at the first content char (after the indentation), NOT at
        // `|`; ends at col 0 of the line after the content
        assert_eq!(range(&s[1].1), ((2, 2, 7), (4, 0, 15)));
        assert_eq!(covered(input, &s[1].1), "l1\n  l2\n");
        // same shape with strip chomping: the span still includes the final
        // line break even though the value does not
        let input = "a: |-\n  l1\n  l2\nb: c\n";
        let s = scalars(input);
        assert_eq!(s[1].0, "l1\nl2");
        assert_eq!(covered(input, &s[1].1), "l1\n  l2\n");
    }

    #[test]
    fn empty_value_is_empty_plain_scalar_at_the_colon() {
        let input = "a:\nb: c\n";
        let evs = events(input).unwrap();
        let (event, span) = &evs[4];
        assert_eq!(
            *event,
            Event::Scalar("".into(), saphyr_parser::ScalarStyle::Plain, 0, None)
        );
        // zero-width, at the `:` (directly after the key), not after it
        assert_eq!(range(span), ((1, 1, 1), (1, 1, 1)));
        // same with trailing space, comment, or at end of input
        let s = scalars("a: \nb: # note\nc:");
        assert_eq!(range(&s[1].1), ((1, 1, 1), (1, 1, 1)));
        assert_eq!(range(&s[3].1), ((2, 1, 5), (2, 1, 5)));
        assert_eq!(range(&s[5].1), ((3, 1, 15), (3, 1, 15)));
    }

    #[test]
    fn flow_sequence_start_and_end_cover_the_brackets() {
        let input = "to: [a, b]\nx: y\n";
        let start = spans_of(input, is_seq_start)[0];
        let end = spans_of(input, is_seq_end)[0];
        assert_eq!(range(&start), ((1, 4, 4), (1, 5, 5)));
        assert_eq!(covered(input, &start), "[");
        assert_eq!(range(&end), ((1, 9, 9), (1, 10, 10)));
        assert_eq!(covered(input, &end), "]");
        // the start span also swallows whitespace after `[` (or `{`)
        let input = "to: [ a, b ]\n";
        assert_eq!(covered(input, &spans_of(input, is_seq_start)[0]), "[ ");
        assert_eq!(covered(input, &spans_of(input, is_seq_end)[0]), "]");
        let input = "acks: [{ by: 李娜, at: x }]\n";
        assert_eq!(covered(input, &spans_of(input, is_map_start)[1]), "{ ");
        assert_eq!(covered(input, &spans_of(input, is_map_end)[0]), "}");
    }

    #[test]
    fn block_collections_have_zero_width_spans_and_end_at_next_token() {
        let input = "actions:\n  - task: t1\n    owner: o1\n  - task: t2\n    owner: o2\nnext: z\n";
        let seq_start = spans_of(input, is_seq_start)[0];
        let seq_end = spans_of(input, is_seq_end)[0];
        let map_starts = spans_of(input, is_map_start);
        let map_ends = spans_of(input, is_map_end);
        assert!(seq_start.is_empty() && seq_end.is_empty());
        assert!(map_starts.iter().chain(&map_ends).all(Span::is_empty));

        // SequenceStart at the first `-`
        assert_eq!(lci(&seq_start.start), (2, 2, 11));
        // root MappingStart at the first key; item MappingStart at its first key
        assert_eq!(lci(&map_starts[0].start), (1, 0, 0));
        assert_eq!(lci(&map_starts[1].start), (2, 4, 13));
        assert_eq!(lci(&map_starts[2].start), (4, 4, 40));
        // item 1 MappingEnd: at the NEXT item's `-`, not after `o1`
        assert_eq!(lci(&map_ends[0].start), (4, 2, 38));
        // item 2 MappingEnd and SequenceEnd: at the parent's next key `next`
        assert_eq!(lci(&map_ends[1].start), (6, 0, 63));
        assert_eq!(lci(&seq_end.start), (6, 0, 63));
        // root MappingEnd: end of input
        assert_eq!(lci(&map_ends[2].start), (7, 0, 71));
        assert_eq!(input.chars().count(), 71);
    }

    #[test]
    fn block_collection_ends_skip_blank_and_comment_lines() {
        let input = "actions:\n  - task: t1\n\n# note\nnext: z\n";
        let seq_end = spans_of(input, is_seq_end)[0];
        let item_end = spans_of(input, is_map_end)[0];
        // both point at `next` (line 5), past the blank line and the comment
        assert_eq!(lci(&item_end.start), (5, 0, 30));
        assert_eq!(lci(&seq_end.start), (5, 0, 30));
    }

    #[test]
    fn block_collection_ends_at_end_of_input() {
        let input = "actions:\n  - task: t1\n  - task: t2\n";
        let eof = (4, 0, input.chars().count());
        assert_eq!(lci(&spans_of(input, is_seq_end)[0].start), eof);
        for end in spans_of(input, is_map_end).iter().skip(1) {
            assert_eq!(lci(&end.start), eof);
        }
        // without a trailing newline, the end marker sits on a phantom next line
        let ends = spans_of("a: b", is_map_end);
        assert_eq!(lci(&ends[0].start), (2, 0, 4));
    }

    #[test]
    fn anchor_is_inside_the_scalar_span_and_alias_covers_star_name() {
        let input = "a: &x foo\nb: *x\n";
        let evs = events(input).unwrap();
        let (event, span) = &evs[4];
        assert_eq!(
            *event,
            Event::Scalar("foo".into(), saphyr_parser::ScalarStyle::Plain, 1, None)
        );
        assert_eq!(covered(input, span), "&x foo");
        let (event, span) = &evs[6];
        assert_eq!(*event, Event::Alias(1));
        assert_eq!(range(span), ((2, 3, 13), (2, 5, 15)));
        assert_eq!(covered(input, span), "*x");
        // an alias to an unknown anchor is an error at the `*`
        let err = events("b: *nope\n").unwrap_err();
        assert_eq!(err.info(), "while parsing node, found unknown anchor");
        assert_eq!(lci(err.marker()), (1, 3, 3));
    }

    #[test]
    fn crlf_counts_in_index_but_never_reaches_values() {
        let input = "a: b\r\nc: d e\r\n  f\r\n";
        let s = scalars(input);
        assert_eq!(s[1].0, "b");
        assert_eq!(range(&s[1].1), ((1, 3, 3), (1, 4, 4)));
        // line 2 starts at index 6: `\r` and `\n` are both counted; CRLF is
        // one line break for `line`
        assert_eq!(lci(&s[2].1.start), (2, 0, 6));
        assert_eq!(s[3].0, "d e f");
        assert_eq!(range(&s[3].1), ((2, 3, 9), (3, 3, 17)));
        assert_eq!(covered(input, &s[3].1), "d e\r\n  f");

        let input = "a: |\r\n  l1\r\n  l2\r\nb: c\r\n";
        assert_eq!(scalars(input)[1].0, "l1\nl2\n");
        let input = "a: \"x\r\n  y\"\r\nb: c\r\n";
        assert_eq!(scalars(input)[1].0, "x y");
    }

    #[test]
    fn index_counts_chars_not_bytes() {
        let input = "subject: 【紧急】通知\nowner: 张伟\n";
        let s = scalars(input);
        assert_eq!(range(&s[1].1), ((1, 9, 9), (1, 15, 15))); // 6 chars = 18 bytes
        assert_eq!(lci(&s[2].1.start), (2, 0, 16));
        assert_eq!(input.find("owner"), Some(28)); // byte offset differs
        // same for error markers
        let err = events("owner: 张伟\nx: @y\n").unwrap_err();
        assert_eq!(lci(err.marker()), (2, 3, 13));
        // ... although Display calls it "byte" and prints col + 1
        assert_eq!(
            err.to_string(),
            "unexpected character: `@' at byte 13 line 2 column 4"
        );
    }

    #[test]
    fn duplicate_keys_are_not_rejected() {
        let s = scalars("a: 1\na: 2\n");
        let values: Vec<&str> = s.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, ["a", "1", "a", "2"]);
    }

    #[test]
    fn comments_produce_no_events() {
        let s = scalars("a: b # note\n# c\nc: d\n");
        assert_eq!(s.len(), 4);
        assert_eq!(range(&s[1].1), ((1, 3, 3), (1, 4, 4)));
    }

    #[test]
    fn scan_errors() {
        let err = events("owner: @MrLesk\n").unwrap_err();
        assert_eq!(err.info(), "unexpected character: `@'");
        assert_eq!(lci(err.marker()), (1, 7, 7));

        let err = events("a: [").unwrap_err();
        assert_eq!(
            err.info(),
            "while parsing a node, did not find expected node content"
        );
        assert_eq!(lci(err.marker()), (2, 0, 4)); // phantom line 2 at EOF

        let err = events("a: [\n").unwrap_err();
        assert_eq!(lci(err.marker()), (2, 0, 5));

        let err = events("a: [b\nc: d\n").unwrap_err();
        assert_eq!(err.info(), "illegal placement of ':' indicator");
        assert_eq!(lci(err.marker()), (2, 1, 7));

        let err = events("a:\n\tb: c\n").unwrap_err();
        assert_eq!(
            err.info(),
            "tabs disallowed within this context (block indentation)"
        );
        assert_eq!(lci(err.marker()), (2, 1, 4)); // just after the tab
    }
}
