//! The schema table of README.md (the crate documentation) is the schema.

use arrow_schema::{DataType, Field};

/// How the README writes a type.
fn type_name(field: &Field) -> String {
    let nullable = |f: &Field| if f.is_nullable() { "?" } else { "" };
    match field.data_type() {
        DataType::Utf8 => "Utf8".to_owned(),
        DataType::Int32 => "Int32".to_owned(),
        DataType::Date32 => "Date32".to_owned(),
        DataType::List(item) => format!("List<{}{}>", type_name(item), nullable(item)),
        DataType::Struct(fields) => format!(
            "Struct<{}>",
            fields
                .iter()
                .map(|f| format!("{}: {}{}", f.name(), type_name(f), nullable(f)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => panic!("the README has no name for {other}"),
    }
}

#[test]
fn the_readme_table_is_the_schema() {
    let readme = include_str!("../README.md");
    let table: Vec<(String, String, String)> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| column |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<_> = l
                .split(" | ")
                .map(|c| c.trim_matches(['|', ' ', '`']))
                .collect();
            (
                cells[0].to_owned(),
                cells[1].to_owned(),
                cells[2].to_owned(),
            )
        })
        .collect();
    let schema = dateline_parquet::schema();
    let want: Vec<(String, String, String)> = schema
        .fields()
        .iter()
        .map(|f| {
            (
                f.name().clone(),
                type_name(f),
                if f.is_nullable() { "yes" } else { "no" }.to_owned(),
            )
        })
        .collect();
    assert_eq!(table, want);
}
