//! Builders for `syn` syntax trees.
//!
//! The items of the generated modules (structs and their fields, setters, decoders, enum
//! variants and their match arms) are built here as syntax trees directly, which
//! `prettyplease` then prints. Building the tree costs a fraction of writing tokens with
//! `quote` and parsing them back, and the full corpus has tens of thousands of such
//! items. Token streams remain only inside attributes (`#[serde(rename = "…")]`),
//! where a syntax tree holds tokens anyway.
//!
//! Every builder makes the tree `syn` itself would parse from the equivalent source, so
//! the printed text does not depend on which way an item was built.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{
    AngleBracketedGenericArguments, AttrStyle, Attribute, Expr, FieldValue, GenericArgument, Lit,
    LitStr, MacroDelimiter, Member, Meta, MetaList, MetaNameValue, Pat, Path, PathArguments,
    PathSegment, Stmt, Token, Type, Visibility,
};

// ---- paths and types ----

/// `a::b::c`.
pub fn path(segments: &[&str]) -> Path {
    Path {
        leading_colon: None,
        segments: segments
            .iter()
            .map(|s| PathSegment::from(ident(s)))
            .collect(),
    }
}

pub fn path_type(path: Path) -> Type {
    Type::Path(syn::TypePath { qself: None, path })
}

/// The type named by the path `a::b::C`.
pub fn named(segments: &[&str]) -> Type {
    path_type(path(segments))
}

/// `segments<args…>`.
pub fn generic(segments: &[&str], args: Vec<Type>) -> Type {
    let mut path = path(segments);
    if let Some(last) = path.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    path_type(path)
}

/// `impl Into<ty>`: an argument that takes anything convertible into `ty`.
pub fn impl_into(ty: &Type) -> Type {
    syn::parse_quote!(impl Into<#ty>)
}

/// `impl IntoIterator<Item = impl Into<item>>`: an argument that takes any collection
/// (an array of `&str`, a `Vec`, an iterator) of things convertible into `item`.
pub fn impl_into_iter(item: &Type) -> Type {
    syn::parse_quote!(impl IntoIterator<Item = impl Into<#item>>)
}

/// The item type of `Vec<item>`, as [`generic`] builds it.
pub fn vec_item(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if path.path.segments.len() != 1 || last.ident != "Vec" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(item) => Some(item),
        _ => None,
    }
}

/// An identifier token; `r#` prefixes become raw identifiers.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// `()`.
pub fn unit() -> Type {
    Type::Tuple(syn::TypeTuple {
        paren_token: Default::default(),
        elems: Punctuated::new(),
    })
}

pub fn self_type() -> Type {
    named(&["Self"])
}

/// `&'static str`.
pub fn static_str() -> Type {
    static_ref(named(&["str"]))
}

/// `&'static [item]`.
pub fn static_slice(item: Type) -> Type {
    static_ref(Type::Slice(syn::TypeSlice {
        bracket_token: Default::default(),
        elem: Box::new(item),
    }))
}

fn static_ref(elem: Type) -> Type {
    Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: Some(syn::Lifetime::new("'static", Span::call_site())),
        mutability: None,
        elem: Box::new(elem),
    })
}

// ---- attributes ----

/// `#[doc = "…"]`, or `#![doc = "…"]` when `inner`.
pub fn doc(text: &str, inner: bool) -> Attribute {
    doc_attr(doc_lit("", text), inner)
}

fn doc_attr(lit: LitStr, inner: bool) -> Attribute {
    let value = Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(lit),
    });
    attribute(
        Meta::NameValue(MetaNameValue {
            path: path(&["doc"]),
            eq_token: Default::default(),
            value,
        }),
        inner,
    )
}

/// The literal of the doc text `lead` + `text`, raw where it is printed as a `///`
/// comment (one line, not starting with `/`). A raw literal is made without escaping
/// each character and read back by `prettyplease` without unescaping it, which over
/// megabytes of non-ASCII prose is most of what a doc comment costs; the comment printed
/// is the same.
fn doc_lit(lead: &str, text: &str) -> LitStr {
    let one_line = !lead.contains(['\r', '\n']) && !text.contains(['\r', '\n']);
    let starts_with_slash = lead.starts_with('/') || (lead.is_empty() && text.starts_with('/'));
    if one_line && !starts_with_slash {
        let hashes = raw_hashes(lead).max(raw_hashes(text));
        let mut raw = String::with_capacity(lead.len() + text.len() + 2 * hashes + 3);
        raw.push('r');
        raw.extend(std::iter::repeat_n('#', hashes));
        raw.push('"');
        raw.push_str(lead);
        raw.push_str(text);
        raw.push('"');
        raw.extend(std::iter::repeat_n('#', hashes));
        if let Ok(literal) = raw.parse::<proc_macro2::Literal>() {
            if let Lit::Str(lit) = Lit::new(literal) {
                return lit;
            }
        }
    }
    LitStr::new(&format!("{lead}{text}"), Span::call_site())
}

