//! A record's Markdown body for the terminal: headings in bold, lists with
//! bullets, code indented, tables aligned, and the templates' hints (HTML
//! comments such as `<!-- 事件发生的时间 -->`) left out.
//!
//! comrak parses the body (CommonMark with GFM tables, task lists and
//! strikethrough); this module walks its tree and writes plain lines with
//! anstyle codes, which anstream strips where colour is off. Soft line
//! breaks stay line breaks: Chinese text is not joined with spaces.

use anstyle::{AnsiColor, Effects, Style};
use comrak::nodes::{AstNode, ListType, NodeValue};

use super::{BOLD, DIM, paint};

const CODE: Style = AnsiColor::Cyan.on_default();
const ITALIC: Style = Style::new().effects(Effects::ITALIC);
const STRIKE: Style = Style::new().effects(Effects::STRIKETHROUGH);

/// Nesting (quotes in lists in quotes …) rendered with structure; deeper
/// content is rendered as plain text.
pub const MAX_DEPTH: usize = 32;

/// The body rendered for reading on a terminal.
pub fn terminal(body: &str) -> String {
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.tasklist = true;
    options.extension.strikethrough = true;
    let root = comrak::parse_document(&arena, body, &options);
    let lines = blocks(root, 0);
    let mut out = lines.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The lines of a node's block children, a blank line between blocks.
fn blocks<'a>(node: &'a AstNode<'a>, depth: usize) -> Vec<String> {
    if depth > MAX_DEPTH {
        return flat_text(node).lines().map(str::to_string).collect();
    }
    let mut out: Vec<String> = Vec::new();
    for child in node.children() {
        let lines = block(child, depth + 1);
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(lines);
    }
    out
}

fn block<'a>(node: &'a AstNode<'a>, depth: usize) -> Vec<String> {
    let value = node.data().value.clone();
    match value {
        NodeValue::Heading(_) => vec![paint(BOLD, inlines(node, depth))],
        NodeValue::Paragraph | NodeValue::TableCell => inlines(node, depth).lines().map(str::to_string).collect(),
        NodeValue::List(list) => {
            let mut out = Vec::new();
            for (i, item) in node.children().enumerate() {
                let marker = match (&item.data().value, list.list_type) {
                    (NodeValue::TaskItem(t), _) => if t.symbol.is_some() { "☑" } else { "☐" }.to_string(),
                    (_, ListType::Ordered) => format!("{}.", list.start + i),
                    _ => "•".to_string(),
                };
                let lines = blocks(item, depth);
                if !list.tight && i > 0 {
                    out.push(String::new());
                }
                let pad = " ".repeat(marker.chars().count() + 1);
                for (j, line) in lines.iter().enumerate() {
                    match (j, line.is_empty()) {
                        (0, _) => out.push(format!("{marker} {line}")),
                        (_, true) => out.push(String::new()),
                        _ => out.push(format!("{pad}{line}")),
                    }
                }
                if lines.is_empty() {
                    out.push(marker);
                }
            }
            out
        }
        NodeValue::Item(_) | NodeValue::TaskItem(_) => blocks(node, depth),
        NodeValue::CodeBlock(code) => {
            code.literal.trim_end_matches('\n').lines().map(|l| paint(DIM, format!("    {l}"))).collect()
        }
        NodeValue::HtmlBlock(html) => {
            let t = html.literal.trim();
            if t.starts_with("<!--") { Vec::new() } else { t.lines().map(|l| paint(DIM, l)).collect() }
        }
        NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
            blocks(node, depth).into_iter().map(|l| format!("{} {l}", paint(DIM, "│"))).collect()
        }
        NodeValue::ThematicBreak => vec![paint(DIM, "─".repeat(20))],
        NodeValue::Table(_) => {
            let rows: Vec<Vec<String>> = node
                .children()
                .map(|row| row.children().map(|cell| super::listing::one_line(&inlines(cell, depth))).collect())
                .collect();
            let Some((head, rest)) = rows.split_first() else { return Vec::new() };
            let headers: Vec<&str> = head.iter().map(String::as_str).collect();
            super::table(&headers, rest).lines().map(str::to_string).collect()
        }
        NodeValue::Document | NodeValue::FrontMatter(_) => blocks(node, depth),
        _ => {
            let t = inlines(node, depth);
            if t.trim().is_empty() { Vec::new() } else { t.lines().map(str::to_string).collect() }
        }
    }
}

