//! A directed graph drawn in SVG by a small deterministic layout, readable
//! where a force layout of a whole corpus is a hairball.
//!
//! - The graph's connected components (edges taken both ways) are found in
//!   the order nodes were added, each listed breadth first from its
//!   best-connected node, so neighbours sit next to each other.
//! - Each component is a circle (up to [`CIRCLE_MAX`] nodes, labelled with
//!   their ids) or, larger, a radial tree: its best-connected node at the
//!   centre, the nodes one step away on a ring around it, two steps on the
//!   next... (the tooltips name the nodes).
//! - Components are packed in rows, largest first (ties in order of their
//!   first node), [`PAGE_W`] pixels wide.
//! - At most `max_nodes` nodes are drawn: the components that fit, largest
//!   first; a first component larger than that is cut to its `max_nodes`
//!   nodes nearest its centre (breadth first, so what is drawn is connected). The
//!   picture counts what it left out, for the page to say so.
//!
//! The same graph gives the same picture, byte for byte.

use std::collections::{BTreeMap, HashMap};
use std::f64::consts::TAU;
use std::io::Write;

use super::shorten;
use crate::Result;
use crate::escape::{markup_attr, markup_text};

/// The width the components are packed into.
pub const PAGE_W: f64 = 960.0;
/// Components up to this size are one labelled circle.
pub const CIRCLE_MAX: usize = 12;
/// A node's radius.
const NODE_R: f64 = 5.0;
/// Room between neighbours on a circle, on a ring, and between rings.
const SPACING: f64 = 34.0;
const RING_SPACING: f64 = 15.0;
const RING_GAP: f64 = 60.0;
/// Room around a packed component.
const PAD: f64 = 14.0;
/// About the width of a character of the 10px labels.
const CHAR_W: f64 = 6.0;
/// Labels are cut at this many characters (the tooltip has the id whole).
const LABEL_CHARS: usize = 16;