/// How many `#` a raw string needs so that no `"` in `text` ends it early.
fn raw_hashes(text: &str) -> usize {
    text.split('"')
        .skip(1)
        .map(|after| after.len() - after.trim_start_matches('#').len() + 1)
        .max()
        .unwrap_or(0)
}

/// One doc attribute per line. A leading space keeps `///` comments readable and no
/// line can start a different comment form (`///!`, `////`).
pub fn docs(lines: &[String], inner: bool) -> Vec<Attribute> {
    lines
        .iter()
        .map(|line| {
            let lead = if line.is_empty() { "" } else { " " };
            doc_attr(doc_lit(lead, line), inner)
        })
        .collect()
}

/// `#[name(tokens)]`.
pub fn list_attr(name: &str, tokens: TokenStream) -> Attribute {
    attribute(
        Meta::List(MetaList {
            path: path(&[name]),
            delimiter: MacroDelimiter::Paren(Default::default()),
            tokens,
        }),
        false,
    )
}

/// `#[a::b]`: an attribute that is a bare path.
pub fn path_attr(segments: &[&str]) -> Attribute {
    attribute(Meta::Path(path(segments)), false)
}

fn attribute(meta: Meta, inner: bool) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style: if inner {
            AttrStyle::Inner(Default::default())
        } else {
            AttrStyle::Outer
        },
        bracket_token: Default::default(),
        meta,
    }
}

pub fn public() -> Visibility {
    Visibility::Public(Default::default())
}

// ---- expressions and patterns ----

pub fn expr_path(path: Path) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// A plain name used as an expression (`value`, `self`, `None`).
pub fn var(name: &str) -> Expr {
    expr_path(path(&[name]))
}

pub fn str_lit(text: &str) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(LitStr::new(text, Span::call_site())),
    })
}

pub fn bool_lit(value: bool) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: Lit::Bool(syn::LitBool::new(value, Span::call_site())),
    })
}

/// `&[elems…]`.
pub fn array_ref(elems: Vec<Expr>) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(Expr::Array(syn::ExprArray {
            attrs: Vec::new(),
            bracket_token: Default::default(),
            elems: elems.into_iter().collect(),
        })),
    })
}

