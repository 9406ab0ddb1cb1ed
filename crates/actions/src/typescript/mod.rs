//! A small TypeScript type stripper for action code, so `.ts` actions can run without a
//! compiler. It is a scanner, not a parser: it handles what action code commonly uses and
//! reports what it does not support instead of guessing.
//!
//! Removed: `import type`/`export type`/`type X = ...`, `interface` blocks, `declare`
//! statements, annotations on parameters, variables and return types, optional-parameter `?`,
//! `as Type` / `as const`, non-null `!`, and generic parameters of function declarations.
//! Rejected with an error: `enum`, `namespace`. Not handled: explicit generic arguments on
//! calls (`f<T>(x)`), class member annotations, parameter properties.

mod imports;

/// Strip TypeScript types; newlines are kept so line numbers in errors still match.
pub fn strip_types(source: &str) -> Result<String, String> {
    let mut s = Stripper { c: source.chars().collect(), i: 0, out: String::with_capacity(source.len()), stack: Vec::new(), prev: Prev::Start, exported: Vec::new() };
    s.run()?;
    for name in &s.exported {
        s.out.push_str(&format!("\nexports.{name} = {name};"));
    }
    Ok(s.out)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Prev {
    Start,
    /// An identifier or keyword; `true` when it can end an expression.
    Word(bool),
    Punct(char),
    /// A literal or closing bracket: an expression just ended.
    Value,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Params { in_default: bool },
    Other,
}

const CONTROL: &[&str] = &["if", "for", "while", "switch", "catch", "with", "return", "typeof", "await", "yield", "in", "of", "new", "delete", "void", "case", "else", "do", "throw"];

struct Stripper {
    c: Vec<char>,
    i: usize,
    out: String,
    stack: Vec<Ctx>,
    prev: Prev,
    /// Names declared with `export const/let/function`, assigned to `exports` at the end.
    exported: Vec<String>,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

impl Stripper {
    fn at(&self, i: usize) -> char {
        self.c.get(i).copied().unwrap_or('\0')
    }

    /// Index of the next significant character at or after `i` (skipping space and comments).
    fn next_sig(&self, mut i: usize) -> usize {
        loop {
            match (self.at(i), self.at(i + 1)) {
                (c, _) if c.is_whitespace() => i += 1,
                ('/', '/') => while i < self.c.len() && self.at(i) != '\n' { i += 1 },
                ('/', '*') => {
                    i += 2;
                    while i < self.c.len() && !(self.at(i) == '*' && self.at(i + 1) == '/') { i += 1 }
                    i += 2;
                }
                _ => return i,
            }
        }
    }

    fn word_at(&self, i: usize) -> String {
        self.c[i.min(self.c.len())..].iter().take_while(|c| is_ident(**c)).collect()
    }

    /// Skip a quoted string or template starting at `i`; returns the index after it.
    fn skip_string(&self, mut i: usize) -> usize {
        let q = self.at(i);
        i += 1;
        let mut depth = 0;
        while i < self.c.len() {
            let c = self.at(i);
            if c == '\\' {
                i += 2;
                continue;
            }
            if q == '`' && c == '$' && self.at(i + 1) == '{' {
                depth += 1;
                i += 2;
                continue;
            }
            if q == '`' && depth > 0 && c == '}' {
                depth -= 1;
            } else if c == q && depth == 0 {
                return i + 1;
            }
            i += 1;
        }
        i
    }

    /// Skip a type starting at `i` until a stop character at depth 0 (or `=>` when asked).
    fn skip_type(&self, mut i: usize, stops: &[char], stop_at_arrow: bool, stop_at_newline: bool) -> usize {
        let mut depth = 0i32;
        let start = self.next_sig(i);
        if self.at(start) == '{' && stops.contains(&'{') {
            // An object type as a return type: skip it whole first.
            i = start;
            loop {
                match self.at(i) {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    '\0' => return i,
                    _ => {}
                }
                i += 1;
            }
        }
        while i < self.c.len() {
            let c = self.at(i);
            if c == '"' || c == '\'' || c == '`' {
                i = self.skip_string(i);
                continue;
            }
            if c == '=' && self.at(i + 1) == '>' {
                if depth == 0 && stop_at_arrow {
                    return i;
                }
                i += 2;
                continue;
            }
            if depth == 0 && (stops.contains(&c) || (stop_at_newline && c == '\n')) {
                return i;
            }
            match c {
                '(' | '[' | '{' | '<' => depth += 1,
                ')' | ']' | '}' | '>' => {
                    if depth == 0 {
                        return i;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            i += 1;
        }
        i
    }

    /// Drop `[from, to)` but keep its newlines.
    fn drop_range(&mut self, from: usize, to: usize) {
        for k in from..to.min(self.c.len()) {
            if self.c[k] == '\n' {
                self.out.push('\n');
            }
        }
        self.i = to;
    }

    /// Is the `(` at `i` a parameter list? Looks past the matching `)`.
    fn is_params(&self, i: usize) -> bool {
        let mut depth = 0;
        let mut j = i;
        while j < self.c.len() {
            match self.at(j) {
                '"' | '\'' | '`' => {
                    j = self.skip_string(j);
                    continue;
                }
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let n = self.next_sig(j + 1);
        let after = (self.at(n), self.at(n + 1));
        let prev_word_ok = matches!(self.prev, Prev::Word(true)) || self.prev == Prev::Word(false) && self.last_word_is("function");
        match after {
            ('=', '>') => true,
            ('{', _) => prev_word_ok,
            (':', _) => self.prev != Prev::Punct('?') && (prev_word_ok || matches!(self.prev, Prev::Punct('=' | '(' | ',' | ':')) || self.last_word_is("async")),
            _ => false,
        }
    }

    fn last_word_is(&self, w: &str) -> bool {
        self.out.trim_end().ends_with(w)
    }

    fn statement_start(&self) -> bool {
        matches!(self.prev, Prev::Start | Prev::Punct(';' | '{' | '}'))
    }

    fn run(&mut self) -> Result<(), String> {
        while self.i < self.c.len() {
            let c = self.at(self.i);
            let n = self.at(self.i + 1);
            if c == '/' && (n == '/' || n == '*') {
                let end = self.next_sig(self.i);
                let text: String = self.c[self.i..end].iter().collect();
                self.out.push_str(&text);
                self.i = end;
                continue;
            }
            if c.is_whitespace() {
                self.out.push(c);
                self.i += 1;
                continue;
            }
            if c == '"' || c == '\'' || c == '`' || (c == '/' && !matches!(self.prev, Prev::Value | Prev::Word(true))) {
                let end = if c == '/' { self.skip_regex(self.i) } else { self.skip_string(self.i) };
                let text: String = self.c[self.i..end].iter().collect();
                self.out.push_str(&text);
                self.i = end;
                self.prev = Prev::Value;
                continue;
            }
            if is_ident(c) {
                self.word()?;
                continue;
            }
            self.punct(c, n);
        }
        Ok(())
    }

    fn skip_regex(&self, mut i: usize) -> usize {
        i += 1;
        let mut class = false;
        while i < self.c.len() {
            match self.at(i) {
                '\\' => i += 1,
                '[' => class = true,
                ']' => class = false,
                '/' if !class => {
                    i += 1;
                    while is_ident(self.at(i)) { i += 1 }
                    return i;
                }
                '\n' => return i,
                _ => {}
            }
            i += 1;
        }
        i
    }

    fn word(&mut self) -> Result<(), String> {
        let w = self.word_at(self.i);
        let after = self.next_sig(self.i + w.len());
        let next_word = self.word_at(after);
        let stmt = self.statement_start() || self.last_word_is("export") && self.prev == Prev::Word(false);
        match w.as_str() {
            "enum" | "namespace" if stmt && !next_word.is_empty() => {
                return Err(format!("TypeScript `{w}` is not supported by the type stripper; use plain objects"));
            }
            "type" if stmt && !next_word.is_empty() && matches!(self.at(self.next_sig(after + next_word.len())), '=' | '<') => {
                let end = self.skip_type(self.i, &[';'], false, false);
                return self.drop_statement(end);
            }
            "interface" if stmt && !next_word.is_empty() => {
                let open = self.skip_type(self.i, &['{'], false, false);
                let close = self.skip_type(open + 1, &['}'], false, false);
                return self.drop_statement(close + 1);
            }
            "declare" if stmt && !next_word.is_empty() => {
                let end = self.skip_type(self.i, &[';'], false, true);
                return self.drop_statement(end);
            }
            "import" | "export" if next_word == "type" && self.at(self.next_sig(after + 4)) != '=' => {
                let end = self.skip_type(self.i, &[';'], false, true);
                return self.drop_statement(end);
            }
            "import" if stmt && (matches!(self.at(after), '{' | '*') || !next_word.is_empty()) && next_word != "type" => {
                return self.import_to_require(after);
            }
            "export" if stmt && matches!(next_word.as_str(), "const" | "let" | "var" | "function" | "async") => {
                let mut k = after + next_word.len();
                if next_word == "async" {
                    k = self.next_sig(k) + "function".len();
                }
                let name_at = self.next_sig(k);
                let name_at = if self.at(name_at) == '*' { self.next_sig(name_at + 1) } else { name_at };
                let name = self.word_at(name_at);
                if !name.is_empty() {
                    self.exported.push(name);
                }
                self.drop_range(self.i, after);
                return Ok(());
            }
            "as" if matches!(self.prev, Prev::Value | Prev::Word(true)) && (!next_word.is_empty() || matches!(self.at(after), '{' | '[' | '(')) => {
                let end = self.skip_type(after, &[')', ',', ';', ']', '}', '=', '?', ':'], false, true);
                self.drop_range(self.i, end);
                self.prev = Prev::Value;
                return Ok(());
            }
            _ => {}
        }
        self.out.push_str(&w);
        self.i += w.len();
        let keyword = CONTROL.contains(&w.as_str()) || matches!(w.as_str(), "function" | "async" | "let" | "const" | "var" | "export" | "import" | "class" | "extends");
        self.prev = Prev::Word(!keyword);
        if matches!(w.as_str(), "let" | "const" | "var") {
            self.variable_annotation();
        }
        if w == "function" {
            let name_at = self.next_sig(self.i);
            let name = self.word_at(name_at);
            let lt = self.next_sig(name_at + name.len());
            if self.at(lt) == '<' {
                let text: String = self.c[self.i..name_at + name.len()].iter().collect();
                self.out.push_str(&text);
                let end = self.skip_type(lt + 1, &['>'], false, false);
                self.drop_range(lt, end + 1);
                self.prev = Prev::Word(true);
            }
        }
        Ok(())
    }

    /// `import X from "m"`, `import * as X from "m"`, `import { a, b as c } from "m"` and
    /// `import "m"` become `require` calls (as TypeScript emits for CommonJS).
    fn import_to_require(&mut self, after: usize) -> Result<(), String> {
        let end = self.skip_type(after, &[';'], false, true);
        let stmt: String = self.c[after..end].iter().collect();
        let stmt = stmt.trim();
        let js = imports::to_require(stmt);
        self.out.push_str(&js);
        let end = if self.at(end) == ';' { end + 1 } else { end };
        let newlines = self.c[self.i..end].iter().filter(|c| **c == '\n').count();
        self.out.push_str(&"\n".repeat(newlines));
        self.i = end;
        self.prev = Prev::Punct(';');
        Ok(())
    }

    fn drop_statement(&mut self, end: usize) -> Result<(), String> {
        let end = if self.at(end) == ';' { end + 1 } else { end };
        self.drop_range(self.i, end);
        Ok(())
    }

    /// `let name: Type = ...`: drop `: Type`.
    fn variable_annotation(&mut self) {
        let name_at = self.next_sig(self.i);
        let name = self.word_at(name_at);
        if name.is_empty() {
            return;
        }
        let colon = self.next_sig(name_at + name.len());
        let bang = self.at(colon) == '!' && self.at(self.next_sig(colon + 1)) == ':';
        let colon = if bang { self.next_sig(colon + 1) } else { colon };
        if self.at(colon) != ':' {
            return;
        }
        let text: String = self.c[self.i..name_at + name.len()].iter().collect();
        self.out.push_str(&text);
        let end = self.skip_type(colon + 1, &['=', ';', ','], false, true);
        self.drop_range(name_at + name.len(), end);
        self.prev = Prev::Word(true);
    }

    fn punct(&mut self, c: char, n: char) {
        let top = self.stack.last().copied();
        match c {
            '(' => {
                let params = self.is_params(self.i);
                self.stack.push(if params { Ctx::Params { in_default: false } } else { Ctx::Other });
            }
            '[' | '{' => self.stack.push(Ctx::Other),
            ')' | ']' | '}' => {
                let popped = self.stack.pop();
                self.out.push(c);
                self.i += 1;
                self.prev = Prev::Value;
                if c == ')' && matches!(popped, Some(Ctx::Params { .. })) {
                    let colon = self.next_sig(self.i);
                    if self.at(colon) == ':' {
                        let end = self.skip_type(colon + 1, &['{'], true, false);
                        self.drop_range(self.i, end);
                        self.out.push(' ');
                    }
                }
                return;
            }
            '!' if matches!(self.prev, Prev::Value | Prev::Word(true)) && n != '=' && !self.out.ends_with(char::is_whitespace) => {
                self.i += 1;
                return;
            }
            '?' if matches!(top, Some(Ctx::Params { in_default: false })) && matches!(self.at(self.next_sig(self.i + 1)), ':' | ',' | ')') => {
                self.i += 1;
                return;
            }
            ':' if matches!(top, Some(Ctx::Params { in_default: false })) => {
                let end = self.skip_type(self.i + 1, &[',', ')', '='], false, false);
                self.drop_range(self.i, end);
                return;
            }
            '=' if matches!(top, Some(Ctx::Params { .. })) && n != '>' && n != '=' => {
                if let Some(Ctx::Params { in_default }) = self.stack.last_mut() {
                    *in_default = true;
                }
            }
            ',' => {
                if let Some(Ctx::Params { in_default }) = self.stack.last_mut() {
                    *in_default = false;
                }
            }
            _ => {}
        }
        self.out.push(c);
        self.i += 1;
        self.prev = Prev::Punct(c);
    }
}
