//! Canvas geometry, in graph units (one unit is one screen point at 100% zoom): the size of a
//! block's card and where its pins are, free space for a new block, and Arrange. Pure: no
//! painting, no input, so it is unit-tested on its own.
//!
//! Cards are 200 units wide: in real exports, wired blocks sit a median 289 units apart and
//! nearest neighbours 240, so a wider card would make real flows overlap.

use std::collections::{HashMap, HashSet};

use egui::{Pos2, Rect, Vec2};

use super::Node;
use super::branches;
use crate::model::{Action, ActionId, Edit, FlowDocument, Position};

/// Width of a block's card.
pub const CARD_WIDTH: f32 = 200.0;
/// Width of the Entry point's card.
pub const ENTRY_WIDTH: f32 = 120.0;
/// Height of a card's header (the block's name).
pub const HEADER_HEIGHT: f32 = 30.0;
/// Height of one line of the summary.
pub const LINE_HEIGHT: f32 = 17.0;
/// Height of one branch row (label and pin).
pub const BRANCH_HEIGHT: f32 = 22.0;
/// Padding inside a card, around the summary and below the branches.
pub const PADDING: f32 = 8.0;
/// Most summary lines a card shows; longer text is cut with "…".
pub const MAX_SUMMARY_LINES: usize = 3;
/// Font sizes at 100% zoom: titles, and body text and branch labels.
pub const TITLE_SIZE: f32 = 14.0;
pub const BODY_SIZE: f32 = 13.0;
/// The font size for text meant to be `points` tall on screen, to the nearest half point. The
/// canvas zooms smoothly, but egui keeps every glyph of every font size it draws in its font
/// atlas: with one size per zoom step, every frame of a zoom rasterized new glyphs and the
/// atlas kept growing (8192 × 1024 pixels, 32 MB, after a thousand touchpad zoom steps; egui
/// starts it over only at 80% of 8192 × 8192), while a few dozen sizes fill 8192 × 128.
pub fn font_size(points: f32) -> f32 {
    (points * 2.0).round() / 2.0
}

/// A generous average character width of body text, to size the summary without fonts.
const BODY_CHAR_WIDTH: f32 = 7.0;
/// Radius of a pin.
pub const PIN_RADIUS: f32 = 5.0;
/// Space kept between blocks placed by whisperwire.
pub const GAP: f32 = 40.0;
/// Horizontal distance from one column of an arranged flow to the next (close to the 289
/// units that real exports keep between wired blocks).
pub const COLUMN_STEP: f32 = CARD_WIDTH + 80.0;

/// How many summary lines a card gives `summary`.
pub fn summary_lines(summary: &str) -> usize {
    if summary.is_empty() {
        return 0;
    }
    let per_line = ((CARD_WIDTH - 2.0 * PADDING) / BODY_CHAR_WIDTH).floor().max(1.0);
    let chars = summary.chars().count() as f32;
    let lines = (chars / per_line).ceil();
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a small positive count")]
    let lines = lines as usize;
    lines.clamp(1, MAX_SUMMARY_LINES)
}

/// The size of a block's card: header, summary lines, then one row per branch.
pub fn card_size(summary: &str, branch_count: usize) -> Vec2 {
    let lines = summary_lines(summary) as f32;
    let body = if lines > 0.0 { lines * LINE_HEIGHT + PADDING } else { 0.0 };
    let height = HEADER_HEIGHT + PADDING + body + branch_count as f32 * BRANCH_HEIGHT + PADDING / 2.0;
    Vec2::new(CARD_WIDTH, height.max(HEADER_HEIGHT + 2.0 * PADDING))
}

/// The Entry point's card: a header and its Start branch.
pub fn entry_size() -> Vec2 {
    Vec2::new(ENTRY_WIDTH, HEADER_HEIGHT + PADDING + BRANCH_HEIGHT + PADDING / 2.0)
}

/// Where a card's entry pin is: on its left edge, level with its header.
pub fn entry_pin(card: Rect) -> Pos2 {
    Pos2::new(card.left(), card.top() + HEADER_HEIGHT / 2.0)
}

/// Where a card's `index`-th branch pin is: on its right edge, level with the branch's row.
pub fn branch_pin(card: Rect, branch_count: usize, index: usize) -> Pos2 {
    let first_row = card.bottom() - PADDING / 2.0 - branch_count as f32 * BRANCH_HEIGHT;
    Pos2::new(card.right(), first_row + (index as f32 + 0.5) * BRANCH_HEIGHT)
}