pub fn call(func: Expr, args: Vec<Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args…)`.
pub fn method_call(receiver: Expr, method: &str, args: Vec<Expr>) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `base.name`.
pub fn field(base: Expr, name: &str) -> Expr {
    Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: Member::Named(ident(name)),
    })
}

pub fn assign(left: Expr, right: Expr) -> Expr {
    Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(left),
        eq_token: Default::default(),
        right: Box::new(right),
    })
}

/// `Self { name: value, … }`; a `None` value writes the field shorthand (`Self { name }`).
pub fn self_struct(fields: Vec<(String, Option<Expr>)>) -> Expr {
    let fields: Punctuated<FieldValue, Token![,]> = fields
        .into_iter()
        .map(|(name, value)| {
            let shorthand = value.is_none();
            FieldValue {
                attrs: Vec::new(),
                expr: value.unwrap_or_else(|| var(&name)),
                member: Member::Named(ident(&name)),
                colon_token: (!shorthand).then(Default::default),
            }
        })
        .collect();
    Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(&["Self"]),
        brace_token: Default::default(),
        fields,
        dot2_token: None,
        rest: None,
    })
}

/// `match subject { arms }`.
pub fn match_expr(subject: Expr, arms: Vec<(Pat, Expr)>) -> Expr {
    let arms = arms
        .into_iter()
        .map(|(pat, body)| syn::Arm {
            attrs: Vec::new(),
            pat,
            guard: None,
            fat_arrow_token: Default::default(),
            body: Box::new(body),
            comma: Some(Default::default()),
        })
        .collect();
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(subject),
        brace_token: Default::default(),
        arms,
    })
}

/// A string literal pattern.
pub fn str_pat(text: &str) -> Pat {
    Pat::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(LitStr::new(text, Span::call_site())),
    })
}

/// A path pattern (`Self::Variant`).
pub fn path_pat(path: Path) -> Pat {
    Pat::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// `path(binding)`, as in `Self::Unknown(value)`.
pub fn tuple_pat(path: Path, binding: &str) -> Pat {
    Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        paren_token: Default::default(),
        elems: std::iter::once(binding_pat(binding)).collect(),
    })
}

/// A name bound by a pattern (`other`).
pub fn binding_pat(name: &str) -> Pat {
    Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident: ident(name),
        subpat: None,
    })
}

/// `_`.
pub fn wild_pat() -> Pat {
    Pat::Wild(syn::PatWild {
        attrs: Vec::new(),
        underscore_token: Default::default(),
    })
}

// ---- statements and items ----

/// `expr;`
pub fn stmt(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(Default::default()))
}

/// The block's final expression.
pub fn tail(expr: Expr) -> Stmt {
    Stmt::Expr(expr, None)
}

/// `name: ty` as a function argument.
pub fn arg(name: &str, ty: Type) -> syn::FnArg {
    syn::FnArg::Typed(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(binding_pat(name)),
        colon_token: Default::default(),
        ty: Box::new(ty),
    })
}

/// `self`, or `mut self`.
pub fn self_arg(mutable: bool) -> syn::FnArg {
    syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        reference: None,
        mutability: mutable.then(Default::default),
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(self_type()),
    })
}

/// `&self`.
pub fn ref_self_arg() -> syn::FnArg {
    syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        reference: Some((Default::default(), None)),
        mutability: None,
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(Type::Reference(syn::TypeReference {
            and_token: Default::default(),
            lifetime: None,
            mutability: None,
            elem: Box::new(self_type()),
        })),
    })
}

/// `&ty`, or `&mut ty`.
pub fn reference(ty: Type, mutable: bool) -> Type {
    Type::Reference(syn::TypeReference {
        and_token: Default::default(),
        lifetime: None,
        mutability: mutable.then(Default::default),
        elem: Box::new(ty),
    })
}

/// A function in an impl block.
pub struct Function {
    pub attrs: Vec<Attribute>,
    pub public: bool,
    pub name: String,
    pub args: Vec<syn::FnArg>,
    pub output: Option<Type>,
    pub body: Vec<Stmt>,
}

impl Function {
    pub fn item(self) -> syn::ImplItem {
        let sig = syn::Signature {
            constness: None,
            asyncness: None,
            unsafety: None,
            abi: None,
            fn_token: Default::default(),
            ident: ident(&self.name),
            generics: Default::default(),
            paren_token: Default::default(),
            inputs: self.args.into_iter().collect(),
            variadic: None,
            output: match self.output {
                Some(ty) => syn::ReturnType::Type(Default::default(), Box::new(ty)),
                None => syn::ReturnType::Default,
            },
        };
        syn::ImplItem::Fn(syn::ImplItemFn {
            attrs: self.attrs,
            vis: if self.public {
                public()
            } else {
                Visibility::Inherited
            },
            defaultness: None,
            sig,
            block: syn::Block {
                brace_token: Default::default(),
                stmts: self.body,
            },
        })
    }
}

/// `const NAME: ty = value;` in a trait impl.
pub fn impl_const(name: &str, ty: Type, value: Expr) -> syn::ImplItem {
    syn::ImplItem::Const(syn::ImplItemConst {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        defaultness: None,
        const_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        colon_token: Default::default(),
        ty,
        eq_token: Default::default(),
        expr: value,
        semi_token: Default::default(),
    })
}

/// `type Name = ty;` in a trait impl.
pub fn impl_type(name: &str, ty: Type) -> syn::ImplItem {
    syn::ImplItem::Type(syn::ImplItemType {
        attrs: Vec::new(),
        vis: Visibility::Inherited,
        defaultness: None,
        type_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        eq_token: Default::default(),
        ty,
        semi_token: Default::default(),
    })
}

/// `impl Name { … }`, or `impl Trait for Name { … }`.
pub fn item_impl(
    attrs: Vec<Attribute>,
    of_trait: Option<Path>,
    name: &str,
    items: Vec<syn::ImplItem>,
) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs,
        defaultness: None,
        unsafety: None,
        impl_token: Default::default(),
        generics: Default::default(),
        trait_: of_trait.map(|path| (None, path, Default::default())),
        self_ty: Box::new(named(&[name])),
        brace_token: Default::default(),
        items,
    })
}

/// A named field of a struct.
pub fn struct_field(attrs: Vec<Attribute>, name: &str, ty: Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `pub struct Name { fields }`.
pub fn item_struct(attrs: Vec<Attribute>, name: &str, fields: Vec<syn::Field>) -> syn::Item {
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    })
}

/// An enum variant: a unit variant, or one holding a `String`.
pub fn variant(attrs: Vec<Attribute>, name: &str, holds_string: bool) -> syn::Variant {
    let fields = if holds_string {
        let field = syn::Field {
            attrs: Vec::new(),
            vis: Visibility::Inherited,
            mutability: syn::FieldMutability::None,
            ident: None,
            colon_token: None,
            ty: named(&["String"]),
        };
        syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: std::iter::once(field).collect(),
        })
    } else {
        syn::Fields::Unit
    };
    syn::Variant {
        attrs,
        ident: ident(name),
        fields,
        discriminant: None,
    }
}

/// `pub enum Name { variants }`.
pub fn item_enum(attrs: Vec<Attribute>, name: &str, variants: Vec<syn::Variant>) -> syn::Item {
    syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: public(),
        enum_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        brace_token: Default::default(),
        variants: variants.into_iter().collect(),
    })
}

/// `pub type Name = ty;`.
pub fn item_type(attrs: Vec<Attribute>, name: &str, ty: Type) -> syn::Item {
    syn::Item::Type(syn::ItemType {
        attrs,
        vis: public(),
        type_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        eq_token: Default::default(),
        ty: Box::new(ty),
        semi_token: Default::default(),
    })
}

/// `pub mod name;`.
pub fn item_mod(attrs: Vec<Attribute>, name: &str) -> syn::Item {
    syn::Item::Mod(syn::ItemMod {
        attrs,
        vis: public(),
        unsafety: None,
        mod_token: Default::default(),
        ident: ident(name),
        content: None,
        semi: Some(Default::default()),
    })
}

/// `pub use first::…::{names};`, each name brought in whole.
pub fn item_use(attrs: Vec<Attribute>, prefix: &[&str], names: &[&str]) -> syn::Item {
    let leaves = names
        .iter()
        .map(|n| syn::UseTree::Name(syn::UseName { ident: ident(n) }))
        .collect();
    let mut tree = syn::UseTree::Group(syn::UseGroup {
        brace_token: Default::default(),
        items: leaves,
    });
    for segment in prefix.iter().rev() {
        tree = syn::UseTree::Path(syn::UsePath {
            ident: ident(segment),
            colon2_token: Default::default(),
            tree: Box::new(tree),
        });
    }
    syn::Item::Use(syn::ItemUse {
        attrs,
        vis: public(),
        use_token: Default::default(),
        leading_colon: None,
        tree,
        semi_token: Default::default(),
    })
}

/// `path!(arg);` as an item.
pub fn item_macro(path: Path, arg: &str) -> syn::Item {
    let tokens = TokenStream::from(proc_macro2::TokenTree::Ident(ident(arg)));
    syn::Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: syn::Macro {
            path,
            bang_token: Default::default(),
            delimiter: MacroDelimiter::Paren(Default::default()),
            tokens,
        },
        semi_token: Some(Default::default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_literals_keep_their_text() {
        let texts = [
            "",
            " plain",
            " кириллица «кавычки»",
            " a \"quote\" and \"#hash\" and \"## more\"#",
            " back\\slash \\n not a newline",
            " \u{301}combining first",
            "/ starts with a slash",
            " tab\tinside",
        ];
        for text in texts {
            assert_eq!(doc_lit("", text).value(), text, "{text:?}");
            assert_eq!(doc_lit(" ", text).value(), format!(" {text}"), "{text:?}");
        }
    }

    #[test]
    fn raw_hashes_outnumber_any_quote_run() {
        assert_eq!(raw_hashes("no quotes"), 0);
        assert_eq!(raw_hashes("a \"b"), 1);
        assert_eq!(raw_hashes("a \"##b\"#"), 3);
    }
}
