//! The edit distance behind word spelling correction: a misspelt word is measured against the
//! known words of its initial, and given up on as soon as the distance must exceed the small edit
//! allowed, so most comparisons stop after a row or two.

/// The optimal string alignment distance of `a` and `b` (edits and adjacent transpositions, as
/// `strsim::osa_distance`) when it is at most `limit`, else `None`. ASCII words are measured in
/// place, without allocating, and given up on as soon as no alignment can stay within `limit`.
pub fn osa_within(word: &str, known: &str, limit: usize) -> Option<usize> {
    const MAX: usize = 48;
    let (a, b) = (word.as_bytes(), known.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || a.len().max(b.len()) >= MAX {
        let d = strsim::osa_distance(word, known);
        return (d <= limit).then_some(d);
    }
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Three rows of the dynamic programme, used in turn: row i is `rows[i % 3]`.
    let mut rows = [[0u8; MAX]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j as u8;
    }
    let limit_u8 = limit.min(MAX) as u8;
    let mut last_min = 0u8;
    for i in 1..=a.len() {
        let [r0, r1, r2] = &mut rows;
        let (before, prev, cur) = match i % 3 {
            0 => (&*r1, &*r2, r0),
            1 => (&*r2, &*r0, r1),
            _ => (&*r0, &*r1, r2),
        };
        cur[0] = i as u8;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // Later cells come from this row, or from the last by a transposition costing 1.
        if row_min > limit_u8 && last_min + 1 > limit_u8 {
            return None;
        }
        last_min = row_min;
    }
    let d = usize::from(rows[a.len() % 3][b.len()]);
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osa_within_agrees_with_strsim() {
        // Every pair of words up to 5 letters over a 3-letter alphabet, and some real ones.
        let mut words = vec![String::new()];
        for len in 1..=5 {
            let mut n = 3usize.pow(len);
            while n > 0 {
                n -= 1;
                let w: String = (0..len)
                    .map(|k| ['a', 'b', 'c'][n / 3usize.pow(k) % 3])
                    .collect();
                words.push(w);
            }
        }
        words.extend(
            [
                "physiotherapy",
                "physiotehrapy",
                "assistnat",
                "assistant",
                "é",
                "ée",
            ]
            .map(String::from),
        );
        words.push("a".repeat(300));
        for a in &words {
            for b in &words {
                let d = strsim::osa_distance(a, b);
                for limit in [0, 1, 2, 3, 400] {
                    assert_eq!(
                        osa_within(a, b, limit),
                        (d <= limit).then_some(d),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }
}
