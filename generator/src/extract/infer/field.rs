//! The type of one field-table row. [`RULES`] decide the type, the first that answers
//! winning; the reason it gives becomes the row's note. [`REFINEMENTS`] then read what
//! the description adds to the decided type (boolean form, values, nested fields).

use crate::diag::Code;
use crate::ir::{BoolForm, EnumType, Type};
use crate::page::Row;

use super::description;
use super::tokens::{self, Token};
use crate::extract::cell::NameCell;
use crate::extract::fields::{Role, Walk};
use crate::extract::{enums, links, nest, text, Ctx};

/// What the rules read about one row.
pub struct Input<'a> {
    pub cell: &'a NameCell,
    pub desc: &'a str,
    /// The example column, plain text.
    pub example: Option<&'a str>,
    pub row: &'a Row,
    pub role: Role,
    /// How many tables are being read, the row's own included.
    pub depth: usize,
    pub written: Written,
}

/// The type column (or the types under the name), read once.
#[derive(Default)]
pub struct Written {
    /// Tokens that name a type.
    pub members: Vec<Type>,
    pub nulls: usize,
    /// The page wrote `unknown`.
    pub unknown: bool,
    /// Names that are no type this generator knows, nor an object the page describes.
    pub unrecognised: Vec<String>,
}

impl Written {
    /// `object | array`: undecided unless a sub-table says which.
    fn object_or_array(&self) -> bool {
        self.members
            .iter()
            .any(|t| matches!(t, Type::Object { .. }))
            && self.members.iter().any(|t| matches!(t, Type::Array { .. }))
    }
}

impl<'a> Input<'a> {
    pub fn new(
        cx: &mut Ctx,
        cell: &'a NameCell,
        desc: &'a str,
        example: Option<&'a str>,
        row: &'a Row,
        walk: &mut Walk,
    ) -> Input<'a> {
        let mut written = Written::default();
        for tok in &cell.types {
            match tokens::token(tok) {
                Token::Known(t) => written.members.push(t),
                Token::Char => written.members.push(char_type(desc)),
                Token::Null => written.nulls += 1,
                Token::Unknown => written.unknown = true,
                Token::Unrecognised(n) => {
                    match nest::named_object(cx, &n, tok.link.as_deref(), walk) {
                        Some(t) => written.members.push(t),
                        None => written.unrecognised.push(n),
                    }
                }
            }
        }
        Input {
            cell,
            desc,
            example,
            row,
            role: walk.role,
            depth: walk.depth(),
            written,
        }
    }

    fn name(&self) -> &str {
        &self.cell.name
    }
}

/// Why a rule decided a type: what the row's note says.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The page wrote the type: no note.
    Written,
    /// The page wrote only `null`: no note.
    AlwaysNull,
    /// The type names an object defined under another heading or on another page: no note.
    DefinedElsewhere,
    /// The written type is no type: a warning naming it.
    NotAType(String),
    /// An example value shows the type: a `B24N013` note.
    Example,
    /// The description shows the type: a `B24N013` note with the reason.
    Described(&'static str),
    /// Nothing shows a type: a warning.
    Missing,
}

/// A type and why.
pub struct Decision {
    pub ty: Type,
    pub reason: Reason,
}

/// One rule: answers with a type and the reason, or passes.
pub struct Rule {
    /// What the rule looks at; the test of the order reads it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    pub decide: fn(&mut Ctx, &Input, &mut Walk) -> Option<Decision>,
}

/// The rules, in the order they are asked. A new rule is one entry here.
pub const RULES: &[Rule] = &[
    Rule {
        name: "written",
        decide: written,
    },
    Rule {
        name: "always null",
        decide: always_null,
    },
    Rule {
        name: "defined elsewhere",
        decide: defined_elsewhere,
    },
    Rule {
        name: "not a type",
        decide: not_a_type,
    },
    Rule {
        name: "example column",
        decide: example_column,
    },
    Rule {
        name: "example call",
        decide: example_call,
    },
    Rule {
        name: "nested description",
        decide: nested_description,
    },
    Rule {
        name: "missing",
        decide: missing,
    },
];