/// A node's inline content as text with styles.
fn inlines<'a>(node: &'a AstNode<'a>, depth: usize) -> String {
    if depth > MAX_DEPTH {
        return flat_text(node);
    }
    let mut out = String::new();
    for child in node.children() {
        inline(child, depth + 1, &mut out);
    }
    out
}

fn inline<'a>(node: &'a AstNode<'a>, depth: usize, out: &mut String) {
    let value = node.data().value.clone();
    match value {
        NodeValue::Text(t) => out.push_str(&t),
        NodeValue::SoftBreak | NodeValue::LineBreak => out.push('\n'),
        NodeValue::Code(c) => out.push_str(&paint(CODE, &c.literal)),
        NodeValue::Emph => out.push_str(&paint(ITALIC, inlines(node, depth))),
        NodeValue::Strong => out.push_str(&paint(BOLD, inlines(node, depth))),
        NodeValue::Strikethrough => out.push_str(&paint(STRIKE, inlines(node, depth))),
        NodeValue::Link(link) | NodeValue::Image(link) => {
            let text = inlines(node, depth);
            if text.is_empty() || text == link.url {
                out.push_str(&link.url);
            } else {
                out.push_str(&format!("{text} ({})", link.url));
            }
        }
        NodeValue::HtmlInline(html) => {
            let t = html.trim();
            if t.eq_ignore_ascii_case("<br>") || t.eq_ignore_ascii_case("<br/>") || t.eq_ignore_ascii_case("<br />") {
                out.push('\n');
            } else if !t.starts_with("<!--") {
                out.push_str(&html);
            }
        }
        _ => out.push_str(&inlines(node, depth)),
    }
}

/// The text under a node, without styles, collected without recursion.
fn flat_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::CodeBlock(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push('\n'),
            NodeValue::Paragraph | NodeValue::Heading(_) if !out.is_empty() && !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(body: &str) -> String {
        let out = terminal(body);
        String::from_utf8(anstream::adapter::strip_bytes(out.as_bytes()).into_vec()).unwrap()
    }

    #[test]
    fn renders_a_record_body_readably() {
        let body = "## 背景\n\n<!-- 事件发生的时间 -->\n二号产线主轴异响,\n09:10 停机。\n\n## 行动要求\n\n1. 设备部**更换轴承**\n2. 安全部确认 `3 号柜`\n\n- [x] 已通知\n- [ ] 待复盘\n\n> 客户:[A公司](https://a.example)\n\n```\nlog line\n```\n\n| 任务 | 负责人 |\n|---|---|\n| 换轴承 | 孙磊 |\n";
        assert_eq!(
            plain(body),
            "背景\n\n二号产线主轴异响,\n09:10 停机。\n\n行动要求\n\n1. 设备部更换轴承\n2. 安全部确认 3 号柜\n\n☑ 已通知\n☐ 待复盘\n\n│ 客户:A公司 (https://a.example)\n\n    log line\n\n任务     负责人\n换轴承   孙磊\n"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let body = format!("{} 深处\n", ">".repeat(50_000));
        assert!(plain(&body).contains("深处"));
        let body = format!("{}x\n", "- ".repeat(20_000));
        assert!(plain(&body).contains('x'));
        let body = format!("{}x{}\n", "*".repeat(5_000), "*".repeat(5_000));
        assert!(plain(&body).contains('x'));
    }

    #[test]
    fn an_empty_body_is_empty() {
        assert_eq!(terminal(""), "");
        assert_eq!(plain("<!-- 只有提示 -->\n"), "");
    }
}