#[expect(clippy::cast_possible_truncation, reason = "canvas coordinates fit in f32")]
pub fn pos2(p: Position) -> Pos2 {
    Pos2::new(p.x as f32, p.y as f32)
}

pub fn position(p: Pos2) -> Position {
    Position { x: f64::from(p.x.round()), y: f64::from(p.y.round()) }
}

/// Every card of a flow, in graph units: the Entry point first, then each block in action order.
#[derive(Debug, Clone, PartialEq)]
pub struct Cards {
    pub entry: Rect,
    pub blocks: Vec<Rect>,
}

impl Default for Cards {
    fn default() -> Self {
        Self { entry: Rect::from_min_size(Pos2::ZERO, entry_size()), blocks: Vec::new() }
    }
}

impl Cards {
    /// The cards of `doc`, each block sized by `size_of` (a block without a position sits at
    /// the origin, as the Connect designer puts it).
    pub fn of(doc: &FlowDocument, size_of: impl Fn(&Action) -> Vec2) -> Self {
        let entry = Rect::from_min_size(pos2(doc.entry_point_position().unwrap_or_default()), entry_size());
        let blocks = doc
            .flow
            .actions
            .iter()
            .map(|a| Rect::from_min_size(pos2(a.position().unwrap_or_default()), size_of(a)))
            .collect();
        Self { entry, blocks }
    }

    /// The card of a node.
    pub fn rect(&self, doc: &FlowDocument, node: &Node) -> Option<Rect> {
        match node {
            Node::EntryPoint => Some(self.entry),
            Node::Block(id) => self.blocks.get(doc.flow.index_of(id)?).copied(),
        }
    }

    /// Everything: the Entry point and every block.
    pub fn bounds(&self) -> Rect {
        self.blocks.iter().copied().fold(self.entry, Rect::union)
    }

    fn all(&self) -> impl Iterator<Item = Rect> + '_ {
        std::iter::once(self.entry).chain(self.blocks.iter().copied())
    }

    /// Whether a card of `size` at `at` would touch another card (with a margin of half a gap).
    pub fn is_free(&self, at: Pos2, size: Vec2) -> bool {
        let wanted = Rect::from_min_size(at, size).expand(GAP / 2.0);
        self.all().all(|card| !card.intersects(wanted))
    }

    /// The block whose card holds `point`, the topmost (last drawn) first.
    pub fn block_at(&self, point: Pos2) -> Option<usize> {
        self.blocks.iter().rposition(|card| card.contains(point))
    }

    /// Pairs of cards that overlap, by index into [`Cards::all`] (0 is the Entry point).
    pub fn overlaps(&self) -> Vec<(usize, usize)> {
        let cards: Vec<Rect> = self.all().collect();
        let mut found = Vec::new();
        for (i, a) in cards.iter().enumerate() {
            for (j, b) in cards.iter().enumerate().skip(i + 1) {
                if a.intersects(*b) {
                    found.push((i, j));
                }
            }
        }
        found
    }
}

/// The blocks reached from the Entry point with their columns (the Entry point's is 0), in
/// branch order: a depth-first walk gives a topological order of the wires that do not turn
/// back, and each block's column is one past the furthest of the blocks that lead to it.
fn reached_in_columns(doc: &FlowDocument) -> Vec<(usize, usize)> {
    let index: HashMap<&ActionId, usize> = doc.flow.actions.iter().enumerate().map(|(i, a)| (&a.id, i)).rev().collect();
    let successors = |i: usize| -> Vec<usize> {
        let Some(action) = doc.flow.actions.get(i) else { return Vec::new() };
        branches::branches(action)
            .iter()
            .filter_map(|b| action.transitions.target(b).and_then(|id| index.get(id)).copied())
            .collect()
    };
    let Some(&start) = doc.flow.start.as_ref().and_then(|id| index.get(id)) else { return Vec::new() };
    // Depth-first, without recursion: finished blocks in post-order.
    let mut seen: HashSet<usize> = HashSet::from([start]);
    let mut stack = vec![(start, successors(start), 0usize)];
    let mut finished = Vec::new();
    while let Some((node, next, cursor)) = stack.last_mut() {
        if let Some(&target) = next.get(*cursor) {
            *cursor += 1;
            if seen.insert(target) {
                stack.push((target, successors(target), 0));
            }
        } else {
            finished.push(*node);
            stack.pop();
        }
    }
    finished.reverse();
    let rank: HashMap<usize, usize> = finished.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    let mut column: HashMap<usize, usize> = HashMap::from([(start, 1)]);
    for &i in &finished {
        let here = column.get(&i).copied().unwrap_or(1);
        for target in successors(i) {
            // A wire to a block earlier in the order turns back (a loop): it sets no column.
            if rank.get(&target) > rank.get(&i) {
                let slot = column.entry(target).or_insert(here + 1);
                *slot = (*slot).max(here + 1);
            }
        }
    }
    finished.into_iter().map(|i| (i, column.get(&i).copied().unwrap_or(1))).collect()
}