/// A directed graph of named nodes (see the [module docs](self)).
#[derive(Clone, Debug, Default)]
pub struct Graph {
    ids: Vec<String>,
    titles: Vec<String>,
    index: HashMap<String, usize>,
    /// `(from, to)` -> how many times, and the first one's label.
    edges: BTreeMap<(usize, usize), (usize, String)>,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph::default()
    }

    /// The node of `id`, added with its `title` (its tooltip) if it is new.
    pub fn node(&mut self, id: &str, title: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.ids.len();
        self.ids.push(id.to_owned());
        self.titles.push(title.to_owned());
        self.index.insert(id.to_owned(), i);
        i
    }

    /// An edge between two nodes; the same edge again is counted, not drawn
    /// twice. `label` (`exact`) goes in its tooltip.
    pub fn edge(&mut self, from: usize, to: usize, label: &str) {
        self.edges
            .entry((from, to))
            .or_insert_with(|| (0, label.to_owned()))
            .0 += 1;
    }

    /// How many nodes.
    pub fn nodes(&self) -> usize {
        self.ids.len()
    }

    /// How many distinct edges.
    pub fn edges(&self) -> usize {
        self.edges.len()
    }

    /// Lays the graph out, drawing at most `max_nodes` nodes.
    pub fn picture(&self, max_nodes: usize) -> GraphPicture<'_> {
        let n = self.ids.len();
        let mut neighbours = vec![Vec::new(); n];
        for &(a, b) in self.edges.keys() {
            if a != b {
                neighbours[a].push(b);
                neighbours[b].push(a);
            }
        }
        for list in &mut neighbours {
            list.sort_unstable();
            list.dedup();
        }
        // Components, then each listed breadth first from its best-connected
        // node (ties: the first added), with the depth of each node.
        let mut seen = vec![false; n];
        let mut components: Vec<Vec<(usize, usize)>> = Vec::new();
        for start in 0..n {
            if seen[start] {
                continue;
            }
            let members = breadth_first(start, &neighbours, &mut seen);
            let root = members
                .iter()
                .map(|&(node, _)| node)
                .min_by_key(|&node| (std::cmp::Reverse(neighbours[node].len()), node))
                .unwrap_or(start);
            for &(node, _) in &members {
                seen[node] = false;
            }
            components.push(breadth_first(root, &neighbours, &mut seen));
        }
        let total_components = components.len();
        // Largest first; a stable sort keeps equal sizes in order of their first node.
        components.sort_by_key(|c| std::cmp::Reverse(c.len()));

        let mut left = max_nodes;
        let mut chosen: Vec<&[(usize, usize)]> = Vec::new();
        for c in &components {
            if c.len() <= left {
                chosen.push(c);
                left -= c.len();
            } else if chosen.is_empty() && left > 0 {
                // Breadth first: the nodes nearest the root, connected.
                chosen.push(&c[..left]);
                left = 0;
            }
        }

        let mut position = vec![None; n];
        let mut labels = vec![None; n];
        let (mut x, mut y, mut row_h, mut width) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
        for component in &chosen {
            let local = place(component);
            let label = component.len() <= CIRCLE_MAX;
            // The component's box: its nodes, and their labels when written.
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for (&(node, _), &(px, py)) in component.iter().zip(&local) {
                let (bx0, by0, bx1, by1) = if label {
                    label_box(px, py, &self.ids[node])
                } else {
                    (px, py, px, py)
                };
                x0 = x0.min(bx0.min(px - NODE_R));
                y0 = y0.min(by0.min(py - NODE_R));
                x1 = x1.max(bx1.max(px + NODE_R));
                y1 = y1.max(by1.max(py + NODE_R));
            }
            let (w, h) = (x1 - x0 + 2.0 * PAD, y1 - y0 + 2.0 * PAD);
            if x > 0.0 && x + w > PAGE_W {
                x = 0.0;
                y += row_h;
                row_h = 0.0;
            }
            let (ox, oy) = (x + PAD - x0, y + PAD - y0);
            for (&(node, _), &(px, py)) in component.iter().zip(&local) {
                position[node] = Some((ox + px, oy + py));
                if label {
                    let (anchor, tx, ty) = label_at(px, py);
                    labels[node] = Some((anchor, ox + tx, oy + ty));
                }
            }
            x += w;
            row_h = row_h.max(h);
            width = width.max(x);
        }
        let drawn_nodes = chosen.iter().map(|c| c.len()).sum();
        let drawn_edges = self
            .edges
            .keys()
            .filter(|&&(a, b)| position[a].is_some() && position[b].is_some())
            .count();
        GraphPicture {
            graph: self,
            position,
            labels,
            width: width.max(PAGE_W / 4.0).ceil(),
            height: (y + row_h).max(40.0).ceil(),
            drawn_nodes,
            drawn_edges,
            drawn_components: chosen.len(),
            total_components,
        }
    }
}

/// The nodes reachable from `start` not yet `seen` (marked now), breadth
/// first, with their depth.
fn breadth_first(
    start: usize,
    neighbours: &[Vec<usize>],
    seen: &mut [bool],
) -> Vec<(usize, usize)> {
    seen[start] = true;
    let mut order = vec![(start, 0)];
    let mut next = 0;
    while let Some(&(node, depth)) = order.get(next) {
        next += 1;
        for &m in &neighbours[node] {
            if !seen[m] {
                seen[m] = true;
                order.push((m, depth + 1));
            }
        }
    }
    order
}

/// Positions around (0, 0) of a component's nodes (listed breadth first,
/// with their depth), in its order: a circle starting at the top, or, larger,
/// the root at the centre and each depth a ring around it (a radial tree:
/// a node's neighbours are on the next ring, near it).
fn place(component: &[(usize, usize)]) -> Vec<(f64, f64)> {
    let n = component.len();
    if n <= CIRCLE_MAX {
        let r = if n <= 1 {
            0.0
        } else {
            (n as f64 * SPACING / TAU).max(SPACING / 2.0 + 6.0)
        };
        return (0..n)
            .map(|i| {
                let a = -TAU / 4.0 + TAU * i as f64 / n as f64;
                (r * a.cos(), r * a.sin())
            })
            .collect();
    }
    let deepest = component.iter().map(|&(_, d)| d).max().unwrap_or(0);
    let mut on_ring = vec![0usize; deepest + 1];
    for &(_, d) in component {
        on_ring[d] += 1;
    }
    let mut radius = vec![0.0_f64; deepest + 1];
    for d in 1..=deepest {
        radius[d] = (radius[d - 1] + RING_GAP).max(on_ring[d] as f64 * RING_SPACING / TAU);
    }
    let mut placed = vec![0usize; deepest + 1];
    component
        .iter()
        .map(|&(_, d)| {
            let i = placed[d];
            placed[d] += 1;
            let a = -TAU / 4.0 + TAU * (i as f64 + 0.5) / on_ring[d] as f64;
            (radius[d] * a.cos(), radius[d] * a.sin())
        })
        .collect()
}

