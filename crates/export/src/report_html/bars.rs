//! Bar charts in SVG: horizontal bars for named counts (the largest first, a
//! top N with "and K more"), columns for a series (articles per month).
//!
//! The geometry is fixed in pixels and the `viewBox` lets the page scale the
//! picture down; bars are proportional to the largest value, and a non-zero
//! value never draws a bar too thin to see.

use std::io::Write;

use super::{shorten, thousands};
use crate::Result;
use crate::escape::{markup_attr, markup_text};
use crate::formats::MONTHS;

/// One bar: what a program finds it by, what a person reads, the number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    /// `data-key`: the JSON key or name of what is counted (`exact`, `2022-01`).
    pub key: String,
    /// The label written beside or under the bar.
    pub label: String,
    /// The longer text of its tooltip, when the label is short (`January 2022`).
    pub long_label: Option<String>,
    /// The count.
    pub value: u64,
}

impl Bar {
    /// A bar labelled `label`.
    pub fn new(key: impl Into<String>, label: impl Into<String>, value: u64) -> Bar {
        Bar {
            key: key.into(),
            label: label.into(),
            long_label: None,
            value,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Bars left to right from a column of labels, one per row.
    Rows,
    /// Columns standing on an axis, labels under it.
    Columns,
}

/// A bar chart (see the [module docs](self)).
#[derive(Clone, Debug)]
pub struct BarChart {
    title: String,
    shape: Shape,
    bars: Vec<Bar>,
    /// Entries left out of a top N: how many, and their total.
    more: Option<(usize, u64)>,
    unit: (String, String),
}

/// Row height and bar thickness of a horizontal chart.
const ROW: u32 = 22;
const THICK: u32 = 16;
/// The longest bar, in pixels.
const BAR_MAX: u64 = 420;
/// Labels longer than this are cut (the tooltip has them whole).
const LABEL_CHARS: usize = 36;
/// About the width of a character of the 12px labels.
const CHAR_W: u32 = 7;
/// Columns: the plot's height and about its width.
const PLOT_H: u64 = 180;
const PLOT_W: u32 = 720;
/// Room left of the columns' axis, and under it for labels.
const AXIS_LEFT: u32 = 56;
const AXIS_BELOW: u32 = 36;

impl BarChart {
    /// A chart of horizontal bars in the order pushed.
    pub fn rows(title: impl Into<String>) -> BarChart {
        BarChart::new(title, Shape::Rows)
    }

    /// A chart of columns in the order pushed (a series: months, years).
    pub fn columns(title: impl Into<String>) -> BarChart {
        BarChart::new(title, Shape::Columns)
    }

    fn new(title: impl Into<String>, shape: Shape) -> BarChart {
        BarChart {
            title: title.into(),
            shape,
            bars: Vec::new(),
            more: None,
            unit: (String::new(), String::new()),
        }
    }

    /// The `n` largest of `entries` as horizontal bars (the largest first,
    /// ties by key), and a last line for the rest: "and K more (M)".
    pub fn top(
        title: impl Into<String>,
        entries: impl IntoIterator<Item = Bar>,
        n: usize,
    ) -> BarChart {
        let mut bars: Vec<Bar> = entries.into_iter().collect();
        bars.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.key.cmp(&b.key)));
        let mut chart = BarChart::rows(title);
        if bars.len() > n {
            let rest = bars.split_off(n);
            chart.more = Some((rest.len(), rest.iter().map(|b| b.value).sum()));
        }
        chart.bars = bars;
        chart
    }

    /// Columns for months, given as `YYYY-MM` keys in order: labelled with the
    /// key, the tooltip naming the month (`January 2022`).
    pub fn months<'k>(
        title: impl Into<String>,
        months: impl IntoIterator<Item = (&'k str, u64)>,
    ) -> BarChart {
        let mut chart = BarChart::columns(title);
        for (key, value) in months {
            let mut bar = Bar::new(key, key, value);
            bar.long_label = month_name(key);
            chart.bars.push(bar);
        }
        chart
    }

