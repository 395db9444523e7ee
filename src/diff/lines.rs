//! A plain line diff, for what the semantic diff cannot read (a JSON file that is not a flow, a
//! version that does not parse): git's unified format, three lines of context.
//!
//! The shortest edit script (Myers' greedy algorithm) between what differs once the common first
//! and last lines are set aside; past [`MAX_EDITS`] edits the rest of the middle is shown as
//! removed and added whole, so a huge rewrite costs linear time and memory and still reads right.

use std::fmt::Write as _;

/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;
/// The most edits searched for before the middle is shown as replaced whole.
const MAX_EDITS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// The same line: its index in old and in new.
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// `old` and `new` as a unified diff under `--- old_name` and `+++ new_name`; empty when their
/// lines are the same.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = script(&a, &b);
    let hunks = hunks(&ops);
    if hunks.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    for hunk in hunks {
        write_hunk(&ops[hunk.0..hunk.1], &a, &b, &mut out);
    }
    out
}

/// The whole edit script: common first lines, the middle's shortest script, common last lines.
fn script(old: &[&str], new: &[&str]) -> Vec<Op> {
    let prefix = old.iter().zip(new).take_while(|(x, y)| x == y).count();
    let (old_rest, new_rest) = (old.get(prefix..).unwrap_or_default(), new.get(prefix..).unwrap_or_default());
    let suffix = old_rest.iter().rev().zip(new_rest.iter().rev()).take_while(|(x, y)| x == y).count();
    let old_middle = old_rest.get(..old_rest.len() - suffix).unwrap_or_default();
    let new_middle = new_rest.get(..new_rest.len() - suffix).unwrap_or_default();
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    let middle = myers(old_middle, new_middle).unwrap_or_else(|| {
        (0..old_middle.len()).map(Op::Removed).chain((0..new_middle.len()).map(Op::Added)).collect()
    });
    ops.extend(middle.into_iter().map(|op| match op {
        Op::Same(i, j) => Op::Same(i + prefix, j + prefix),
        Op::Removed(i) => Op::Removed(i + prefix),
        Op::Added(j) => Op::Added(j + prefix),
    }));
    let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
    ops.extend((0..suffix).map(|i| Op::Same(old_end + i, new_end + i)));
    ops
}

/// The shortest edit script from `old` to `new`, or `None` past [`MAX_EDITS`] edits. In the
/// edit graph, diagonal `k` holds the points (x, y) with x − y = k; after `d` edits, `furthest`
/// holds how far along each reachable diagonal the path has come.
fn myers(old: &[&str], new: &[&str]) -> Option<Vec<Op>> {
    let (old_len, new_len) = (old.len(), new.len());
    let bound = (old_len + new_len).min(MAX_EDITS);
    let offset = bound + 1;
    let mut furthest = vec![0usize; 2 * offset + 1];
    // trace[d]: `furthest` around diagonal 0 before step d, kept for the way back.
    let mut trace: Vec<Vec<usize>> = Vec::new();
    let reach = |furthest: &[usize], diagonal: isize| furthest.get(offset.checked_add_signed(diagonal)?).copied();
    for edits in 0..=bound {
        let span = isize::try_from(edits).ok()?;
        trace.push(furthest.get(offset - edits.min(offset)..=offset + edits + 1)?.to_vec());
        let mut diagonal = -span;
        while diagonal <= span {
            let down = diagonal == -span
                || (diagonal != span && reach(&furthest, diagonal - 1)? < reach(&furthest, diagonal + 1)?);
            let mut old_at = if down { reach(&furthest, diagonal + 1)? } else { reach(&furthest, diagonal - 1)? + 1 };
            let mut new_at = usize::try_from(isize::try_from(old_at).ok()? - diagonal).ok()?;
            while old_at < old_len && new_at < new_len && old.get(old_at) == new.get(new_at) {
                old_at += 1;
                new_at += 1;
            }
            *furthest.get_mut(offset.checked_add_signed(diagonal)?)? = old_at;
            if old_at >= old_len && new_at >= new_len {
                return Some(backtrack(&trace, offset, old_len, new_len));
            }
            diagonal += 2;
        }
    }
    None
}

