//! `impl ListMethod` for a list method: its row type, its paging facts and how to take
//! the rows out of one page's result.

use quote::quote;

use super::syntax;
use super::types::ModuleCtx;
use crate::ir;

/// Where the rows are in the Rust response type.
pub enum Rows {
    /// The response is `Vec<item>`.
    Whole(syn::Type),
    /// The response struct's field `ident`, of type `Vec<item>`.
    Member { ident: String, item: syn::Type },
    /// The response is JSON (`Value` or an open object): rows are read from it.
    Json,
    /// Rows cannot be taken out of the response type.
    None,
}

/// Rows of a response whose Rust type is `ty`.
pub fn whole(ty: &syn::Type) -> Rows {
    if let Some(item) = vec_item(ty) {
        return Rows::Whole(item);
    }
    if is_json(ty) {
        return Rows::Json;
    }
    Rows::None
}

/// Rows in the response struct's field that holds them: its Rust name and type.
pub fn member(field: Option<(&str, &syn::Type)>) -> Rows {
    field
        .and_then(|(ident, ty)| {
            vec_item(ty).map(|item| Rows::Member {
                ident: ident.to_string(),
                item,
            })
        })
        .unwrap_or(Rows::None)
}

/// `T` of `Vec<T>`.
fn vec_item(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    if last.ident != "Vec" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    }
}

/// `serde_json::Value` or `serde_json::Map<…>`.
fn is_json(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else {
        return false;
    };
    let names: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    matches!(
        names
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["serde_json", "Value" | "Map"]
    )
}

/// `ID_FILTER`, `ID_ORDER` and `PAGES` where they differ from the trait's defaults.
fn shapes(paging: &ir::Paging) -> Vec<syn::ImplItem> {
    let mut items = Vec::new();
    let id_filter: Option<syn::Expr> = match paging.id_filter {
        ir::IdFilter::Param => None,
        ir::IdFilter::TopLevel => Some(syn::parse_quote!(crate::method::IdFilter::TopLevel)),
        ir::IdFilter::None => Some(syn::parse_quote!(crate::method::IdFilter::None)),
    };
    if let Some(value) = id_filter {
        let ty = syntax::named(&["crate", "method", "IdFilter"]);
        items.push(syntax::impl_const("ID_FILTER", ty, value));
    }
    let id_order: Option<syn::Expr> = match &paging.id_order {
        ir::IdOrder::Map => None,
        ir::IdOrder::Field { sort_param } => {
            Some(syn::parse_quote!(crate::method::IdOrder::Field {
                sort_param: #sort_param,
            }))
        }
        ir::IdOrder::None => Some(syn::parse_quote!(crate::method::IdOrder::None)),
    };
    if let Some(value) = id_order {
        let ty = syntax::named(&["crate", "method", "IdOrder"]);
        items.push(syntax::impl_const("ID_ORDER", ty, value));
    }
    if let ir::Pages::Offset {
        offset_param,
        limit_param,
        limit,
        more,
    } = &paging.pages
    {
        let limit_lit = proc_macro2::Literal::u64_unsuffixed(*limit);
        let more = match more {
            Some(m) => quote!(Some(#m)),
            None => quote!(None),
        };
        let value: syn::Expr = syn::parse_quote!(crate::method::Pages::Offset {
            offset_param: #offset_param,
            limit_param: #limit_param,
            limit: #limit_lit,
            more: #more,
        });
        items.push(syntax::impl_const(
            "PAGES",
            syntax::named(&["crate", "method", "Pages"]),
            value,
        ));
    }
    items
}

/// Emits `impl ListMethod for {name}`; nothing when the rows cannot be reached.
pub fn emit(ctx: &mut ModuleCtx, method: &ir::Method, name: &str, paging: &ir::Paging, rows: Rows) {
    let member = paging.rows.as_deref();
    let (item, body): (syn::Type, syn::Expr) = match rows {
        Rows::Whole(item) => (item, syn::parse_quote!(result)),
        Rows::Member { ident, item } => {
            let field = syntax::field(syntax::var("result"), &ident);
            (item, syn::parse_quote!(#field.unwrap_or_default()))
        }
        Rows::Json => {
            let member = match member {
                Some(m) => quote!(Some(#m)),
                None => quote!(None),
            };
            (
                syn::parse_quote!(serde_json::Value),
                syn::parse_quote!(crate::wire::rows(result, #member)),
            )
        }
        Rows::None => return,
    };
    let opt = |v: Option<&str>| match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let rows_lit = opt(member);
    let row_id = opt(paging.row_id.as_deref());
    let (filter, order, param_id) = (&paging.filter_param, &paging.order_param, &paging.param_id);
    let paging_expr: syn::Expr = syn::parse_quote!(crate::Paging {
        rows: #rows_lit,
        row_id: #row_id,
        filter_param: #filter,
        order_param: #order,
        param_id: #param_id,
    });
    let rows_fn: syn::ImplItem = syn::parse_quote!(
        fn rows(result: Self::Response) -> Vec<Self::Item> {
            #body
        }
    );
    let mut items = vec![
        syntax::impl_type("Item", item),
        syntax::impl_const("PAGING", syntax::named(&["crate", "Paging"]), paging_expr),
    ];
    items.extend(shapes(paging));
    items.push(rows_fn);
    let allow = method
        .deprecated
        .is_some()
        .then(|| syntax::list_attr("allow", quote!(deprecated)));
    let trait_path = syntax::path(&["crate", "ListMethod"]);
    ctx.items.push(syntax::item_impl(
        allow.into_iter().collect(),
        Some(trait_path),
        name,
        items,
    ));
}