    /// Adds a bar.
    pub fn push(&mut self, bar: Bar) {
        self.bars.push(bar);
    }

    /// What is counted, for the tooltips: `("article", "articles")`.
    #[must_use]
    pub fn unit(mut self, one: &str, many: &str) -> BarChart {
        self.unit = (one.to_owned(), many.to_owned());
        self
    }

    /// The bars, in drawing order.
    pub fn bars(&self) -> &[Bar] {
        &self.bars
    }

    /// `12 articles`.
    fn amount(&self, n: u64) -> String {
        let unit = if n == 1 { &self.unit.0 } else { &self.unit.1 };
        if unit.is_empty() {
            thousands(n)
        } else {
            format!("{} {unit}", thousands(n))
        }
    }

    fn max(&self) -> u64 {
        self.bars.iter().map(|b| b.value).max().unwrap_or(0).max(1)
    }

    pub(crate) fn write_svg(&self, out: &mut dyn Write) -> Result<()> {
        match self.shape {
            Shape::Rows => self.write_rows(out),
            Shape::Columns => self.write_columns(out),
        }
    }

    fn svg_start(&self, out: &mut dyn Write, width: u32, height: u32) -> Result<()> {
        write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
             width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
             font-size=\"12\" aria-label=\""
        )?;
        markup_attr(out, &self.title)?;
        out.write_all(b"\">\n<title>")?;
        markup_text(out, &self.title)?;
        out.write_all(b"</title>\n")?;
        Ok(())
    }

    /// `<rect class="bar" data-key data-value ...><title>...</title></rect>`.
    fn bar(&self, out: &mut dyn Write, bar: &Bar, x: u64, y: u64, w: u64, h: u64) -> Result<()> {
        out.write_all(b"<rect class=\"bar\" data-key=\"")?;
        markup_attr(out, &bar.key)?;
        write!(
            out,
            "\" data-value=\"{}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"#1a4fa0\"><title>",
            bar.value
        )?;
        markup_text(out, bar.long_label.as_deref().unwrap_or(&bar.label))?;
        markup_text(out, &format!(": {}", self.amount(bar.value)))?;
        out.write_all(b"</title></rect>\n")?;
        Ok(())
    }

    fn write_rows(&self, out: &mut dyn Write) -> Result<()> {
        let label_chars = self
            .bars
            .iter()
            .map(|b| b.label.chars().count().min(LABEL_CHARS))
            .max()
            .unwrap_or(0) as u32;
        let label_w = (label_chars * CHAR_W + 12).max(60);
        let rows = self.bars.len() as u32 + u32::from(self.more.is_some());
        let width = label_w + BAR_MAX as u32 + 90;
        let height = rows.max(1) * ROW + 8;
        self.svg_start(out, width, height)?;
        let max = self.max();
        for (i, bar) in self.bars.iter().enumerate() {
            let top = 4 + i as u64 * u64::from(ROW);
            let w = match bar.value * BAR_MAX / max {
                0 if bar.value > 0 => 1,
                w => w,
            };
            let text_y = top + u64::from(ROW) / 2 + 4;
            write!(
                out,
                "<text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\">",
                label_w - 8
            )?;
            markup_text(out, &shorten(&bar.label, LABEL_CHARS))?;
            out.write_all(b"</text>\n")?;
            let bar_top = top + u64::from((ROW - THICK) / 2);
            self.bar(out, bar, u64::from(label_w), bar_top, w, u64::from(THICK))?;
            writeln!(
                out,
                "<text class=\"value\" x=\"{}\" y=\"{text_y}\">{}</text>",
                u64::from(label_w) + w + 6,
                thousands(bar.value)
            )?;
        }
        if let Some((n, total)) = self.more {
            let text_y = 4 + self.bars.len() as u64 * u64::from(ROW) + u64::from(ROW) / 2 + 4;
            write!(
                out,
                "<text class=\"more\" x=\"{label_w}\" y=\"{text_y}\" fill=\"#5f5f5f\" \
                 data-more=\"{n}\" data-value=\"{total}\">"
            )?;
            markup_text(
                out,
                &format!("and {} more ({})", thousands(n as u64), self.amount(total)),
            )?;
            out.write_all(b"</text>\n")?;
        }
        if self.bars.is_empty() {
            out.write_all(b"<text x=\"8\" y=\"18\" fill=\"#5f5f5f\">none</text>\n")?;
        }
        out.write_all(b"</svg>\n")?;
        Ok(())
    }

    fn write_columns(&self, out: &mut dyn Write) -> Result<()> {
        let n = self.bars.len().max(1) as u32;
        let col = (PLOT_W / n).clamp(3, 40);
        let gap = if col >= 6 { (col / 5).max(1) } else { 0 };
        let plot_w = n * col;
        let width = AXIS_LEFT + plot_w + 16;
        let top = 16;
        let height = top + PLOT_H as u32 + AXIS_BELOW;
        self.svg_start(out, width, height)?;
        let max = self.max();
        let base = u64::from(top) + PLOT_H;
        // The axis, and the largest value at its top.
        writeln!(
            out,
            "<line x1=\"{AXIS_LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#777\"/>\n\
             <line x1=\"{AXIS_LEFT}\" y1=\"{top}\" x2=\"{}\" y2=\"{top}\" stroke=\"#ddd\"/>\n\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
            AXIS_LEFT + plot_w,
            AXIS_LEFT + plot_w,
            AXIS_LEFT - 6,
            top + 4,
            thousands(max),
            AXIS_LEFT - 6,
            base + 4,
        )?;
        // A label every `every` columns, so that labels (about 8 characters) do not touch.
        let every = (8 * CHAR_W).div_ceil(col).max(1) as usize;
        for (i, bar) in self.bars.iter().enumerate() {
            let h = match bar.value * PLOT_H / max {
                0 if bar.value > 0 => 1,
                h => h,
            };
            let x = u64::from(AXIS_LEFT + i as u32 * col + gap / 2);
            self.bar(out, bar, x, base - h, u64::from(col - gap), h)?;
            if i % every == 0 {
                write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">",
                    x + u64::from(col - gap) / 2,
                    base + 16
                )?;
                markup_text(out, &shorten(&bar.label, 10))?;
                out.write_all(b"</text>\n")?;
            }
        }
        out.write_all(b"</svg>\n")?;
        Ok(())
    }
}