/// Walks the trace from the end back to the start, collecting the script.
fn backtrack(trace: &[Vec<usize>], offset: usize, old_len: usize, new_len: usize) -> Vec<Op> {
    let mut ops = Vec::new();
    let (mut old_at, mut new_at) = (old_len, new_len);
    for (edits, snapshot) in trace.iter().enumerate().rev() {
        let (Ok(span), Ok(old_i), Ok(new_i)) =
            (isize::try_from(edits), isize::try_from(old_at), isize::try_from(new_at))
        else {
            break;
        };
        let diagonal = old_i - new_i;
        // The snapshot starts at diagonal −edits (clamped by the offset).
        let base = offset - edits.min(offset);
        let reach = |diagonal: isize| {
            offset.checked_add_signed(diagonal).and_then(|i| i.checked_sub(base)).and_then(|i| snapshot.get(i)).copied()
        };
        let down = diagonal == -span
            || (diagonal != span && reach(diagonal - 1).unwrap_or(0) < reach(diagonal + 1).unwrap_or(0));
        let previous = if down { diagonal + 1 } else { diagonal - 1 };
        let previous_old = reach(previous).unwrap_or(0);
        let previous_new = usize::try_from(isize::try_from(previous_old).unwrap_or(0) - previous).unwrap_or(0);
        while old_at > previous_old && new_at > previous_new {
            old_at -= 1;
            new_at -= 1;
            ops.push(Op::Same(old_at, new_at));
        }
        if edits > 0 {
            if down {
                new_at -= 1;
                ops.push(Op::Added(new_at));
            } else {
                old_at -= 1;
                ops.push(Op::Removed(old_at));
            }
        }
    }
    ops.reverse();
    ops
}

/// The ranges of `ops` shown as hunks: each change with [`CONTEXT`] lines around it, changes
/// closer than twice that joined.
fn hunks(ops: &[Op]) -> Vec<(usize, usize)> {
    let changes: Vec<usize> =
        ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Same(..))).map(|(i, _)| i).collect();
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for i in changes {
        let start = i.saturating_sub(CONTEXT);
        let end = (i + 1 + CONTEXT).min(ops.len());
        match hunks.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => hunks.push((start, end)),
        }
    }
    hunks
}

fn write_hunk(ops: &[Op], a: &[&str], b: &[&str], out: &mut String) {
    let old_count = ops.iter().filter(|op| !matches!(op, Op::Added(_))).count();
    let new_count = ops.iter().filter(|op| !matches!(op, Op::Removed(_))).count();
    // Where the hunk starts in each file (1-based; an empty range names the line before it).
    let old_start = ops.iter().find_map(|op| match op {
        Op::Same(i, _) | Op::Removed(i) => Some(*i),
        Op::Added(_) => None,
    });
    let new_start = ops.iter().find_map(|op| match op {
        Op::Same(_, j) | Op::Added(j) => Some(*j),
        Op::Removed(_) => None,
    });
    // 1-based; a side with no line in the hunk (an empty file) starts at 0, as git writes it.
    let start = |first: Option<usize>, count: usize| if count == 0 { 0 } else { first.map_or(0, |i| i + 1) };
    let _ = writeln!(
        out,
        "@@ -{},{old_count} +{},{new_count} @@",
        start(old_start, old_count),
        start(new_start, new_count)
    );
    for op in ops {
        let (mark, line) = match *op {
            Op::Same(i, _) => (' ', a.get(i)),
            Op::Removed(i) => ('-', a.get(i)),
            Op::Added(j) => ('+', b.get(j)),
        };
        let _ = writeln!(out, "{mark}{}", line.copied().unwrap_or_default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_shown_with_three_lines_of_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(
            unified(old, new, "a/x.json", "b/x.json"),
            "--- a/x.json\n+++ b/x.json\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn the_same_lines_give_nothing_and_far_changes_give_two_hunks() {
        assert_eq!(unified("a\nb\n", "a\nb", "o", "n"), "");
        let line = |i: usize| match i {
            2 => "two".to_owned(),
            25 => "twenty-five".to_owned(),
            i => i.to_string(),
        };
        let old: String = (0..30).map(|i| i.to_string() + "\n").collect();
        let new: String = (0..30).map(|i| line(i) + "\n").collect();
        let text = unified(&old, &new, "o", "n");
        assert_eq!(text.matches("@@ -").count(), 2, "{text}");
        assert!(text.contains("-25\n+twenty-five\n"), "{text}");
    }

    #[test]
    fn added_and_removed_files_and_a_rewrite_past_the_search_bound() {
        assert_eq!(unified("", "x\ny\n", "/dev/null", "b/f"), "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n");
        assert_eq!(unified("x\n", "", "a/f", "/dev/null"), "--- a/f\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n");
        let old: String = (0..3_000).map(|i| "old ".to_owned() + &i.to_string() + "\n").collect();
        let new: String = (0..3_000).map(|i| "new ".to_owned() + &i.to_string() + "\n").collect();
        let text = unified(&old, &new, "o", "n");
        assert_eq!(text.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).count(), 3_000);
        assert_eq!(text.lines().filter(|l| l.starts_with('+') && !l.starts_with("+++")).count(), 3_000);
    }

    #[test]
    fn the_script_is_the_shortest() {
        let a = ["a", "b", "c", "a", "b", "b", "a"];
        let b = ["c", "b", "a", "b", "a", "c"];
        let ops = script(&a, &b);
        let edits = ops.iter().filter(|op| !matches!(op, Op::Same(..))).count();
        assert_eq!(edits, 5);
        // Replaying the script gives `b`.
        let rebuilt: Vec<&str> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Same(i, _) => Some(a[*i]),
                Op::Added(j) => Some(b[*j]),
                Op::Removed(_) => None,
            })
            .collect();
        assert_eq!(rebuilt, b);
    }
}