/// The first free spot for a card (or a group of cards) of `size` in `view` (graph units),
/// reading left to right, top to bottom on a grid, clear of `avoid` (what covers the view);
/// below everything when the view is full.
pub fn free_spot_in_view(cards: &Cards, view: Rect, size: Vec2, avoid: &[Rect]) -> Pos2 {
    // At most about 60 × 60 tries however far out the view is zoomed.
    let step = Vec2::new(GAP.max(view.width() / 60.0), GAP.max(view.height() / 60.0));
    let mut y = view.top() + GAP;
    while y + size.y <= view.bottom() {
        let mut x = view.left() + GAP;
        while x + size.x <= view.right() {
            let at = Pos2::new(x, y);
            let wanted = Rect::from_min_size(at, size);
            if cards.is_free(at, size) && avoid.iter().all(|r| !r.intersects(wanted)) {
                return snap(at);
            }
            x += step.x;
        }
        y += step.y;
    }
    let bounds = cards.bounds();
    snap(Pos2::new(bounds.left(), bounds.bottom() + GAP))
}

/// A free spot for a card of `size` to the right of `after`: level with it, else the first
/// free one below.
pub fn free_spot_after(cards: &Cards, after: Rect, size: Vec2) -> Pos2 {
    let x = after.left() + COLUMN_STEP.max(after.width() + GAP);
    let mut y = after.top();
    while !cards.is_free(Pos2::new(x, y), size) {
        y += GAP;
    }
    snap(Pos2::new(x, y))
}

fn snap(p: Pos2) -> Pos2 {
    Pos2::new(p.x.round(), p.y.round())
}

/// Arrange: the flow laid out left to right. Each block's column is the longest path to it from
/// the Entry point (loops cut where they turn back), so every wire but a loop's points right;
/// blocks in a column stack top to bottom in branch order. A flow too long to read whole in
/// `room` (the canvas, in points) wraps: its columns go in bands, one under the other, as many
/// to a band as let the whole flow be shown largest. Blocks nothing reaches go in rows below.
/// One `Edit::Batch` of moves: one undo step.
pub fn arrange(doc: &FlowDocument, cards: &Cards, room: Vec2) -> Edit {
    let order = reached_in_columns(doc);
    let column_of: HashMap<usize, usize> = order.iter().copied().collect();
    let origin = pos2(doc.entry_point_position().unwrap_or(Position { x: 40.0, y: 40.0 }));
    let size_of = |i: usize| cards.blocks.get(i).map_or(Vec2::ZERO, Rect::size);
    let columns = order.iter().map(|&(_, c)| c).max().unwrap_or(0);
    // Each column's blocks, top to bottom, and the column's height.
    let mut stacks: Vec<Vec<usize>> = vec![Vec::new(); columns + 1];
    for &(i, column) in &order {
        if let Some(stack) = stacks.get_mut(column) {
            stack.push(i);
        }
    }
    let height = |stack: &Vec<usize>| stack.iter().map(|&i| size_of(i).y + GAP).sum::<f32>();
    let heights: Vec<f32> = stacks.iter().map(height).collect();
    let unreached: Vec<usize> = (0..doc.flow.actions.len()).filter(|i| !column_of.contains_key(i)).collect();
    let per_band = columns_per_band(&heights, unreached.len(), room);
    let left_of = |slot: usize| origin.x + ENTRY_WIDTH + GAP + slot as f32 * COLUMN_STEP;
    let mut edits = vec![Edit::MoveEntryPoint { to: position(origin) }];
    let move_to = |i: usize, at: Pos2, edits: &mut Vec<Edit>| {
        if let Some(action) = doc.flow.actions.get(i) {
            edits.push(Edit::Move { id: action.id.clone(), to: position(at) });
        }
    };
    let mut band_top = origin.y;
    for band in stacks.get(1..).unwrap_or_default().chunks(per_band) {
        let mut band_height: f32 = entry_size().y + GAP;
        for (slot, stack) in band.iter().enumerate() {
            let mut top = band_top;
            for &i in stack {
                move_to(i, Pos2::new(left_of(slot), top), &mut edits);
                top += size_of(i).y + GAP;
            }
            band_height = band_height.max(top - band_top);
        }
        band_top += band_height + GAP;
    }
    // The blocks nothing reaches: rows of their own under everything.
    for row in unreached.chunks(per_band) {
        let row_height = row.iter().map(|&i| size_of(i).y).fold(0.0, f32::max);
        for (slot, &i) in row.iter().enumerate() {
            move_to(i, Pos2::new(left_of(slot), band_top), &mut edits);
        }
        band_top += row_height + GAP;
    }
    Edit::Batch(edits)
}