/// Where a node's label goes: outward from the circle's centre. Returns the
/// anchor (`start`, `end`, `middle`), the text's position, and the box.
fn label_at(x: f64, y: f64) -> (&'static str, f64, f64) {
    let len = x.hypot(y);
    let (cos, sin) = if len > 0.0 {
        (x / len, y / len)
    } else {
        (0.0, -1.0)
    };
    if cos > 0.35 {
        ("start", x + NODE_R + 3.0, y + 3.5)
    } else if cos < -0.35 {
        ("end", x - NODE_R - 3.0, y + 3.5)
    } else if sin > 0.0 {
        ("middle", x, y + NODE_R + 12.0)
    } else {
        ("middle", x, y - NODE_R - 4.0)
    }
}

fn label_box(x: f64, y: f64, id: &str) -> (f64, f64, f64, f64) {
    let w = shorten(id, LABEL_CHARS).chars().count() as f64 * CHAR_W;
    let (anchor, tx, ty) = label_at(x, y);
    let (left, right) = match anchor {
        "start" => (tx, tx + w),
        "end" => (tx - w, tx),
        _ => (tx - w / 2.0, tx + w / 2.0),
    };
    (left, ty - 10.0, right, ty + 2.0)
}

/// A laid-out [`Graph`], ready to write (see the [module docs](self)).
#[derive(Debug)]
pub struct GraphPicture<'g> {
    graph: &'g Graph,
    position: Vec<Option<(f64, f64)>>,
    /// A labelled node's label: anchor and position.
    labels: Vec<Option<(&'static str, f64, f64)>>,
    width: f64,
    height: f64,
    drawn_nodes: usize,
    drawn_edges: usize,
    drawn_components: usize,
    total_components: usize,
}