/// One refinement: a better type for a decided one, or nothing to add.
pub struct Refinement {
    /// What the refinement looks at; the test of the order reads it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    pub refine: fn(&mut Ctx, &Type, &Input, &mut Walk) -> Option<Type>,
}

/// The refinements, in the order they are tried; the first that answers wins.
pub const REFINEMENTS: &[Refinement] = &[
    Refinement {
        name: "boolean form",
        refine: boolean_form,
    },
    Refinement {
        name: "open object",
        refine: open_object,
    },
    Refinement {
        name: "object or array",
        refine: object_or_array,
    },
    Refinement {
        name: "open array",
        refine: open_array,
    },
    Refinement {
        name: "string values",
        refine: string_values,
    },
    Refinement {
        name: "integer values",
        refine: integer_values,
    },
];

/// The row's type: the first rule's answer, noted, then refined.
pub fn decide(cx: &mut Ctx, input: &Input, walk: &mut Walk) -> Type {
    let decision = RULES
        .iter()
        .find_map(|r| (r.decide)(cx, input, walk))
        .unwrap_or(Decision {
            ty: Type::Any,
            reason: Reason::Missing,
        });
    note(cx, input, &decision.reason);
    let ty = decision.ty;
    for r in REFINEMENTS {
        if let Some(t) = (r.refine)(cx, &ty, input, walk) {
            return t;
        }
    }
    ty
}

/// The one place a reason becomes a diagnostic.
fn note(cx: &mut Ctx, input: &Input, reason: &Reason) {
    let name = input.name();
    let what = if input.written.unknown {
        "`unknown`"
    } else {
        "no type"
    };
    let (code, msg) = match reason {
        Reason::Written | Reason::AlwaysNull | Reason::DefinedElsewhere => return,
        Reason::NotAType(written) => (
            Code::UnknownType,
            format!("type `{written}` of `{name}` is not a known type; expected a base type or a data-types dictionary name"),
        ),
        Reason::Example => (
            Code::TypeInferred,
            format!("`{name}` has {what}; the type was inferred from an example"),
        ),
        Reason::Described(why) => (
            Code::TypeInferred,
            format!("`{name}` has {what}; the type was inferred: {why}"),
        ),
        Reason::Missing => (
            Code::MissingType,
            format!("`{name}` has {what} and no example to infer one from; expected a type under the name"),
        ),
    };
    cx.diag(code, input.row.pos, msg);
}

fn decided(ty: Type, reason: Reason) -> Option<Decision> {
    Some(Decision { ty, reason })
}

fn written(_: &mut Ctx, input: &Input, _: &mut Walk) -> Option<Decision> {
    let members = &input.written.members;
    if members.is_empty() {
        return None;
    }
    decided(tokens::union(members.clone()), Reason::Written)
}

/// Typed `null` and nothing else: a value that is always null.
fn always_null(_: &mut Ctx, input: &Input, _: &mut Walk) -> Option<Decision> {
    let w = &input.written;
    (w.nulls > 0 && !w.unknown && w.unrecognised.is_empty()).then_some(Decision {
        ty: Type::Null,
        reason: Reason::AlwaysNull,
    })
}

/// An object type named after its definition (`` [`Bot`](../entities.md#bot) ``): the
/// fields from a sub-table the row links to, else an object whose keys another page lists.
fn defined_elsewhere(cx: &mut Ctx, input: &Input, walk: &mut Walk) -> Option<Decision> {
    if input.written.unrecognised.is_empty() {
        return None;
    }
    let nc = input.cell;
    let array = nc.types.iter().any(|t| t.name.ends_with("[]"));
    let wrap = |item: Type| {
        if array {
            Type::Array {
                item: Box::new(item),
            }
        } else {
            item
        }
    };
    let nested = nest::nested(cx, &nc.name, input.desc, input.row, walk);
    if let Some(fields) = nested.filter(|f| !f.is_empty()) {
        return decided(wrap(Type::Object { fields }), Reason::DefinedElsewhere);
    }
    let target = elsewhere(cx, nc, input.row)?;
    decided(wrap(Type::Ref { target }), Reason::DefinedElsewhere)
}

