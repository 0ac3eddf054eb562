//! A minimal owned YAML tree with source positions, built from the event
//! streams of saphyr-parser and yaml-rust2.

/// A YAML node. `M` is the parser's own marker type (line, col, index).
/// The benchmark only builds these trees, so most fields are never read.
#[allow(dead_code)]
#[derive(Debug)]
pub enum Node<M> {
    Scalar {
        value: String,
        start: M,
        end: M,
    },
    Seq {
        items: Vec<Node<M>>,
        start: M,
        end: M,
    },
    Map {
        entries: Vec<(Node<M>, Node<M>)>,
        start: M,
        end: M,
    },
    Alias {
        anchor_id: usize,
        start: M,
        end: M,
    },
}

impl<M> Node<M> {
    /// Number of entries if this is a mapping.
    pub fn map_len(&self) -> Option<usize> {
        match self {
            Node::Map { entries, .. } => Some(entries.len()),
            _ => None,
        }
    }
}

enum Frame<M> {
    Seq(Vec<Node<M>>, M),
    Map(Vec<(Node<M>, Node<M>)>, Option<Node<M>>, M),
}

/// Stack-based tree builder fed with parser events.
pub struct Builder<M> {
    stack: Vec<Frame<M>>,
    root: Option<Node<M>>,
}

impl<M: Copy> Builder<M> {
    pub fn new() -> Self {
        Self {
            stack: Vec::with_capacity(8),
            root: None,
        }
    }

    fn push(&mut self, node: Node<M>) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(items, _)) => items.push(node),
            Some(Frame::Map(entries, pending_key, _)) => match pending_key.take() {
                Some(key) => entries.push((key, node)),
                None => *pending_key = Some(node),
            },
        }
    }

    pub fn scalar(&mut self, value: String, start: M, end: M) {
        self.push(Node::Scalar { value, start, end });
    }

    pub fn alias(&mut self, anchor_id: usize, start: M, end: M) {
        self.push(Node::Alias {
            anchor_id,
            start,
            end,
        });
    }

    pub fn seq_start(&mut self, start: M) {
        self.stack.push(Frame::Seq(Vec::new(), start));
    }

    pub fn map_start(&mut self, start: M) {
        self.stack.push(Frame::Map(Vec::new(), None, start));
    }

    pub fn seq_end(&mut self, end: M) {
        match self.stack.pop() {
            Some(Frame::Seq(items, start)) => self.push(Node::Seq { items, start, end }),
            _ => panic!("SequenceEnd without SequenceStart"),
        }
    }

    pub fn map_end(&mut self, end: M) {
        match self.stack.pop() {
            Some(Frame::Map(entries, None, start)) => self.push(Node::Map {
                entries,
                start,
                end,
            }),
            _ => panic!("MappingEnd without MappingStart or with a dangling key"),
        }
    }

    /// The document root (the first document only; front matter is one document).
    pub fn finish(self) -> Option<Node<M>> {
        self.root
    }
}

/// Build a tree with `saphyr_parser::Parser::new_from_str` / `next_event()`.
pub fn saphyr(text: &str) -> Result<Option<Node<saphyr_parser::Marker>>, saphyr_parser::ScanError> {
    use saphyr_parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder::new();
    while let Some(next) = parser.next_event() {
        let (event, span) = next?;
        match event {
            Event::Scalar(value, ..) => builder.scalar(value.into_owned(), span.start, span.end),
            Event::SequenceStart(..) => builder.seq_start(span.start),
            Event::SequenceEnd => builder.seq_end(span.end),
            Event::MappingStart(..) => builder.map_start(span.start),
            Event::MappingEnd => builder.map_end(span.end),
            Event::Alias(id) => builder.alias(id, span.start, span.end),
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {}
        }
    }
    Ok(builder.finish())
}

/// Build a tree with `yaml_rust2::parser::Parser::new_from_str` / `next_token()`.
///
/// yaml-rust2 0.13 reports a single `Marker` per event (no span), so scalars
/// and aliases get `end == start`; collections take their end from the
/// marker of the `SequenceEnd` / `MappingEnd` event.
pub fn yaml_rust2(
    text: &str,
) -> Result<Option<Node<yaml_rust2::scanner::Marker>>, yaml_rust2::ScanError> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder::new();
    loop {
        let (event, mark) = parser.next_token()?;
        match event {
            Event::Scalar(value, ..) => builder.scalar(value, mark, mark),
            Event::SequenceStart(..) => builder.seq_start(mark),
            Event::SequenceEnd => builder.seq_end(mark),
            Event::MappingStart(..) => builder.map_start(mark),
            Event::MappingEnd => builder.map_end(mark),
            Event::Alias(id) => builder.alias(id, mark, mark),
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
    Ok(builder.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lci_y(m: &yaml_rust2::scanner::Marker) -> (usize, usize, usize) {
        (m.line(), m.col(), m.index())
    }

    /// yaml-rust2 0.13 markers: despite its docs ("index in bytes",
    /// "col 1-indexed") index counts chars and col is 0-based. A block
    /// MappingStart is reported at the first key's `:`, not at the key.
    #[test]
    fn yaml_rust2_markers() {
        let input = "owner: 张伟\nx: y\n";
        let mut parser = yaml_rust2::parser::Parser::new_from_str(input);
        let events: Vec<_> = std::iter::from_fn(|| {
            let (event, mark) = parser.next_token().unwrap();
            (event != yaml_rust2::Event::StreamEnd).then_some((event, mark))
        })
        .collect();
        let at = |wanted: &yaml_rust2::Event| {
            lci_y(&events.iter().find(|(e, _)| e == wanted).unwrap().1)
        };
        let scalar = |v: &str| {
            yaml_rust2::Event::Scalar(v.into(), yaml_rust2::scanner::TScalarStyle::Plain, 0, None)
        };
        assert_eq!(at(&scalar("x")), (2, 0, 10)); // 10 chars, 14 bytes
        assert_eq!(at(&yaml_rust2::Event::MappingStart(0, None)), (1, 5, 5));
    }

    #[test]
    fn both_trees_agree_on_positions_of_scalars() {
        let input = "owner: 张伟\nto: [a, b]\nactions:\n  - task: t\n";
        let (Some(Node::Map { entries: s, .. }), Some(Node::Map { entries: y, .. })) =
            (saphyr(input).unwrap(), yaml_rust2(input).unwrap())
        else {
            panic!("root is not a mapping");
        };
        assert_eq!(s.len(), 3);
        assert_eq!(y.len(), 3);
        let (
            Node::Scalar {
                start: ss, end: se, ..
            },
            Node::Scalar { start: ys, .. },
        ) = (&s[0].1, &y[0].1)
        else {
            panic!("owner is not a scalar");
        };
        assert_eq!((ss.index(), se.index()), (7, 9));
        assert_eq!(ys.index(), 7);
    }
}