/// `2022-01` -> `January 2022`.
fn month_name(key: &str) -> Option<String> {
    let (year, month) = key.split_once('-')?;
    let month: usize = month.parse().ok()?;
    let name = MONTHS.get(month.checked_sub(1)?)?;
    Some(format!("{name} {year}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(chart: &BarChart) -> String {
        let mut out = Vec::new();
        chart.write_svg(&mut out).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn top_n_keeps_the_largest_and_counts_the_rest() {
        let entries = (0..5).map(|i| Bar::new(format!("k{i}"), format!("<{i}>"), i));
        let chart = BarChart::top("t", entries, 3).unit("article", "articles");
        let keys: Vec<_> = chart.bars().iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys, ["k4", "k3", "k2"]);
        let svg = svg(&chart);
        assert_eq!(svg.matches("class=\"bar\"").count(), 3);
        assert!(svg.contains("and 2 more (1 article)"), "{svg}");
        assert!(svg.contains("&lt;4&gt;"));
        assert!(!svg.contains("<4>"));
    }

    #[test]
    fn months_are_named_in_tooltips() {
        assert_eq!(month_name("2022-01").as_deref(), Some("January 2022"));
        assert_eq!(month_name("2022-13"), None);
        assert_eq!(month_name("2022-00"), None);
        let chart = BarChart::months("m", [("2022-01", 3), ("2022-02", 0)]);
        let svg = svg(&chart);
        assert!(svg.contains("<title>January 2022: 3</title>"), "{svg}");
        assert_eq!(svg.matches("class=\"bar\"").count(), 2);
    }
}