impl GraphPicture<'_> {
    /// Nodes drawn.
    pub fn drawn_nodes(&self) -> usize {
        self.drawn_nodes
    }

    /// Distinct edges drawn.
    pub fn drawn_edges(&self) -> usize {
        self.drawn_edges
    }

    /// Connected components drawn, and in all.
    pub fn components(&self) -> (usize, usize) {
        (self.drawn_components, self.total_components)
    }

    pub(crate) fn write_svg(&self, out: &mut dyn Write) -> Result<()> {
        let g = self.graph;
        write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" role=\"img\" \
             width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" font-size=\"10\" \
             aria-label=\"graph of {2} nodes and {3} edges\">\n\
             <title>{2} nodes and {3} edges</title>\n\
             <defs><marker id=\"graph-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
             markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">\
             <path d=\"M0,0L10,5L0,10z\" fill=\"#888\"/></marker></defs>\n",
            self.width, self.height, self.drawn_nodes, self.drawn_edges
        )?;
        for (&(a, b), (count, label)) in &g.edges {
            let (Some((x1, y1)), Some((x2, y2))) = (self.position[a], self.position[b]) else {
                continue;
            };
            // Stop at the target's edge, so the arrowhead shows.
            let (dx, dy) = (x2 - x1, y2 - y1);
            let len = dx.hypot(dy).max(1.0);
            let (ex, ey) = (
                x2 - dx / len * (NODE_R + 1.0),
                y2 - dy / len * (NODE_R + 1.0),
            );
            // Both ways: each line moves to its own right, so both show.
            let (sx, sy) = if g.edges.contains_key(&(b, a)) {
                (-dy / len * 2.5, dx / len * 2.5)
            } else {
                (0.0, 0.0)
            };
            let (x1, y1, ex, ey) = (x1 + sx, y1 + sy, ex + sx, ey + sy);
            out.write_all(b"<line class=\"edge\" data-from=\"")?;
            markup_attr(out, &g.ids[a])?;
            out.write_all(b"\" data-to=\"")?;
            markup_attr(out, &g.ids[b])?;
            write!(
                out,
                "\" data-count=\"{count}\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{ex:.1}\" y2=\"{ey:.1}\" \
                 stroke=\"#888\" stroke-width=\"{}\" marker-end=\"url(#graph-arrow)\"><title>",
                if *count > 1 { 2 } else { 1 }
            )?;
            markup_text(out, &g.ids[a])?;
            out.write_all(" → ".as_bytes())?;
            markup_text(out, &g.ids[b])?;
            let times = if *count > 1 {
                format!(", {count} times")
            } else {
                String::new()
            };
            markup_text(out, &format!(" ({label}{times})"))?;
            out.write_all(b"</title></line>\n")?;
        }
        for (node, at) in self.position.iter().enumerate() {
            let Some((x, y)) = *at else { continue };
            out.write_all(b"<g class=\"node\" data-id=\"")?;
            markup_attr(out, &g.ids[node])?;
            out.write_all(b"\"><title>")?;
            markup_text(out, &g.ids[node])?;
            out.write_all(b": ")?;
            markup_text(out, &g.titles[node])?;
            write!(
                out,
                "</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{NODE_R}\" fill=\"#1a4fa0\"/>"
            )?;
            if let Some((anchor, tx, ty)) = self.labels[node] {
                write!(
                    out,
                    "<text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"{anchor}\">"
                )?;
                markup_text(out, &shorten(&g.ids[node], LABEL_CHARS))?;
                out.write_all(b"</text>")?;
            }
            out.write_all(b"</g>\n")?;
        }
        out.write_all(b"</svg>\n")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(picture: &GraphPicture<'_>) -> String {
        let mut out = Vec::new();
        picture.write_svg(&mut out).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    /// Pairs `a0 -> b0`, `a1 -> b1`, ... and one star of `size` around `hub`.
    fn graph(pairs: usize, star: usize) -> Graph {
        let mut g = Graph::new();
        for i in 0..pairs {
            let a = g.node(&format!("a{i}"), "A <b> & \"c\"");
            let b = g.node(&format!("b{i}"), "B");
            g.edge(a, b, "exact");
        }
        let hub = g.node("hub", "Hub");
        for i in 0..star {
            let s = g.node(&format!("s{i}"), "S");
            g.edge(s, hub, "fuzzy");
        }
        g
    }

    #[test]
    fn every_node_and_edge_is_drawn_once_and_escaped() {
        let mut g = graph(3, 20);
        let (a, b) = (g.node("a0", "ignored"), g.node("b0", "ignored"));
        g.edge(a, b, "slug");
        assert_eq!((g.nodes(), g.edges()), (27, 23));
        let picture = g.picture(1000);
        assert_eq!((picture.drawn_nodes(), picture.drawn_edges()), (27, 23));
        assert_eq!(picture.components(), (4, 4));
        let svg = svg(&picture);
        assert_eq!(svg.matches("<g class=\"node\"").count(), 27);
        assert_eq!(svg.matches("<line class=\"edge\"").count(), 23);
        assert!(
            svg.contains("data-count=\"2\""),
            "the second a0 -> b0 is counted"
        );
        assert!(svg.contains("a0: A &lt;b&gt; &amp; \"c\""));
        // Small components are labelled, the ring of 21 is not.
        assert!(svg.contains(">a0</text>"));
        assert!(!svg.contains(">hub</text>"));
    }

    #[test]
    fn the_layout_is_deterministic_and_inside_the_picture() {
        let g = graph(40, 30);
        let picture = g.picture(1000);
        assert_eq!(svg(&picture), svg(&g.picture(1000)));
        for p in picture.position.iter().flatten() {
            assert!(p.0 >= 0.0 && p.0 <= picture.width, "{p:?}");
            assert!(p.1 >= 0.0 && p.1 <= picture.height, "{p:?}");
        }
        // Packed in rows no wider than the page (but for one wide component).
        assert!(picture.width <= PAGE_W, "{}", picture.width);
    }

    #[test]
    fn past_the_cap_whole_components_are_left_out() {
        let g = graph(10, 30);
        // The star (31 nodes) and 4 of the 10 pairs fit in 40.
        let picture = g.picture(40);
        assert_eq!(picture.drawn_nodes(), 39);
        assert_eq!(picture.components(), (5, 11));
        assert_eq!(picture.drawn_edges(), 34);
        // A first component larger than the cap is cut, connected.
        let cut = g.picture(5);
        assert_eq!(cut.drawn_nodes(), 5);
        assert_eq!(cut.drawn_edges(), 4);
    }
}