/// How many columns Arrange puts in a band: all of them when the flow can be read whole in
/// `room` that way, else as many as show the whole flow largest.
fn columns_per_band(heights: &[f32], unreached: usize, room: Vec2) -> usize {
    let columns = heights.len().saturating_sub(1).max(1);
    let scale_with = |per_band: usize| {
        let bands: Vec<f32> = heights
            .get(1..)
            .unwrap_or_default()
            .chunks(per_band)
            .map(|b| b.iter().copied().fold(0.0, f32::max))
            .collect();
        let rows = unreached.div_ceil(per_band) as f32 * (card_size("", 1).y + GAP);
        let height = bands.iter().map(|h| h.max(entry_size().y + GAP) + GAP).sum::<f32>() + rows;
        let width = ENTRY_WIDTH + GAP + per_band as f32 * COLUMN_STEP;
        (room.x / width).min(room.y / height)
    };
    if scale_with(columns) >= super::READABLE_SCALE {
        return columns;
    }
    // The widest band that shows the flow largest (ties: fewer bands).
    (1..=columns).rev().max_by(|&a, &b| scale_with(a).total_cmp(&scale_with(b))).unwrap_or(columns)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A canvas of 1,000 × 600 points.
    const ROOM: Vec2 = Vec2::new(1000.0, 600.0);

    fn sized(doc: &FlowDocument) -> Cards {
        Cards::of(doc, |a| card_size(&a.kind.summary(), branches::branches(a).len()))
    }

    /// `n` blocks all at the origin, a chain with a side branch: b0 → b1 → … and b0's error → side.
    fn piled(n: usize) -> FlowDocument {
        let mut actions: Vec<_> = (0..n)
            .map(|i| {
                let next = if i + 1 < n { json!({"NextAction": format!("b{}", i + 1)}) } else { json!({}) };
                json!({"Identifier": format!("b{i}"), "Type": "UpdateContactAttributes",
                       "Parameters": {"Attributes": {"k": "v"}}, "Transitions": next})
            })
            .collect();
        actions[0]["Transitions"]["Errors"] = json!([{"ErrorType": "NoMatchingError", "NextAction": "side"}]);
        actions.push(json!({"Identifier": "side", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}));
        actions.push(json!({"Identifier": "lost", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}));
        crate::flow_json::from_value(json!({"StartAction": "b0", "Actions": actions})).unwrap()
    }

    #[test]
    fn font_sizes_come_in_half_points() {
        assert!((font_size(TITLE_SIZE) - TITLE_SIZE).abs() < f32::EPSILON, "100% is exact");
        assert!((font_size(BODY_SIZE * 0.93) - 12.0).abs() < f32::EPSILON);
        // A zoom from 45% to 195% in a thousand steps draws titles (6.3 to 27.3 points) at the
        // 43 half points from 6.5 to 27.5, not at a thousand sizes.
        let sizes: std::collections::BTreeSet<u32> =
            (0..1000).map(|i| font_size(TITLE_SIZE * (0.45 + i as f32 * 0.0015)).to_bits()).collect();
        assert_eq!(sizes.len(), 43);
    }

    #[test]
    fn cards_are_200_units_wide_and_grow_with_their_summary_and_branches() {
        let plain = card_size("", 1);
        let long = card_size(&"x".repeat(200), 2);
        assert!((plain.x - CARD_WIDTH).abs() < f32::EPSILON);
        assert!(long.y > plain.y + LINE_HEIGHT * 2.0);
        assert_eq!(summary_lines(&"x".repeat(1000)), MAX_SUMMARY_LINES);
    }

    #[test]
    fn branch_pins_sit_on_the_right_edge_in_row_order_below_the_summary() {
        let card = Rect::from_min_size(Pos2::ZERO, card_size("Caller ID: +12065550100", 2));
        let (first, second) = (branch_pin(card, 2, 0), branch_pin(card, 2, 1));
        assert!((first.x - card.right()).abs() < f32::EPSILON);
        assert!((second.y - first.y - BRANCH_HEIGHT).abs() < 1e-3 && second.y < card.bottom());
        assert!(first.y > card.top() + HEADER_HEIGHT + LINE_HEIGHT);
        assert_eq!(entry_pin(card), Pos2::new(0.0, HEADER_HEIGHT / 2.0));
    }

    #[test]
    fn arrange_leaves_no_overlap_and_puts_each_block_right_of_its_source() {
        let mut doc = piled(6);
        assert!(!sized(&doc).overlaps().is_empty(), "the test starts from a pile");
        doc.apply(arrange(&doc, &sized(&doc), ROOM)).unwrap();
        let cards = sized(&doc);
        assert_eq!(cards.overlaps(), Vec::<(usize, usize)>::new());
        let x = |id: &str| cards.blocks[doc.flow.index_of(&ActionId::from_import(id)).unwrap()].left();
        assert!(x("b0") > cards.entry.right());
        assert!(x("b1") > x("b0") && x("b5") > x("b4"));
        assert!((x("side") - x("b1")).abs() < f32::EPSILON, "the error branch's target shares b1's column");
        let lost = cards.blocks[doc.flow.index_of(&ActionId::from_import("lost")).unwrap()];
        assert!(lost.top() >= cards.blocks.iter().take(7).map(Rect::bottom).fold(0.0, f32::max));
    }

    #[test]
    fn free_spots_never_overlap_a_card() {
        let doc = piled(3);
        let cards = sized(&doc);
        let size = card_size("", 2);
        let view = Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 500.0));
        let at = free_spot_in_view(&cards, view, size, &[]);
        assert!(cards.is_free(at, size) && view.contains_rect(Rect::from_min_size(at, size)));
        let after = free_spot_after(&cards, cards.blocks[0], size);
        assert!(cards.is_free(after, size) && after.x > cards.blocks[0].right());
    }

    #[test]
    fn after_arrange_every_wire_but_a_loops_points_right() {
        let root = crate::workspace::folder::sample_workspace().unwrap();
        for name in ["caller-id-from-attribute", "caller-id-from-lambda", "with-mistakes"] {
            let mut doc = crate::flow_json::load(&root.join(format!("flows/{name}.json"))).unwrap();
            // Room enough that nothing wraps.
            doc.apply(arrange(&doc, &sized(&doc), ROOM * 10.0)).unwrap();
            let cards = sized(&doc);
            for (action, from) in doc.flow.actions.iter().zip(&cards.blocks) {
                for (_, target) in action.transitions.targets() {
                    // with-mistakes has a branch to a block that does not exist.
                    let Some(index) = doc.flow.index_of(target) else { continue };
                    let to = cards.blocks[index];
                    assert!(to.left() > from.right(), "{name}: {} → {target}", action.id);
                }
            }
        }
    }

    #[test]
    fn a_long_flow_wraps_into_bands_that_fit_the_room_better_than_one_row() {
        let mut doc = piled(40);
        doc.apply(arrange(&doc, &sized(&doc), ROOM)).unwrap();
        let cards = sized(&doc);
        assert_eq!(cards.overlaps(), Vec::<(usize, usize)>::new());
        let bounds = cards.bounds();
        let fit = (ROOM.x / bounds.width()).min(ROOM.y / bounds.height());
        let one_row = ROOM.x / (ENTRY_WIDTH + GAP + 40.0 * COLUMN_STEP);
        assert!(fit > 2.0 * one_row, "wrapped: {fit} vs one row {one_row}");
        // Reading order survives: within a band each block is right of the one before; the
        // next band starts below the last.
        let at = |id: &str| cards.blocks[doc.flow.index_of(&ActionId::from_import(id)).unwrap()];
        let mut bands = 1;
        for i in 1..40 {
            let (before, here) = (at(&format!("b{}", i - 1)), at(&format!("b{i}")));
            if here.left() < before.left() {
                bands += 1;
                assert!(here.top() > before.bottom(), "b{i} starts a band below b{}", i - 1);
            } else {
                assert!(here.left() > before.right());
            }
        }
        assert!(bands > 1 && bands < 40);
        let lost = at("lost");
        assert!(
            cards
                .blocks
                .iter()
                .enumerate()
                .all(|(i, r)| i == doc.flow.index_of(&ActionId::from_import("lost")).unwrap()
                    || r.bottom() <= lost.top())
        );
    }
}
