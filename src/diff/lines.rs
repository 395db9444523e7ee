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
const MAX_EDITS: usize = 2_000;

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
fn script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    let middle = myers(a_mid, b_mid)
        .unwrap_or_else(|| (0..a_mid.len()).map(Op::Removed).chain((0..b_mid.len()).map(Op::Added)).collect());
    ops.extend(middle.into_iter().map(|op| match op {
        Op::Same(i, j) => Op::Same(i + prefix, j + prefix),
        Op::Removed(i) => Op::Removed(i + prefix),
        Op::Added(j) => Op::Added(j + prefix),
    }));
    let (a_end, b_end) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|i| Op::Same(a_end + i, b_end + i)));
    ops
}

/// The shortest edit script from `a` to `b`, or `None` past [`MAX_EDITS`] edits.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Op>> {
    let (n, m) = (a.len(), b.len());
    let bound = (n + m).min(MAX_EDITS);
    let offset = bound + 1;
    // v[offset + k]: the furthest x reached on diagonal k; trace[d]: v around diagonal 0 before
    // step d, kept for the way back.
    let mut v = vec![0usize; 2 * offset + 1];
    let mut trace: Vec<Vec<usize>> = Vec::new();
    let x_at = |v: &[usize], k: isize| v.get(offset.checked_add_signed(k)?).copied();
    for d in 0..=bound {
        let di = isize::try_from(d).ok()?;
        trace.push(v.get(offset - d.min(offset)..=offset + d + 1)?.to_vec());
        let mut k = -di;
        while k <= di {
            let down = k == -di || (k != di && x_at(&v, k - 1)? < x_at(&v, k + 1)?);
            let mut x = if down { x_at(&v, k + 1)? } else { x_at(&v, k - 1)? + 1 };
            let mut y = usize::try_from(isize::try_from(x).ok()? - k).ok()?;
            while x < n && y < m && a.get(x) == b.get(y) {
                x += 1;
                y += 1;
            }
            *v.get_mut(offset.checked_add_signed(k)?)? = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, offset, n, m));
            }
            k += 2;
        }
    }
    None
}

/// Walks the trace from the end back to the start, collecting the script.
fn backtrack(trace: &[Vec<usize>], offset: usize, n: usize, m: usize) -> Vec<Op> {
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, snapshot) in trace.iter().enumerate().rev() {
        let (Ok(di), Ok(xi), Ok(yi)) = (isize::try_from(d), isize::try_from(x), isize::try_from(y)) else { break };
        let k = xi - yi;
        // The snapshot starts at diagonal -(d) (clamped by the offset).
        let base = offset - d.min(offset);
        let at = |k: isize| {
            offset.checked_add_signed(k).and_then(|i| i.checked_sub(base)).and_then(|i| snapshot.get(i)).copied()
        };
        let down = k == -di || (k != di && at(k - 1).unwrap_or(0) < at(k + 1).unwrap_or(0));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = at(prev_k).unwrap_or(0);
        let prev_y = usize::try_from(isize::try_from(prev_x).unwrap_or(0) - prev_k).unwrap_or(0);
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push(Op::Same(x, y));
        }
        if d > 0 {
            if down {
                y -= 1;
                ops.push(Op::Added(y));
            } else {
                x -= 1;
                ops.push(Op::Removed(x));
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
        let old: String = (0..30).map(|i| format!("{i}\n")).collect();
        let new: String = (0..30).map(|i| format!("{}\n", line(i))).collect();
        let text = unified(&old, &new, "o", "n");
        assert_eq!(text.matches("@@ -").count(), 2, "{text}");
        assert!(text.contains("-25\n+twenty-five\n"), "{text}");
    }

    #[test]
    fn added_and_removed_files_and_a_rewrite_past_the_search_bound() {
        assert_eq!(unified("", "x\ny\n", "/dev/null", "b/f"), "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n");
        assert_eq!(unified("x\n", "", "a/f", "/dev/null"), "--- a/f\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n");
        let old: String = (0..3_000).map(|i| format!("old {i}\n")).collect();
        let new: String = (0..3_000).map(|i| format!("new {i}\n")).collect();
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