fn not_a_type(_: &mut Ctx, input: &Input, _: &mut Walk) -> Option<Decision> {
    let unrecognised = &input.written.unrecognised;
    if unrecognised.is_empty() {
        return None;
    }
    decided(Type::Any, Reason::NotAType(unrecognised.join(" | ")))
}

fn example_column(_: &mut Ctx, input: &Input, _: &mut Walk) -> Option<Decision> {
    let ty = input.example.and_then(tokens::of_example_text)?;
    decided(ty, Reason::Example)
}

/// The value the example calls send for a parameter.
fn example_call(cx: &mut Ctx, input: &Input, _: &mut Walk) -> Option<Decision> {
    if input.role != Role::Params {
        return None;
    }
    let sample = cx
        .samples
        .get(input.name())
        .filter(|v| !v.is_null() && v.as_str() != Some(""))?;
    decided(tokens::of_json(sample), Reason::Example)
}

/// Rows of nested tables are described tersely ("идентификатор процесса"); the
/// description is read only there, where no example value is at hand.
fn nested_description(_: &mut Ctx, input: &Input, _: &mut Walk) -> Option<Decision> {
    if input.depth <= 1 {
        return None;
    }
    let (ty, why) = description::infer("", input.name(), input.desc, None)?;
    decided(ty, Reason::Described(why))
}

fn missing(_: &mut Ctx, _: &Input, _: &mut Walk) -> Option<Decision> {
    decided(Type::Any, Reason::Missing)
}

/// The object another page defines, when every type of the row is a name linked to an
/// anchor there (`` [`deal[]`](crm-deal-get.md#deal) ``): its `path#anchor`, resolved
/// once every page is read.
fn elsewhere(cx: &Ctx, nc: &NameCell, row: &Row) -> Option<String> {
    let from = cx.map.display(row.pos.file);
    let mut target = None;
    for t in &nc.types {
        let name = t.name.trim().trim_matches('`').trim_end_matches("[]");
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
        let link = t.link.as_deref().filter(|l| links::is_elsewhere(l))?;
        if !is_name {
            return None;
        }
        target = target.or_else(|| links::target(from, link));
    }
    target
}

fn char_type(desc: &str) -> Type {
    if description::mentions_yes_no(desc) {
        Type::Boolean {
            form: BoolForm::YesNo,
        }
    } else {
        Type::String
    }
}

fn boolean_form(cx: &mut Ctx, ty: &Type, input: &Input, _: &mut Walk) -> Option<Type> {
    if *ty
        != (Type::Boolean {
            form: BoolForm::Json,
        })
    {
        return None;
    }
    let sample = cx.samples.get(input.name());
    Some(Type::Boolean {
        form: bool_form(input.desc, input.example, sample),
    })
}

/// An object without fields: a map keyed by placeholders, else the fields the page
/// lists for it elsewhere.
fn open_object(cx: &mut Ctx, ty: &Type, input: &Input, walk: &mut Walk) -> Option<Type> {
    if !matches!(ty, Type::Object { fields } if fields.is_empty()) {
        return None;
    }
    if input.role == Role::Response && keyed_by_placeholder(input.desc) {
        return Some(keyed_map(cx, input.desc, input.row));
    }
    let name = input.name();
    let fields = nest::nested(cx, name, input.desc, input.row, walk).unwrap_or_default();
    Some(description::shape(name, fields))
}

fn object_or_array(cx: &mut Ctx, ty: &Type, input: &Input, walk: &mut Walk) -> Option<Type> {
    if *ty != Type::Any || !input.written.object_or_array() {
        return None;
    }
    Some(
        match nest::nested(cx, input.name(), input.desc, input.row, walk) {
            Some(fields) if !fields.is_empty() => Type::Object { fields },
            _ => Type::Any,
        },
    )
}

fn open_array(cx: &mut Ctx, ty: &Type, input: &Input, walk: &mut Walk) -> Option<Type> {
    let Type::Array { item } = ty else {
        return None;
    };
    if !is_open(item) {
        return None;
    }
    let name = input.name();
    let array = |item: Type| Type::Array {
        item: Box::new(item),
    };
    match nest::item_fields(cx, name, input.desc, input.row, walk) {
        Some(fields) if !fields.is_empty() => Some(array(Type::Object { fields })),
        // Bullets on an array row are the values its items take (`select`).
        _ if **item == Type::Any => Some(match enums::from_description(input.desc, false) {
            Some(e) => array(Type::Enum(e)),
            None => array(item_from_sample(cx, input, walk.depth() == 1)),
        }),
        _ => None,
    }
}

fn string_values(_: &mut Ctx, ty: &Type, input: &Input, _: &mut Walk) -> Option<Type> {
    if *ty != Type::String {
        return None;
    }
    match enums::from_description(input.desc, false)? {
        // A string that is only ever `Y` or `N` is a flag.
        e if is_yes_no(&e) => Some(Type::Boolean {
            form: BoolForm::YesNo,
        }),
        e => Some(Type::Enum(e)),
    }
}

fn integer_values(_: &mut Ctx, ty: &Type, input: &Input, _: &mut Walk) -> Option<Type> {
    if *ty != Type::Integer {
        return None;
    }
    enums::from_description(input.desc, true).map(Type::Enum)
}

/// An object the description shows as `{ field_1: value_1, …, field_n: value_n }`: its
/// keys are data, so it is a map.
fn keyed_by_placeholder(desc: &str) -> bool {
    desc.contains("_1:") && desc.contains("_n:")
}

/// A map whose values are the object a link in the description names on another page
/// (`value_n` described as [crm_rest_field_description](../data-types.md#…)).
fn keyed_map(cx: &Ctx, desc: &str, row: &Row) -> Type {
    let from = cx.map.display(row.pos.file);
    let value = text::links(desc)
        .iter()
        .filter(|l| links::is_elsewhere(&l.url))
        .find_map(|l| links::target(from, &l.url))
        .map_or(Type::Any, |target| Type::Ref { target });
    Type::Map {
        value: Box::new(value),
    }
}

/// The item type of an untyped top-level array parameter, from the first item the
/// example calls send (`USERS` sent as `[103, 547]`).
fn item_from_sample(cx: &mut Ctx, input: &Input, top: bool) -> Type {
    let name = input.name();
    let first = match cx.samples.get(name) {
        Some(serde_json::Value::Array(items)) if top && input.role == Role::Params => {
            items.iter().find(|v| !v.is_null())
        }
        _ => None,
    };
    let Some(ty) = first.map(tokens::of_json).filter(Type::is_typed) else {
        return Type::Any;
    };
    let msg = format!("the items of `{name}` have no type; the type was inferred from an example");
    cx.diag(Code::TypeInferred, input.row.pos, msg);
    ty
}

fn is_yes_no(e: &EnumType) -> bool {
    e.values.len() == 2 && e.values.iter().all(|v| v.value == "Y" || v.value == "N")
}

fn is_open(item: &Type) -> bool {
    matches!(item, Type::Any) || matches!(item, Type::Object { fields } if fields.is_empty())
}

/// How a boolean is written: `Y`/`N`, `1`/`0`, or JSON `true`/`false`.
fn bool_form(desc: &str, example: Option<&str>, sample: Option<&serde_json::Value>) -> BoolForm {
    let example = example.unwrap_or("").trim_matches(['`', '\'', '"']);
    if matches!(example, "Y" | "N") || description::mentions_yes_no(desc) {
        return BoolForm::YesNo;
    }
    match sample {
        Some(serde_json::Value::String(s)) if s == "Y" || s == "N" => return BoolForm::YesNo,
        Some(serde_json::Value::Number(_)) => return BoolForm::Digit,
        Some(serde_json::Value::Bool(_)) => return BoolForm::Json,
        _ => {}
    }
    let spans = text::code_spans(desc);
    if spans.iter().any(|s| s == "true" || s == "false") {
        BoolForm::Json
    } else if spans.iter().any(|s| s == "1") && spans.iter().any(|s| s == "0") {
        BoolForm::Digit
    } else {
        BoolForm::Json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_in_order() {
        let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "written",
                "always null",
                "defined elsewhere",
                "not a type",
                "example column",
                "example call",
                "nested description",
                "missing",
            ]
        );
        let names: Vec<&str> = REFINEMENTS.iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "boolean form",
                "open object",
                "object or array",
                "open array",
                "string values",
                "integer values",
            ]
        );
    }
}
